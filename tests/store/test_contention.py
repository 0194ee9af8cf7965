"""What the store says when writers collide: a broken unique constraint names its table and the
column a client chose, on both stores; other integrity errors name none."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account, Relationship
from teamgraph.api.core.errors import clash_error
from teamgraph.catalogue.models import SkillTerm
from teamgraph.contention import clashing_field, is_busy
from teamgraph.plans.models import Plan
from tests import factories


def broken(session: Session, model: type[Any], **values: Any) -> IntegrityError:
    with pytest.raises(IntegrityError) as caught, session.begin_nested():
        session.execute(insert(model).values(**values))
    return caught.value


def test_a_unique_clash_names_its_table_and_the_column_chosen(session: Session) -> None:
    account = factories.account(session)
    assert clashing_field(broken(session, Account, name=account.name, tier="key")) == (
        "account",
        "name",
    )
    plan = factories.plan(session, account.id)
    again = broken(
        session,
        Plan,
        account_id=account.id,
        name=plan.name,
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    assert clashing_field(again) == ("plan", "name")  # (account_id, name): the name
    skill = factories.skill(session)
    term = broken(
        session,
        SkillTerm,
        skill_id=skill.id,
        term="x",
        term_key=skill.name.casefold(),
        kind="alias",
    )
    assert clashing_field(term) == ("skill_term", "term_key")


def test_a_clash_is_answered_as_a_conflict_naming_the_field(session: Session) -> None:
    person = factories.person(session)
    contact = factories.contact(session, factories.account(session).id)
    factories.relationship(session, person.id, contact.id, strength=0.5)
    error = clash_error(
        broken(session, Relationship, person_id=person.id, contact_id=contact.id, strength=0.4)
    )
    assert (error.code.value, error.field) == ("CONFLICT", "contactId")
    assert not is_busy(error_of(session))


def error_of(session: Session) -> IntegrityError:
    """An integrity error that is no unique clash (a missing parent row)."""
    day = dt.date(2027, 1, 1)
    return broken(session, Plan, account_id=10**9, name="orphan", period_start=day, period_end=day)


def test_other_integrity_errors_name_no_field(session: Session) -> None:
    orphan = error_of(session)
    assert clashing_field(orphan) is None
    error = clash_error(orphan)
    assert (error.code.value, error.field) == ("CONFLICT", None)
