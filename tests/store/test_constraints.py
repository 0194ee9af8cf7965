"""Every rule the database can hold is held there: each bad row is rejected by the store itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teamgraph.accounts.models import AccountCompetitor, Contact, Relationship
from teamgraph.catalogue.models import Skill, SkillTerm
from teamgraph.people.models import Person, Proficiency, TimeOff
from teamgraph.plans.models import Assignment, Plan, Task, TaskSkill
from tests import factories


def rejects(session: Session, model: type[Any], **values: Any) -> str:
    """Insert one raw row (no service checks) and return the database's complaint."""
    with pytest.raises(IntegrityError) as caught, session.begin_nested():
        session.execute(insert(model).values(**values))
    return str(caught.value.orig).lower()


def accepts(session: Session, model: type[Any], **values: Any) -> None:
    with session.begin_nested():
        session.execute(insert(model).values(**values))


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    person = factories.person(session)
    other = factories.person(session)
    skill = factories.skill(session)
    account = factories.account(session)
    other_account = factories.account(session)
    contact = factories.contact(session, account.id)
    foreign_contact = factories.contact(session, other_account.id)
    plan = factories.plan(session, account.id)
    other_plan = factories.plan(session, other_account.id)
    objective = factories.objective(session, other_plan.id)
    task = factories.task(session, plan.id)
    return locals()


def person_row(**overrides: Any) -> dict[str, Any]:
    row = {
        "name": "Ann",
        "email": "ann@example.com",
        "title": "",
        "department": "",
        "location": "",
        "capacity_hours": 40,
        "active": True,
    }
    row.update(overrides)
    return row


@pytest.mark.parametrize(
    "overrides",
    [
        {"capacity_hours": -1},
        {"capacity_hours": 81},
        {"email": "Ann@Example.com"},
        {"email": "not-an-email"},
        {"name": "  "},
    ],
    ids=[
        "capacity-negative",
        "capacity-too-high",
        "email-not-lowercase",
        "email-shape",
        "blank-name",
    ],
)
def test_person_checks(session: Session, overrides: dict[str, Any]) -> None:
    assert "check" in rejects(session, Person, **person_row(**overrides))


def test_person_email_unique(session: Session, world: dict[str, Any]) -> None:
    email = world["person"].email
    assert "unique" in rejects(session, Person, **person_row(email=email))


@pytest.mark.parametrize("level", [0, 6])
def test_proficiency_level_range(session: Session, world: dict[str, Any], level: int) -> None:
    rejects(
        session, Proficiency, person_id=world["person"].id, skill_id=world["skill"].id, level=level
    )


