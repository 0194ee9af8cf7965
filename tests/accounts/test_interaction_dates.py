"""What has happened cannot be dated ahead: an interaction, or a relationship's last contact,
after today is refused naming the field (it would otherwise look fresh for months)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from teamgraph.accounts import contacts
from teamgraph.errors import DomainError
from teamgraph.inputs import check_not_future
from tests import factories

# Two days ahead, so a test that straddles midnight still asks about the future.
AHEAD = dt.timedelta(days=2)


def test_today_passes_and_tomorrow_does_not() -> None:
    today = dt.date(2026, 3, 1)
    assert check_not_future(today, field="date", today=today) == today
    with pytest.raises(DomainError) as refused:
        check_not_future(today + dt.timedelta(days=1), field="date", today=today)
    assert refused.value.field == "date"
    assert "2026-03-02 is in the future" in refused.value.reason


def test_an_interaction_dated_ahead_is_refused(session: Session) -> None:
    account = factories.account(session)
    ann = factories.person(session)
    cfo = factories.contact(session, account.id)
    call = {
        "account_id": account.id,
        "kind": "call",
        "person_ids": [ann.id],
        "contact_ids": [cfo.id],
    }
    with pytest.raises(DomainError) as refused:
        contacts.record_interaction(session, occurred_on=dt.date.today() + AHEAD, **call)
    assert refused.value.field == "date"
    done = contacts.record_interaction(session, occurred_on=dt.date.today() - AHEAD, **call)
    assert done.occurred_on == dt.date.today() - AHEAD


def test_a_last_interaction_dated_ahead_is_refused(session: Session) -> None:
    account = factories.account(session)
    ann = factories.person(session)
    cfo = factories.contact(session, account.id)
    with pytest.raises(DomainError) as refused:
        contacts.upsert_relationship(
            session,
            person_id=ann.id,
            contact_id=cfo.id,
            strength=0.5,
            last_interaction=dt.date.today() + AHEAD,
        )
    assert refused.value.field == "lastInteraction"
    kept = contacts.upsert_relationship(
        session, person_id=ann.id, contact_id=cfo.id, strength=0.5, last_interaction=None
    )
    assert kept.last_interaction is None
