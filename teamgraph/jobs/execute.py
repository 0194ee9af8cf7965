"""What a solve job computes, from its stored input: the one function both a worker and a
waiting request (`wait: true`) call, so a job's answer is the synchronous answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

import solver
from teamgraph.config import Settings
from teamgraph.db import Actor
from teamgraph.jobs.models import JobKind
from teamgraph.plans.models import Proposal
from teamgraph.staffing import assemble
from teamgraph.staffing.assemble import WhatIf
from teamgraph.staffing.compile import StaffingOptions


@dataclass(frozen=True)
class Answer:
    proposal: Proposal
    # A what-if's figures (see `what_if_outcome`); None for an assembly.
    outcome: dict[str, Any] | None = None


def assemble_input(
    *,
    time_limit: float | None,
    weights: dict[str, float | None] | None,
    seed: int,
    release: list[tuple[int, int]],
) -> dict[str, Any]:
    """An assembly's input as the job row keeps it (JSON)."""
    return {
        "time_limit": time_limit,
        "weights": {k: v for k, v in (weights or {}).items() if v is not None},
        "seed": seed,
        "release": [list(pair) for pair in release],
    }


def what_if_input(remove_people: set[int]) -> dict[str, Any]:
    return {"remove_people": sorted(remove_people)}


def check_input(
    session: Session, kind: JobKind, plan_id: int, job_input: dict[str, Any], settings: Settings
) -> None:
    """Refuse now what the solve would refuse later (a time limit out of range, a release that
    is not an assignment, a person who does not exist), naming the input field."""
    if kind is JobKind.ASSEMBLE:
        _options(job_input, settings)
        assemble.check_release(session, plan_id, _release(job_input))
    else:
        assemble.check_leaving(session, set(job_input["remove_people"]))


def execute(
    session: Session,
    kind: JobKind,
    plan_id: int,
    job_input: dict[str, Any],
    *,
    settings: Settings,
    actor: Actor | None,
    progress: solver.Progress | None = None,
    stop: solver.Stop | None = None,
) -> Answer:
    """Solve as the job asks and store the proposal (in `session`, not committed)."""
    if kind is JobKind.ASSEMBLE:
        return Answer(
            proposal=assemble.assemble_team(
                session,
                plan_id,
                settings=settings,
                options=_options(job_input, settings),
                actor=actor,
                release=_release(job_input),
                progress=progress,
                stop=stop,
            )
        )
    found = assemble.what_if(
        session,
        plan_id,
        set(job_input["remove_people"]),
        settings=settings,
        actor=actor,
        progress=progress,
        stop=stop,
    )
    return Answer(proposal=found.proposal, outcome=what_if_outcome(found))


def what_if_outcome(found: WhatIf) -> dict[str, Any]:
    """A what-if's figures as the job row keeps them (JSON); the proposal is a column."""
    return {
        "removed": list(found.removed),
        "coverage_now": found.coverage_now,
        "coverage_without": found.coverage_without,
        "lost": [list(pair) for pair in found.lost],
        "added": [list(pair) for pair in found.added],
        "dropped": [list(pair) for pair in found.dropped],
        "newly_unfilled": list(found.newly_unfilled),
    }


def _options(job_input: dict[str, Any], settings: Settings) -> StaffingOptions:
    return assemble.solve_options(
        settings,
        time_limit=job_input.get("time_limit"),
        weights=job_input.get("weights") or None,
        seed=int(job_input.get("seed", 0)),
    )


def _release(job_input: dict[str, Any]) -> list[tuple[int, int]]:
    return [(int(p), int(t)) for p, t in job_input.get("release", [])]
