"""Traces every change to a plan and what hangs off it (who, when, entity, field, old -> new).

A listener on every SQLAlchemy session does it at flush time, so no service (nor any future
caller) can change a plan without leaving a trace, and none has to remember to write one.
The actor is `session.info["actor"]` (teamgraph.db.Actor), set by whoever opens the unit of
work: its text and, when a person made the change, that person.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from teamgraph.db import actor_of
from teamgraph.orm import Base, utcnow
from teamgraph.plans.models import (
    Assignment,
    Objective,
    Plan,
    PlanChange,
    Review,
    Task,
    TaskContact,
    TaskSkill,
)

TRACED: dict[type[Base], str] = {
    Plan: "plan",
    Objective: "objective",
    Task: "task",
    TaskSkill: "task_skill",
    TaskContact: "task_contact",
    Assignment: "assignment",
    Review: "review",
}
# Book-keeping columns whose change is not a change of the plan's content.
UNTRACED_COLUMNS = {"version", "created_at"}


def render(value: Any) -> str | None:
    """A value as history text: ISO dates, JSON for structures, None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _columns(obj: Base) -> list[str]:
    return [str(c.key) for c in inspect(type(obj)).column_attrs if c.key not in UNTRACED_COLUMNS]


def _entity_id(obj: Base) -> str:
    identity = inspect(obj).identity
    if identity is None:
        identity = tuple(getattr(obj, str(k.key)) for k in inspect(type(obj)).primary_key)
    return "/".join(str(part) for part in identity)


def _plan_id(session: Session, obj: Base) -> int | None:
    if isinstance(obj, Plan):
        return obj.id
    if isinstance(obj, Objective | Task | Review):
        return obj.plan_id
    task_id = obj.task_id  # type: ignore[attr-defined]  # TaskSkill, TaskContact, Assignment
    task = session.identity_map.get(inspect(Task).identity_key_from_primary_key((task_id,)))
    if task is not None:
        return task.plan_id
    conn = session.connection()
    return conn.scalar(select(Task.plan_id).where(Task.id == task_id))


def _summary(obj: Base) -> str:
    return json.dumps({k: render(getattr(obj, k)) for k in _columns(obj)}, sort_keys=True)


def _changes(session: Session) -> list[dict[str, Any]]:
    actor = actor_of(session)
    now = utcnow()
    rows: list[dict[str, Any]] = []

    def add(obj: Base, action: str, field: str = "", old: Any = None, new: Any = None) -> None:
        plan_id = _plan_id(session, obj)
        if plan_id is None:
            return
        rows.append(
            {
                "plan_id": plan_id,
                "changed_at": now,
                "actor": actor.label,
                "actor_person_id": actor.person_id,
                "entity": TRACED[type(obj)],
                "entity_id": _entity_id(obj),
                "action": action,
                "field": field,
                "old_value": old,
                "new_value": new,
            }
        )

    for obj in session.new:
        if type(obj) in TRACED:
            add(obj, "create", new=_summary(obj))
    for obj in session.dirty:
        if type(obj) not in TRACED or not session.is_modified(obj):
            continue
        state = inspect(obj)
        for key in _columns(obj):
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if render(old) != render(new):
                add(obj, "update", key, render(old), render(new))
    for obj in session.deleted:
        # A deleted plan takes its history with it (ON DELETE CASCADE): nothing to trace.
        if type(obj) in TRACED and not isinstance(obj, Plan):
            add(obj, "delete", old=_summary(obj))
    return rows


@event.listens_for(Session, "after_flush")
def _trace(session: Session, _flush: UOWTransaction) -> None:
    rows = _changes(session)
    if rows:
        session.connection().execute(insert(PlanChange), rows)
