"""What a proposal was computed from, kept as a fingerprint so that accepting it can tell
whether anything changed since, whatever the cause.

The fingerprint hashes each part of the compiled problem (people and their capacity, tasks
and their requirements, relationships, conflicts, pins, the current team, weights) and two
facts the problem does not spell out: which people are inactive and the status of each skill
the tasks require. Accepting compiles the plan again with the proposal's own options and date
and compares part by part: any difference refuses the accept and says, in words, what moved.
A task edit, a skill merged or retired, a person deactivated, time off or a conflict of
interest added: each shows as a changed part, with no list of causes to keep up to date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.catalogue.models import Skill
from teamgraph.config import Settings
from teamgraph.errors import DomainError
from teamgraph.plans.models import Proposal
from teamgraph.staffing.compile import CompiledPlan, StaffingOptions, compile_plan, store_id

# Each part of the fingerprint, in the words a KAM lead reads when it changed.
PARTS = {
    "people": "the people who could be chosen, their skills, capacity or other work",
    "tasks": "the tasks or what they require",
    "contacts": "the account's contacts",
    "relationships": "relationships with the account's contacts",
    "conflicts": "conflicts of interest",
    "pins": "the assignments that must be kept",
    "current": "the current team",
    "weights": "the weights",
    "inactive": "who is active",
    "skills": "a skill the tasks require (merged, retired or restored)",
}


def fingerprint(session: Session, compiled: CompiledPlan) -> dict[str, str]:
    """A hash of each part of what `compiled` was built from (see the module)."""
    problem = compiled.problem
    people = [store_id(p["id"]) for p in problem["people"]]
    skills = sorted({store_id(r["skill"]) for t in problem["tasks"] for r in t["skills"]})
    facts: dict[str, Any] = {key: value for key, value in problem.items() if key != "format"}
    # Who is active was read when compiling (eligibility's facts): not read again.
    known = compiled.facts.people
    facts["inactive"] = sorted(p for p in people if p in known and not known[p].active)
    facts["skills"] = [
        [skill_id, status]
        for skill_id, status in session.execute(
            select(Skill.id, Skill.status).where(Skill.id.in_(skills)).order_by(Skill.id)
        )
    ]
    return {key: _digest(value) for key, value in sorted(facts.items())}


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def options_to_json(options: StaffingOptions) -> dict[str, Any]:
    """The options a proposal was solved with that shape its problem (not the time limit)."""
    return {
        "weights": dict(sorted(options.weights.items())),
        "stability": options.stability,
        "remove_people": sorted(options.remove_people),
        "release": [list(pair) for pair in sorted(options.release)],
        "soft_required": options.soft_required,
        "seed": options.seed,
    }


def options_from_json(
    data: dict[str, Any], *, time_limit: float = 10.0, workers: int = 2
) -> StaffingOptions:
    return StaffingOptions(
        time_limit=time_limit,
        workers=workers,
        seed=int(data.get("seed", 0)),
        weights={str(k): float(v) for k, v in data.get("weights", {}).items()},
        stability=float(data["stability"]),
        remove_people=frozenset(int(p) for p in data.get("remove_people", [])),
        release=frozenset((int(p), int(t)) for p, t in data.get("release", [])),
        soft_required=bool(data.get("soft_required", False)),
    )


def recompile(
    session: Session, proposal: Proposal, *, settings: Settings, time_limit: float | None = None
) -> CompiledPlan:
    """The proposal's plan compiled again as the proposal was: its options, its date."""
    options = options_from_json(
        proposal.result["options"],
        time_limit=settings.solver_time_limit if time_limit is None else time_limit,
        workers=settings.solver_workers,
    )
    return compile_plan(
        session,
        proposal.plan_id,
        settings=settings,
        options=options,
        as_of=dt.date.fromisoformat(proposal.result["as_of"]),
    )


def changed_since(session: Session, proposal: Proposal, *, settings: Settings) -> list[str]:
    """What changed since the proposal was computed, in words (empty: nothing did)."""
    stored = proposal.result.get("inputs")
    if not stored or "options" not in proposal.result:
        return ["the proposal was made before teamgraph recorded what a proposal is made from"]
    try:
        now = fingerprint(session, recompile(session, proposal, settings=settings))
    except DomainError as error:
        return [error.reason]
    return [
        PARTS.get(part, part)
        for part in sorted(set(stored) | set(now), key=_part_order)
        if stored.get(part) != now.get(part)
    ]


def _part_order(part: str) -> tuple[int, str]:
    order = list(PARTS)
    return (order.index(part) if part in order else len(order), part)
