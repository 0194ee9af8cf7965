"""Every kind of plan change leaves a trace (who, when, entity, field, old -> new)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.plans.models import Assignment, PlanChange, Review, TaskContact, TaskSkill
from tests import factories


def changes(session: Session, plan_id: int) -> list[PlanChange]:
    session.flush()
    return list(
        session.scalars(
            select(PlanChange).where(PlanChange.plan_id == plan_id).order_by(PlanChange.id)
        )
    )


def test_creating_a_plan_and_its_parts_is_traced(session: Session) -> None:
    account = factories.account(session)
    plan = factories.plan(session, account.id, name="FY27")
    objective = factories.objective(session, plan.id, title="Grow")
    task = factories.task(session, plan.id, objective_id=objective.id)
    rows = changes(session, plan.id)
    assert [(r.entity, r.action) for r in rows] == [
        ("plan", "create"),
        ("objective", "create"),
        ("task", "create"),
    ]
    assert json.loads(rows[0].new_value or "{}")["name"] == "FY27"
    assert rows[2].entity_id == str(task.id)
    assert all(r.actor == "test@ledgerline.example" for r in rows)
    assert all(r.changed_at is not None for r in rows)


def test_updates_record_each_changed_field_with_old_and_new(session: Session) -> None:
    plan = factories.plan(session, factories.account(session).id, status="draft")
    task = factories.task(session, plan.id, effort_hours=8.0, title="Research")
    before = len(changes(session, plan.id))
    plan.status = "active"
    task.effort_hours = 12.5
    task.title = "Research the claims process"
    task.due = dt.date(2027, 3, 1)
    rows = changes(session, plan.id)[before:]
    got = {(r.entity, r.field, r.old_value, r.new_value) for r in rows}
    assert got == {
        ("plan", "status", "draft", "active"),
        ("task", "effort_hours", "8.0", "12.5"),
        ("task", "title", "Research", "Research the claims process"),
        ("task", "due", None, "2027-03-01"),
    }
    assert {r.action for r in rows} == {"update"}


def test_setting_a_field_to_its_current_value_is_not_a_change(session: Session) -> None:
    plan = factories.plan(session, factories.account(session).id, status="draft")
    before = len(changes(session, plan.id))
    plan.status = "draft"
    assert changes(session, plan.id)[before:] == []


def test_skills_contacts_assignments_reviews_and_deletes_are_traced(session: Session) -> None:
    account = factories.account(session)
    plan = factories.plan(session, account.id)
    task = factories.task(session, plan.id)
    skill = factories.skill(session)
    person = factories.person(session)
    contact = factories.contact(session, account.id)
    before = len(changes(session, plan.id))
    session.add_all(
        [
            TaskSkill(task_id=task.id, skill_id=skill.id, level=3, mandatory=True, weight=1.0),
            TaskContact(task_id=task.id, contact_id=contact.id),
            Assignment(task_id=task.id, person_id=person.id, role="lead"),
            Review(plan_id=plan.id, held_on=dt.date(2027, 3, 31), notes="on track"),
        ]
    )
    session.flush()
    assignment = session.scalar(select(Assignment).where(Assignment.task_id == task.id))
    assert assignment is not None
    assignment.pinned = True
    session.flush()
    session.delete(assignment)
    rows = changes(session, plan.id)[before:]
    assert [(r.entity, r.action, r.field) for r in rows] == [
        ("task_skill", "create", ""),
        ("task_contact", "create", ""),
        ("assignment", "create", ""),
        ("review", "create", ""),
        ("assignment", "update", "pinned"),
        ("assignment", "delete", ""),
    ]
    assert rows[4].old_value == "false" and rows[4].new_value == "true"
    assert json.loads(rows[5].old_value or "{}")["person_id"] == str(person.id)
    assert rows[0].entity_id == f"{task.id}/{skill.id}"


def test_history_is_per_plan(session: Session) -> None:
    account = factories.account(session)
    a = factories.plan(session, account.id)
    b = factories.plan(session, account.id)
    factories.task(session, b.id)
    assert [r.entity for r in changes(session, a.id)] == ["plan"]
    assert [r.entity for r in changes(session, b.id)] == ["plan", "task"]
