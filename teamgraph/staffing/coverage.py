"""The account's coverage before and after a proposed team.

Working on a task with its contacts builds relationships: each assignee is counted as gaining
a thread of strength `NEW_THREAD_STRENGTH`, as of today, with each contact the task engages
(unless they already have a stronger one). The "after" figures come from the same network
analysis as the "before" ones, on the account's rows plus those relationships.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from solver import Result
from teamgraph.config import Settings
from teamgraph.network.coverage import Coverage, analyse
from teamgraph.network.graph import AccountRows, RelationshipRow, build_account_graph
from teamgraph.network.store import load_account_rows, load_person_rows
from teamgraph.plans.models import TaskContact
from teamgraph.staffing.compile import store_id

NEW_THREAD_STRENGTH = 0.5


def summary(coverage: Coverage) -> dict[str, Any]:
    b, r = coverage.breadth, coverage.risk
    return {
        "breadth_index": b.index,
        "contacts": b.contacts,
        "covered": b.covered,
        "multi_threaded": b.multi_threaded,
        "decision_makers_covered": b.decision_makers_covered,
        "sole_threaded": len(r.sole_threads),
        "people_engaged": b.people_engaged,
        "bus_factor": r.bus_factor.size,
    }


def account_summary(
    session: Session, account_id: int, *, settings: Settings, as_of: dt.date | None = None
) -> dict[str, Any]:
    """The account's coverage figures as they stand."""
    rows = load_account_rows(session, account_id, shared_tasks=False)
    return _analyse(rows, settings, as_of or dt.date.today())


def before_and_after(
    session: Session,
    account_id: int,
    result: Result,
    *,
    settings: Settings,
    as_of: dt.date,
    remove_people: frozenset[int] = frozenset(),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Coverage before the proposed team and after it; with `remove_people`, both without
    those people's relationships (what-if: they have left)."""
    rows = load_account_rows(session, account_id, shared_tasks=False)
    if remove_people:
        rows = replace(
            rows,
            relationships=[r for r in rows.relationships if r.person_id not in remove_people],
        )
    before = _analyse(rows, settings, as_of)
    task_ids = {store_id(a.task) for a in result.assignments}
    engaged: dict[int, list[int]] = {}
    for task_id, contact_id in session.execute(
        select(TaskContact.task_id, TaskContact.contact_id).where(TaskContact.task_id.in_(task_ids))
    ):
        engaged.setdefault(task_id, []).append(contact_id)
    existing = {(r.person_id, r.contact_id): r for r in rows.relationships}
    added: dict[tuple[int, int], RelationshipRow] = {}
    for a in result.assignments:
        person_id = store_id(a.person)
        for contact_id in engaged.get(store_id(a.task), []):
            known = existing.get((person_id, contact_id))
            if known is None or known.strength < NEW_THREAD_STRENGTH:
                added[(person_id, contact_id)] = RelationshipRow(
                    person_id, contact_id, NEW_THREAD_STRENGTH, as_of
                )
    people = dict(rows.people)
    people.update(load_person_rows(session, {p for p, _ in added} - set(people)))
    relationships = [r for r in rows.relationships if (r.person_id, r.contact_id) not in added]
    after = _analyse(
        replace(rows, people=people, relationships=relationships + list(added.values())),
        settings,
        as_of,
    )
    return before, after


def _analyse(rows: AccountRows, settings: Settings, as_of: dt.date) -> dict[str, Any]:
    graph = build_account_graph(
        rows,
        as_of=as_of,
        half_life_days=settings.decay_half_life_days,
        threshold=settings.thread_threshold,
        colleague_ties=False,
    )
    return summary(
        analyse(graph, as_of=as_of, stale_after_days=settings.stale_after_days, draw=False)
    )