def test_proficiency_interest_and_verification(session: Session, world: dict[str, Any]) -> None:
    pid, sid = world["person"].id, world["skill"].id
    rejects(session, Proficiency, person_id=pid, skill_id=sid, level=3, interest=9)
    rejects(
        session, Proficiency, person_id=pid, skill_id=sid, level=3, verified_by_id=world["other"].id
    )
    accepts(
        session,
        Proficiency,
        person_id=pid,
        skill_id=sid,
        level=3,
        interest=5,
        verified_by_id=world["other"].id,
        verified_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def test_proficiency_needs_existing_person_and_skill(
    session: Session, world: dict[str, Any]
) -> None:
    assert "foreign key" in rejects(
        session, Proficiency, person_id=999999, skill_id=world["skill"].id, level=3
    )
    assert "foreign key" in rejects(
        session, Proficiency, person_id=world["person"].id, skill_id=999999, level=3
    )


def test_time_off_order(session: Session, world: dict[str, Any]) -> None:
    rejects(
        session,
        TimeOff,
        person_id=world["person"].id,
        start_date=dt.date(2027, 1, 5),
        end_date=dt.date(2027, 1, 4),
        reason="",
    )


def test_skill_terms_unique_across_names_and_aliases(
    session: Session, world: dict[str, Any]
) -> None:
    skill = world["skill"]
    other = factories.skill(session)
    # Another skill may not take this skill's name (folded) as an alias.
    assert "unique" in rejects(
        session,
        SkillTerm,
        skill_id=other.id,
        term=skill.name.upper(),
        term_key=skill.name.casefold(),
        kind="alias",
    )
    # A skill has one canonical name row.
    assert "unique" in rejects(
        session,
        SkillTerm,
        skill_id=skill.id,
        term="Second name",
        term_key="second name",
        kind="name",
    )
    rejects(session, SkillTerm, skill_id=skill.id, term="x", term_key="x", kind="nickname")


@pytest.mark.parametrize(
    "values",
    [
        {"status": "deleted"},
        {"status": "active", "replaced_by": True},
        {"name": " "},
    ],
    ids=["status", "replacement-needs-retired", "blank-name"],
)
def test_skill_checks(session: Session, world: dict[str, Any], values: dict[str, Any]) -> None:
    row = {"name": "Skill X", "category": "", "description": "", "status": "active"}
    row.update(values)
    if row.pop("replaced_by", False):
        row["replaced_by_id"] = world["skill"].id
    rejects(session, Skill, **row)


def test_skill_not_own_parent(session: Session, world: dict[str, Any]) -> None:
    skill = world["skill"]
    with pytest.raises(IntegrityError), session.begin_nested():
        skill.parent_id = skill.id
        session.flush()


def test_account_checks(session: Session) -> None:
    from teamgraph.accounts.models import Account

    base = {
        "name": "Acme",
        "industry": "",
        "tier": "key",
        "stage": 4,
        "growth": 3,
        "fit": 3,
        "strategic_value": 3,
    }
    for bad in (
        {"tier": "platinum"},
        {"stage": 6},
        {"growth": 0},
        {"fit": 9},
        {"strategic_value": -1},
    ):
        rejects(session, Account, **{**base, **bad})
    accepts(session, Account, **base)
    assert "unique" in rejects(session, Account, **base)


def test_competitor_not_self(session: Session, world: dict[str, Any]) -> None:
    aid = world["account"].id
    rejects(session, AccountCompetitor, account_id=aid, competitor_id=aid)


def test_contact_checks(session: Session, world: dict[str, Any]) -> None:
    aid = world["account"].id
    base = {
        "account_id": aid,
        "name": "Carla",
        "title": "",
        "department": "",
        "buying_role": "user",
        "influence": 3,
        "left_company": False,
        "email": "",
    }
    rejects(session, Contact, **{**base, "buying_role": "king"})
    rejects(session, Contact, **{**base, "influence": 0})
    # A contact reports to someone of the same account only.
    assert "foreign key" in rejects(
        session, Contact, **{**base, "reports_to_id": world["foreign_contact"].id}
    )
    accepts(session, Contact, **{**base, "reports_to_id": world["contact"].id})


def test_relationship_checks(session: Session, world: dict[str, Any]) -> None:
    pid, cid = world["person"].id, world["contact"].id
    rejects(session, Relationship, person_id=pid, contact_id=cid, strength=1.5)
    rejects(session, Relationship, person_id=pid, contact_id=cid, strength=-0.1)
    accepts(session, Relationship, person_id=pid, contact_id=cid, strength=1.0)
    assert "unique" in rejects(session, Relationship, person_id=pid, contact_id=cid, strength=0.3)


def test_plan_checks(session: Session, world: dict[str, Any]) -> None:
    aid = world["account"].id
    base = {
        "account_id": aid,
        "name": "P",
        "period_start": dt.date(2027, 1, 1),
        "period_end": dt.date(2027, 3, 1),
        "status": "draft",
        "version": 1,
    }
    rejects(session, Plan, **{**base, "period_end": dt.date(2026, 12, 31)})
    rejects(session, Plan, **{**base, "status": "finished"})
    accepts(session, Plan, **base)
    assert "unique" in rejects(session, Plan, **base)


TASK_BASE = {
    "kind": "research",
    "title": "T",
    "effort_hours": 8.0,
    "headcount_min": 1,
    "headcount_max": 1,
    "required": True,
    "status": "open",
}


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "juggling"},
        {"status": "maybe"},
        {"effort_hours": 0},
        {"headcount_min": -1},
        {"headcount_max": 0, "headcount_min": 0},
        {"headcount_min": 3, "headcount_max": 2},
        {"start": dt.date(2027, 2, 1), "due": dt.date(2027, 1, 1)},
    ],
    ids=[
        "kind",
        "status",
        "effort",
        "hc-min",
        "hc-max-zero",
        "hc-max-below-min",
        "due-before-start",
    ],
)
def test_task_checks(session: Session, world: dict[str, Any], bad: dict[str, Any]) -> None:
    rejects(session, Task, plan_id=world["plan"].id, **{**TASK_BASE, **bad})


def test_task_objective_must_belong_to_the_same_plan(
    session: Session, world: dict[str, Any]
) -> None:
    foreign_objective = world["objective"].id
    assert "foreign key" in rejects(
        session, Task, plan_id=world["plan"].id, objective_id=foreign_objective, **TASK_BASE
    )


def test_task_skill_checks(session: Session, world: dict[str, Any]) -> None:
    tid, sid = world["task"].id, world["skill"].id
    rejects(session, TaskSkill, task_id=tid, skill_id=sid, level=7, mandatory=True, weight=1.0)
    rejects(session, TaskSkill, task_id=tid, skill_id=sid, level=3, mandatory=True, weight=-1.0)


ASSIGNMENT_CASES: list[tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = [
    ("role", lambda w: {"role": "boss"}),
    ("source", lambda w: {"source": "magic"}),
]


@pytest.mark.parametrize("case", ASSIGNMENT_CASES, ids=[c[0] for c in ASSIGNMENT_CASES])
def test_assignment_checks(session: Session, world: dict[str, Any], case: Any) -> None:
    base = {
        "task_id": world["task"].id,
        "person_id": world["person"].id,
        "role": "member",
        "pinned": False,
        "source": "manual",
    }
    rejects(session, Assignment, **{**base, **case[1](world)})


def test_one_lead_per_task_and_one_assignment_per_person(
    session: Session, world: dict[str, Any]
) -> None:
    tid = world["task"].id
    base = {"task_id": tid, "pinned": False, "source": "manual"}
    accepts(session, Assignment, person_id=world["person"].id, role="lead", **base)
    assert "unique" in rejects(
        session, Assignment, person_id=world["other"].id, role="lead", **base
    )
    assert "unique" in rejects(
        session, Assignment, person_id=world["person"].id, role="member", **base
    )
    accepts(session, Assignment, person_id=world["other"].id, role="member", **base)
