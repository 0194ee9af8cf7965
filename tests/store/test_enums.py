"""Each domain enum is the one list of its values: the model's CHECK constraint is built from it,
the migrated database refuses anything else, and the GraphQL enum of the same name is that
class (names and values), so the three agree."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import pytest
from graphql import GraphQLEnumType
from sqlalchemy import CheckConstraint, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teamgraph.accounts.models import (
    Account,
    AccountTier,
    BuyingRole,
    Contact,
    Interaction,
    InteractionKind,
)
from teamgraph.api.schema import build_schema
from teamgraph.auth.models import ApiToken, Role
from teamgraph.catalogue.models import Skill, SkillStatus, SkillTerm, TermKind
from teamgraph.orm import Base
from teamgraph.plans.models import (
    Assignment,
    AssignmentRole,
    AssignmentSource,
    ChangeAction,
    PlanChange,
    PlanStatus,
    Proposal,
    ProposalStatus,
    Task,
    TaskKind,
    TaskStatus,
)
from teamgraph.plans.models import Plan as PlanRow
from tests import factories

DOMAIN_MODELS = ("accounts", "auth", "catalogue", "people", "plans")

# A valid row of each table, but for the enum column: built from a few parent rows.
Row = Callable[[dict[str, Any]], dict[str, Any]]


def _account(w: dict[str, Any]) -> dict[str, Any]:
    return {"name": "Enum Co", "tier": AccountTier.KEY}


def _contact(w: dict[str, Any]) -> dict[str, Any]:
    return {"account_id": w["account"].id, "name": "C", "buying_role": BuyingRole.USER}


def _interaction(w: dict[str, Any]) -> dict[str, Any]:
    return {"account_id": w["account"].id, "occurred_on": dt.date(2027, 1, 4)}


def _token(w: dict[str, Any]) -> dict[str, Any]:
    return {"token_hash": "0" * 64, "role": Role.VIEWER}


def _skill(w: dict[str, Any]) -> dict[str, Any]:
    return {"name": "Enum skill", "status": SkillStatus.ACTIVE}


def _term(w: dict[str, Any]) -> dict[str, Any]:
    return {"skill_id": w["skill"].id, "term": "enum alias", "term_key": "enum alias"}


def _plan(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "account_id": w["account"].id,
        "name": "Enum plan",
        "period_start": dt.date(2027, 1, 1),
        "period_end": dt.date(2027, 6, 30),
        "version": 1,
    }


def _task(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "plan_id": w["plan"].id,
        "title": "T",
        "kind": TaskKind.RESEARCH,
        "effort_hours": 8.0,
        "headcount_min": 1,
        "headcount_max": 1,
        "required": True,
        "status": TaskStatus.OPEN,
    }


def _assignment(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "task_id": w["task"].id,
        "person_id": w["person"].id,
        "role": AssignmentRole.MEMBER,
        "pinned": False,
        "source": AssignmentSource.MANUAL,
    }


def _proposal(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "plan_id": w["plan"].id,
        "solver_status": "optimal",
        "result": {},
        "coverage_before": {},
        "coverage_after": {},
    }


def _change(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "plan_id": w["plan"].id,
        "changed_at": dt.datetime(2027, 1, 4, tzinfo=dt.UTC),
        "entity": "plan",
        "entity_id": str(w["plan"].id),
    }


CASES: list[tuple[type[StrEnum], type[Base], str, Row]] = [
    (AccountTier, Account, "tier", _account),
    (BuyingRole, Contact, "buying_role", _contact),
    (InteractionKind, Interaction, "kind", _interaction),
    (Role, ApiToken, "role", _token),
    (SkillStatus, Skill, "status", _skill),
    (TermKind, SkillTerm, "kind", _term),
    (PlanStatus, PlanRow, "status", _plan),
    (TaskKind, Task, "kind", _task),
    (TaskStatus, Task, "status", _task),
    (AssignmentRole, Assignment, "role", _assignment),
    (AssignmentSource, Assignment, "source", _assignment),
    (ProposalStatus, Proposal, "status", _proposal),
    (ChangeAction, PlanChange, "action", _change),
]
IDS = [f"{enum.__name__}-{column}" for enum, _, column, _ in CASES]


def check_of(model: type[Base], column: str) -> CheckConstraint:
    """The model's CHECK constraint that `column` is one of a list."""
    found = [
        c
        for c in model.__table__.constraints
        if isinstance(c, CheckConstraint) and str(c.sqltext).startswith(f"{column} IN (")
    ]
    assert len(found) == 1, f"{model.__tablename__}.{column}: {len(found)} list checks"
    return found[0]


def test_every_domain_enum_is_covered() -> None:
    defined = {
        obj
        for domain in DOMAIN_MODELS
        for _, obj in inspect.getmembers(importlib.import_module(f"teamgraph.{domain}.models"))
        if inspect.isclass(obj) and issubclass(obj, StrEnum) and obj is not StrEnum
    }
    assert defined == {enum for enum, *_ in CASES}


@pytest.mark.parametrize(("enum", "model", "column", "row"), CASES, ids=IDS)
def test_the_check_lists_exactly_the_enum_values(
    enum: type[StrEnum], model: type[Base], column: str, row: Row
) -> None:
    sql = str(check_of(model, column).sqltext)
    listed = re.findall(r"'([^']*)'", sql)
    assert listed == [member.value for member in enum]
    assert all(member.name == member.value.upper() for member in enum)


@pytest.mark.parametrize(("enum", "model", "column", "row"), CASES, ids=IDS)
def test_the_database_refuses_a_value_outside_the_enum(
    session: Session, enum: type[StrEnum], model: type[Base], column: str, row: Row
) -> None:
    person = factories.person(session)
    account = factories.account(session)
    plan = factories.plan(session, account.id)
    world = {
        "person": person,
        "account": account,
        "skill": factories.skill(session),
        "plan": plan,
        "task": factories.task(session, plan.id),
    }
    values = {**row(world), column: "bogus"}  # short: the check, not the length, refuses it
    with pytest.raises(IntegrityError) as caught, session.begin_nested():
        session.execute(insert(model).values(**values))
    # The naming convention's name, e.g. ck_task_status: this very check refused the row.
    assert str(check_of(model, column).name) in str(caught.value.orig)


# Internal enums the API does not publish: a skill's status (published as `Skill.active`), and
# whether a term is a skill's name or an alias.
UNPUBLISHED = {SkillStatus, TermKind}


@pytest.mark.parametrize(("enum", "model", "column", "row"), CASES, ids=IDS)
def test_the_graphql_enum_is_the_domain_enum_and_the_check(
    enum: type[StrEnum], model: type[Base], column: str, row: Row
) -> None:
    published = build_schema()._schema.get_type(enum.__name__)
    if enum in UNPUBLISHED:
        assert published is None
        return
    assert isinstance(published, GraphQLEnumType)
    values = {name: value.value for name, value in published.values.items()}
    assert values == {member.name: member for member in enum}
    listed = re.findall(r"'([^']*)'", str(check_of(model, column).sqltext))
    assert sorted(listed) == sorted(str(value) for value in values.values())
