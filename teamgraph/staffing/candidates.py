"""Talent search for one task: everyone who could take it, ranked, with the why of each score
and what choosing them would do to the account's coverage.

Scores are the solver's own pair utilities (solver.pairs), computed on the task's slice of the
compiled plan, and who may be chosen is the compiler's own verdict (staffing.eligibility), so
"why is she first here", "why is he blocked" and "why did the solver pick her" agree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

import solver
from solver.pairs import SCALE, candidate_pairs
from teamgraph.config import Settings
from teamgraph.errors import DomainError
from teamgraph.plans.models import Task
from teamgraph.rows import get_row
from teamgraph.staffing.compile import compile_plan, store_id, tid


@dataclass(frozen=True)
class CoverageEffect:
    """Threads the person would gain with the task's contacts (working together builds them)."""

    new_threads: tuple[int, ...]  # contacts they have no thread with yet
    newly_covered: tuple[int, ...]  # of those, contacts nobody has a thread with today
    sole_threads_relieved: tuple[int, ...]  # of those, contacts hanging on one thread today
    decision_makers_newly_covered: int


@dataclass(frozen=True)
class Candidate:
    person_id: int
    utility: float  # points, the solver's pair utility
    why: tuple[tuple[str, float], ...]  # terms adding up to `utility`
    eligible: bool  # the solver may choose them
    blocked_by: tuple[str, ...]  # why not eligible, in words
    missing_mandatory: tuple[str, ...]  # mandatory skills they lack: they join beside a holder
    free_hours: float  # in the task's window, after all their other open work and this task
    effect: CoverageEffect

    @property
    def covers_mandatory(self) -> bool:
        return not self.missing_mandatory

    @property
    def fits_capacity(self) -> bool:
        return self.free_hours >= 0


MAX_CANDIDATES = 100


def rank_candidates(
    session: Session,
    task_id: int,
    *,
    settings: Settings,
    as_of: dt.date | None = None,
    include_ineligible: bool = False,
    first: int = MAX_CANDIDATES,
) -> list[Candidate]:
    """The task's `first` candidates (1..MAX_CANDIDATES), best first: eligible before not, then
    by utility, then by the coverage they would add."""
    if not 1 <= first <= MAX_CANDIDATES:
        raise DomainError(f"must be between 1 and {MAX_CANDIDATES}", field="first")
    task = get_row(session, Task, task_id, field="task")
    compiled = compile_plan(session, task.plan_id, settings=settings, as_of=as_of)
    data = compiled.problem
    mine = [t for t in data["tasks"] if t["id"] == tid(task_id)]
    if not mine:
        raise DomainError(f"the task is {task.status}: only open tasks are staffed", field="task")
    spec = mine[0]
    problem = solver.parse_problem(
        {
            **data,
            "tasks": [spec],
            "pins": [],
            "pairs": [],
            "current": [a for a in data["current"] if a["task"] == spec["id"]],
            "eligibility": "all",
        }
    )
    found = candidate_pairs(problem)
    scored = {problem.people[p.person].id: p for p in found.pairs}
    holders: dict[str, set[str]] = defaultdict(set)
    for r in data["relationships"]:
        holders[r["contact"]].add(r["person"])
    deciders = {c["id"] for c in data["contacts"] if c["decision_maker"]}
    facts = compiled.facts
    ranked = []
    for person in problem.people:
        pair = scored.get(person.id)
        verdict = facts.verdict(store_id(person.id), task_id)
        if not include_ineligible and not verdict.eligible:
            continue
        mine_threads = {c for c in spec["contacts"] if person.id in holders[c]}
        new = [c for c in spec["contacts"] if c not in mine_threads]
        ranked.append(
            Candidate(
                person_id=store_id(person.id),
                utility=(pair.utility if pair else 0) / SCALE,
                why=tuple((term, value / SCALE) for term, value in pair.why) if pair else (),
                eligible=verdict.eligible,
                blocked_by=verdict.reasons,
                missing_mandatory=verdict.missing_mandatory,
                free_hours=facts.free_for_task(store_id(person.id), task_id),
                effect=CoverageEffect(
                    new_threads=tuple(store_id(c) for c in new),
                    newly_covered=tuple(store_id(c) for c in new if not holders[c]),
                    sole_threads_relieved=tuple(store_id(c) for c in new if len(holders[c]) == 1),
                    decision_makers_newly_covered=sum(
                        1 for c in new if c in deciders and not holders[c]
                    ),
                ),
            )
        )
    ranked.sort(
        key=lambda c: (
            not c.eligible,
            -c.utility,
            -len(c.effect.newly_covered) - len(c.effect.sole_threads_relieved),
            c.person_id,
        )
    )
    return ranked[:first]
