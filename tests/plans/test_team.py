"""Assigning, unassigning and pinning; the team; who has the ball."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from teamgraph.errors import ConflictError, DomainError, NotFoundError
from teamgraph.plans import team
from teamgraph.plans.team import add_conflict
from tests import factories

D = dt.date


def test_assignment_rules(session: Session) -> None:
    account = factories.account(session)
    task = factories.task(session, factories.plan(session, account.id).id, headcount_max=2)
    ann, bob, cat = (factories.person(session) for _ in range(3))
    barred = factories.person(session)
    add_conflict(session, account_id=account.id, person_id=barred.id)
    team.assign(session, task_id=task.id, person_id=ann.id, role="lead")
    cases = [
        ({"person_id": ann.id}, ConflictError, "personId"),
        ({"person_id": barred.id}, ConflictError, "personId"),
        ({"person_id": bob.id, "role": "lead"}, ConflictError, "role"),
        ({"person_id": bob.id, "role": "boss"}, DomainError, "role"),
        ({"person_id": 999_999}, NotFoundError, "personId"),
    ]
    for kwargs, error, field in cases:
        with pytest.raises(error) as bad, session.begin_nested():
            team.assign(session, task_id=task.id, **kwargs)  # type: ignore[arg-type]
        assert bad.value.field == field, kwargs
    team.assign(session, task_id=task.id, person_id=bob.id)
    with pytest.raises(ConflictError) as full:
        team.assign(session, task_id=task.id, person_id=cat.id)
    assert full.value.field == "taskId"


def test_closed_tasks_and_inactive_people_take_nobody(session: Session) -> None:
    task = factories.task(
        session, factories.plan(session, factories.account(session).id).id, status="done"
    )
    with pytest.raises(ConflictError):
        team.assign(session, task_id=task.id, person_id=factories.person(session).id)
    task.status = "open"
    gone = factories.person(session)
    gone.active = False
    with pytest.raises(DomainError) as inactive:
        team.assign(session, task_id=task.id, person_id=gone.id)
    assert inactive.value.field == "personId"


def test_pin_assigns_when_needed_and_unpins(session: Session) -> None:
    task = factories.task(session, factories.plan(session, factories.account(session).id).id)
    ann = factories.person(session)
    row = team.pin(session, task_id=task.id, person_id=ann.id)
    assert row.pinned and row.role == "member"
    assert not team.pin(session, task_id=task.id, person_id=ann.id, pinned=False).pinned
    with pytest.raises(NotFoundError):
        team.pin(session, task_id=task.id, person_id=factories.person(session).id, pinned=False)
    team.unassign(session, task_id=task.id, person_id=ann.id)
    with pytest.raises(NotFoundError):
        team.unassign(session, task_id=task.id, person_id=ann.id)


def test_team_lists_each_person_once_with_roles(session: Session) -> None:
    plan = factories.plan(session, factories.account(session).id)
    t1 = factories.task(session, plan.id)
    t2 = factories.task(session, plan.id, headcount_max=2)
    ann = factories.person(session, name="Ann")
    bob = factories.person(session, name="Bob")
    team.assign(session, task_id=t1.id, person_id=bob.id, role="lead", pinned=True)
    team.assign(session, task_id=t2.id, person_id=bob.id)
    team.assign(session, task_id=t2.id, person_id=ann.id)
    members = team.teams_by_plan_id(session, [plan.id])[plan.id]
    assert [(m.person_id, m.roles, m.task_ids, m.pinned_task_ids) for m in members] == [
        (ann.id, ("member",), (t2.id,), ()),
        (bob.id, ("lead", "member"), (t1.id, t2.id), (t1.id,)),
    ]


def test_who_has_the_ball(session: Session) -> None:
    plan = factories.plan(session, factories.account(session).id)
    ann = factories.person(session, name="Ann")
    bob = factories.person(session, name="Bob")
    led = factories.task(session, plan.id, title="led", due=D(2027, 3, 10), headcount_max=2)
    shared = factories.task(session, plan.id, title="shared", due=D(2027, 2, 1), headcount_max=2)
    undated = factories.task(session, plan.id, title="undated", status="in_progress")
    factories.task(session, plan.id, title="done", status="done", due=D(2027, 1, 1))
    factories.task(session, plan.id, title="loose", due=D(2027, 5, 1))
    team.assign(session, task_id=led.id, person_id=bob.id, role="lead")
    team.assign(session, task_id=led.id, person_id=ann.id)
    team.assign(session, task_id=shared.id, person_id=ann.id)
    team.assign(session, task_id=shared.id, person_id=bob.id)
    team.assign(session, task_id=undated.id, person_id=ann.id)
    ball = team.who_has_the_ball(session, plan_id=plan.id, as_of=D(2027, 3, 1))
    got = [
        (h.person.name, [(t.task.title, t.overdue, t.days_overdue) for t in h.tasks])
        for h in ball.holders
    ]
    assert got == [
        ("Ann", [("shared", True, 28), ("undated", False, 0)]),
        ("Bob", [("shared", True, 28), ("led", False, 0)]),
    ]
    assert [(t.task.title, t.overdue) for t in ball.unassigned] == [("loose", False)]
