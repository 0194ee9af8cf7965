"""What accepting a proposal does to the plan's current team: who is put on a task (and in
which role), who is taken off, and which kept member becomes a task's lead.

One computation serves the proposal's `additions` and `removals` (listed when it is made) and
the accept that applies them, so the review shows exactly what accepting will do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.people.models import Person
from teamgraph.plans.models import Assignment, AssignmentRole, AssignmentSource, Task


@dataclass(frozen=True)
class Change:
    """A person put on, or taken off, a task: their role there and who made the assignment."""

    person_id: int
    task_id: int
    role: str
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "person": self.person_id,
            "task": self.task_id,
            "role": self.role,
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Change:
        return cls(int(data["person"]), int(data["task"]), str(data["role"]), str(data["source"]))


@dataclass(frozen=True)
class TeamChanges:
    additions: list[Change]
    removals: list[Change]
    kept: list[Assignment]  # current assignments the proposal keeps
    promoted: list[Assignment]  # of those, members who become their task's lead


def team_changes(
    session: Session, task_ids: Sequence[int], proposed: Mapping[tuple[int, int], float]
) -> TeamChanges:
    """The changes from the current team of `task_ids` to the `proposed` (person, task) pairs
    (with their utilities). A task left without a lead gets its member of highest utility as
    lead (then the lowest person id)."""
    existing = {
        (a.person_id, a.task_id): a
        for a in session.scalars(
            select(Assignment).where(Assignment.task_id.in_(task_ids)).order_by(Assignment.id)
        )
    }
    kept = [a for pair, a in existing.items() if pair in proposed]
    removals = [
        Change(a.person_id, a.task_id, a.role, a.source)
        for pair, a in sorted(existing.items())
        if pair not in proposed
    ]
    added = sorted(pair for pair in proposed if pair not in existing)
    members: dict[int, list[tuple[int, bool]]] = defaultdict(list)  # task -> (person, is lead)
    for a in kept:
        members[a.task_id].append((a.person_id, a.role == AssignmentRole.LEAD))
    for person_id, task_id in added:
        members[task_id].append((person_id, False))
    leads: set[tuple[int, int]] = set()
    for task_id, team in members.items():
        if not any(is_lead for _, is_lead in team):
            best = max(team, key=lambda m: (proposed.get((m[0], task_id), 0.0), -m[0]))
            leads.add((best[0], task_id))
    additions = [
        Change(
            person_id,
            task_id,
            AssignmentRole.LEAD if (person_id, task_id) in leads else AssignmentRole.MEMBER,
            AssignmentSource.SOLVER,
        )
        for person_id, task_id in added
    ]
    promoted = [a for a in kept if (a.person_id, a.task_id) in leads]
    return TeamChanges(additions=additions, removals=removals, kept=kept, promoted=promoted)


def in_words(session: Session, changes: Sequence[Change]) -> str:
    """`Ann Lee from "Negotiate terms" (lead, manual); ...`: for a KAM lead's confirmation."""
    people = {
        pk: name
        for pk, name in session.execute(
            select(Person.id, Person.name).where(Person.id.in_({c.person_id for c in changes}))
        )
    }
    titles = {
        pk: title
        for pk, title in session.execute(
            select(Task.id, Task.title).where(Task.id.in_({c.task_id for c in changes}))
        )
    }
    return "; ".join(
        f"{people.get(c.person_id, f'person {c.person_id}')} from "
        f'"{titles.get(c.task_id, f"task {c.task_id}")}" ({c.role}, {c.source})'
        for c in changes
    )
