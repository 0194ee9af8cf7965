"""Plan services: plans with optimistic versions, objectives, tasks, reviews."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.catalogue.models import Skill
from teamgraph.catalogue.retire import retire_skill
from teamgraph.errors import ConflictError, DomainError, NotFoundError
from teamgraph.pagination import PageRequest
from teamgraph.plans import reviews, service, tasks, team
from teamgraph.plans.models import PlanChange, TaskContact, TaskSkill
from tests import factories

D = dt.date


def test_create_and_update_plan_checks_period_status_and_name(session: Session) -> None:
    account = factories.account(session)
    plan = service.create_plan(
        session,
        account_id=account.id,
        name="FY27",
        period_start=D(2027, 1, 1),
        period_end=D(2027, 12, 31),
    )
    assert plan.status == "draft" and plan.version == 1
    with pytest.raises(DomainError) as order:
        service.create_plan(
            session,
            account_id=account.id,
            name="X",
            period_start=D(2027, 2, 1),
            period_end=D(2027, 1, 1),
        )
    assert order.value.field == "periodEnd"
    with pytest.raises(ConflictError) as clash:
        service.create_plan(
            session,
            account_id=account.id,
            name="FY27",
            period_start=D(2027, 1, 1),
            period_end=D(2027, 2, 1),
        )
    assert clash.value.field == "name"
    service.update_plan(session, plan_id=plan.id, status="active", expected_version=1)
    assert plan.status == "active" and plan.version == 2
    with pytest.raises(DomainError) as status:
        service.update_plan(session, plan_id=plan.id, status="paused")
    assert status.value.field == "status"
    with pytest.raises(DomainError) as period:
        service.update_plan(session, plan_id=plan.id, period_end=D(2026, 1, 1))
    assert period.value.field == "periodEnd"


def test_a_stale_expected_version_is_a_conflict(session: Session) -> None:
    plan = factories.plan(session, factories.account(session).id)
    service.update_plan(session, plan_id=plan.id, name="Renamed", expected_version=1)
    with pytest.raises(ConflictError) as stale:
        service.update_plan(session, plan_id=plan.id, name="Mine", expected_version=1)
    assert stale.value.field == "expectedVersion"


def test_every_change_inside_a_plan_moves_its_version(session: Session) -> None:
    plan = factories.plan(session, factories.account(session).id)
    objective = service.create_objective(session, plan_id=plan.id, title="Grow", target=10)
    task = tasks.create_task(session, plan_id=plan.id, kind="pitch", title="Pitch", effort_hours=4)
    team.assign(session, task_id=task.id, person_id=factories.person(session).id)
    reviews.record_review(session, plan_id=plan.id, held_on=D(2027, 3, 1))
    service.update_objective(session, objective_id=objective.id, current=2)
    session.flush()
    assert plan.version == 6


def test_tasks_validate_objective_skills_and_contacts(session: Session) -> None:
    account = factories.account(session)
    plan = factories.plan(session, account.id)
    other_plan = factories.plan(session, account.id)
    foreign = factories.objective(session, other_plan.id)
    skill = factories.skill(session)
    retired = factories.skill(session)
    retired.status = "retired"
    contact = factories.contact(session, account.id)
    stranger = factories.contact(session, factories.account(session).id)
    base = {"plan_id": plan.id, "kind": "research", "title": "Dig", "effort_hours": 5.0}
    cases = [
        ({"objective_id": foreign.id}, DomainError, "objectiveId"),
        ({"objective_id": 999_999}, NotFoundError, "objectiveId"),
        ({"effort_hours": 0}, DomainError, "effortHours"),
        ({"headcount_min": 3, "headcount_max": 2}, DomainError, "headcountMax"),
        ({"start": D(2027, 3, 1), "due": D(2027, 2, 1)}, DomainError, "due"),
        ({"kind": "party"}, DomainError, "kind"),
        ({"title": ""}, DomainError, "title"),
        ({"skills": [tasks.SkillNeed(retired.id, 3)]}, DomainError, "skills[0].skillId"),
        ({"skills": [tasks.SkillNeed(skill.id, 6)]}, DomainError, "skills[0].level"),
        ({"skills": [tasks.SkillNeed(skill.id, 3, weight=-1)]}, DomainError, "skills[0].weight"),
        (
            {"skills": [tasks.SkillNeed(skill.id, 3), tasks.SkillNeed(skill.id, 2)]},
            DomainError,
            "skills[1].skillId",
        ),
        ({"skills": [tasks.SkillNeed(999_999, 3)]}, NotFoundError, "skills[0].skillId"),
        ({"contact_ids": [stranger.id]}, DomainError, "contactIds[0]"),
        ({"contact_ids": [contact.id, 999_999]}, NotFoundError, "contactIds[1]"),
    ]
    for overrides, error, field in cases:
        with pytest.raises(error) as bad, session.begin_nested():
            tasks.create_task(session, **{**base, **overrides})  # type: ignore[arg-type]
        assert bad.value.field == field, overrides


def test_update_task_replaces_skills_and_contacts(session: Session) -> None:
    account = factories.account(session)
    plan = factories.plan(session, account.id)
    a, b = factories.skill(session), factories.skill(session)
    c1, c2 = factories.contact(session, account.id), factories.contact(session, account.id)
    task = tasks.create_task(
        session,
        plan_id=plan.id,
        kind="negotiation",
        title="Terms",
        effort_hours=10,
        skills=[tasks.SkillNeed(a.id, 3, mandatory=True)],
        contact_ids=[c1.id],
    )
    tasks.update_task(
        session,
        task_id=task.id,
        skills=[tasks.SkillNeed(a.id, 4), tasks.SkillNeed(b.id, 2, weight=0.5)],
        contact_ids=[c2.id],
        due=D(2027, 4, 1),
    )
    skills = {
        s.skill_id: (s.level, s.mandatory, s.weight)
        for s in session.scalars(select(TaskSkill).where(TaskSkill.task_id == task.id))
    }
    assert skills == {a.id: (4, False, 1.0), b.id: (2, False, 0.5)}
    assert list(
        session.scalars(select(TaskContact.contact_id).where(TaskContact.task_id == task.id))
    ) == [c2.id]
    assert task.title == "Terms" and task.due == D(2027, 4, 1)


def test_headcount_cannot_drop_below_the_people_assigned(session: Session) -> None:
    task = factories.task(
        session, factories.plan(session, factories.account(session).id).id, headcount_max=2
    )
    for _ in range(2):
        team.assign(session, task_id=task.id, person_id=factories.person(session).id)
    with pytest.raises(ConflictError) as low:
        tasks.update_task(session, task_id=task.id, headcount_max=1)
    assert low.value.field == "headcountMax"


def test_review_readings_set_current_unless_a_later_review_read_it(session: Session) -> None:
    plan = factories.plan(session, factories.account(session).id)
    grow = factories.objective(session, plan.id, baseline=1.0, target=5.0)
    reviews.record_review(
        session, plan_id=plan.id, held_on=D(2027, 6, 1), readings=[reviews.Reading(grow.id, 4.0)]
    )
    assert grow.current == 4.0
    reviews.record_review(
        session, plan_id=plan.id, held_on=D(2027, 3, 1), readings=[reviews.Reading(grow.id, 2.0)]
    )
    assert grow.current == 4.0
    other = factories.objective(session, factories.plan(session, plan.account_id).id)
    with pytest.raises(DomainError) as foreign:
        reviews.record_review(
            session, plan_id=plan.id, held_on=D(2027, 7, 1), readings=[reviews.Reading(other.id, 1)]
        )
    assert foreign.value.field == "readings[0].objectiveId"


def test_history_pages_per_plan(session: Session) -> None:
    plan = factories.plan(session, factories.account(session).id)
    for i in range(3):
        factories.task(session, plan.id, title=f"T{i}")
    session.flush()
    page = reviews.history_pages(session, [plan.id], PageRequest(last=2))[plan.id]
    assert page.total_count == 4 and [c.entity for c in page.items] == ["task", "task"]
    assert all(isinstance(c, PlanChange) for c in page.items)


def test_a_task_may_not_require_a_retired_skill(session: Session) -> None:
    """The catalogue says which skills are retired; the task service refuses to require one,
    naming the field, and points to the replacement when there is one."""
    plan = factories.plan(session, factories.account(session).id)
    kept, replaced, dropped = (factories.skill(session) for _ in range(3))
    retire_skill(session, skill_id=replaced.id, replaced_by_id=kept.id)
    retire_skill(session, skill_id=dropped.id)
    assert session.get(Skill, replaced.id) is not None  # retired, not deleted
    base = {"plan_id": plan.id, "kind": "research", "title": "Dig", "effort_hours": 5.0}
    with pytest.raises(DomainError) as created, session.begin_nested():
        tasks.create_task(
            session, **base, skills=[tasks.SkillNeed(kept.id, 3), tasks.SkillNeed(replaced.id, 3)]
        )
    assert created.value.field == "skills[1].skillId"
    assert "is retired (it was replaced; require its replacement)" in str(created.value)
    task = tasks.create_task(session, **base, skills=[tasks.SkillNeed(kept.id, 3)])
    with pytest.raises(DomainError) as updated, session.begin_nested():
        tasks.update_task(session, task_id=task.id, skills=[tasks.SkillNeed(dropped.id, 2)])
    assert updated.value.field == "skills[0].skillId"
    assert str(updated.value).endswith("is retired")
    needs = session.scalars(select(TaskSkill.skill_id).where(TaskSkill.task_id == task.id))
    assert list(needs) == [kept.id]  # the refused update changed nothing
