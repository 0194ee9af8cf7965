"""A solver result as a table a KAM lead reads: people and tasks by name, with the why."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from solver import Result
from teamgraph.people.models import Person
from teamgraph.plans.models import Task
from teamgraph.staffing.compile import store_id


def team_report(session: Session, result: Result) -> str:
    people = dict(
        session.execute(
            select(Person.id, Person.name).where(
                Person.id.in_({store_id(a.person) for a in result.assignments})
            )
        ).all()
    )
    task_ids = {store_id(a.task) for a in result.assignments} | {
        store_id(u.task) for u in result.unfilled
    }
    titles = dict(session.execute(select(Task.id, Task.title).where(Task.id.in_(task_ids))).all())
    lines = [f"status {result.status}, objective {result.objective}, bound {result.bound}"]
    for a in result.assignments:
        why = ", ".join(f"{w.term} {w.value:g}" for w in a.why) or "-"
        lines.append(f"  {titles[store_id(a.task)]}: {people[store_id(a.person)]} ({why})")
    for u in result.unfilled:
        lines.append(
            f"  UNFILLED {titles[store_id(u.task)]} (missing {u.missing}): {'; '.join(u.reasons)}"
        )
    for reason in result.infeasible or ():
        lines.append(f"  INFEASIBLE: {reason}")
    return "\n".join(lines) + "\n"
