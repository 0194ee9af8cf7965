"""Account services: accounts, competitors, conflicts, contacts, relationships, interactions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts import contacts, service
from teamgraph.accounts.models import Interaction, Relationship
from teamgraph.errors import ConflictError, DomainError, NotFoundError
from teamgraph.pagination import PageRequest
from teamgraph.plans import team
from teamgraph.rows import rows_grouped
from tests import factories


def test_create_account_checks_name_scores_and_kam(session: Session) -> None:
    kam = factories.person(session)
    account = service.create_account(
        session, name="  Northwind  Bank ", kam_id=kam.id, tier="strategic", stage=5
    )
    assert (account.name, account.kam_id, account.tier, account.stage) == (
        "Northwind Bank",
        kam.id,
        "strategic",
        5,
    )
    with pytest.raises(ConflictError) as clash:
        service.create_account(session, name="Northwind Bank", kam_id=None)
    assert clash.value.field == "name"
    for field, kwargs in (
        ("stage", {"stage": 6}),
        ("growth", {"growth": 0}),
        ("strategicValue", {"strategic_value": 9}),
        ("tier", {"tier": "gold"}),
        ("name", {"name": "  "}),
    ):
        values = {"name": "Other", "kam_id": None, **kwargs}
        with pytest.raises(DomainError) as bad:
            service.create_account(session, **values)
        assert bad.value.field == field
    with pytest.raises(NotFoundError) as missing:
        service.create_account(session, name="Other", kam_id=999_999)
    assert missing.value.field == "kamId"


def test_update_account_keeps_what_is_not_given_and_replaces_competitors(
    session: Session,
) -> None:
    account = factories.account(session, industry="Banking")
    rivals = [factories.account(session) for _ in range(3)]
    service.update_account(
        session, account_id=account.id, fit=5, competitor_ids=[rivals[0].id, rivals[1].id]
    )
    service.update_account(session, account_id=account.id, competitor_ids=[rivals[2].id])
    assert account.industry == "Banking" and account.fit == 5
    found = rows_grouped(session, type(account).id, [])
    assert found == {}
    from teamgraph.accounts.models import AccountCompetitor

    assert [
        r.competitor_id
        for r in rows_grouped(session, AccountCompetitor.account_id, [account.id])[account.id]
    ] == [rivals[2].id]
    with pytest.raises(DomainError) as itself:
        service.update_account(session, account_id=account.id, competitor_ids=[account.id])
    assert itself.value.field == "competitorIds[0]"


def test_a_conflict_is_refused_while_the_person_is_on_the_account(session: Session) -> None:
    account = factories.account(session)
    person = factories.person(session)
    task = factories.task(session, factories.plan(session, account.id).id)
    team.assign(session, task_id=task.id, person_id=person.id)
    with pytest.raises(ConflictError):
        team.add_conflict(session, account_id=account.id, person_id=person.id)
    team.unassign(session, task_id=task.id, person_id=person.id)
    team.add_conflict(session, account_id=account.id, person_id=person.id, reason="ex-rival")
    assert service.has_conflict(session, account_id=account.id, person_id=person.id)
    service.remove_conflict(session, account_id=account.id, person_id=person.id)
    assert not service.has_conflict(session, account_id=account.id, person_id=person.id)


def test_contacts_report_within_one_account_without_cycles(session: Session) -> None:
    account = factories.account(session)
    ceo = contacts.create_contact(session, account_id=account.id, name="Ceo")
    cfo = contacts.create_contact(
        session,
        account_id=account.id,
        name="Cfo",
        reports_to_id=ceo.id,
        buying_role="economic_buyer",
    )
    clerk = contacts.create_contact(
        session, account_id=account.id, name="Clerk", reports_to_id=cfo.id
    )
    with pytest.raises(DomainError) as cycle:
        contacts.update_contact(session, contact_id=ceo.id, reports_to_id=clerk.id)
    assert cycle.value.field == "reportsToId" and "cycle" in cycle.value.reason
    with pytest.raises(DomainError):
        contacts.update_contact(session, contact_id=ceo.id, reports_to_id=ceo.id)
    elsewhere = factories.contact(session, factories.account(session).id)
    with pytest.raises(DomainError) as other:
        contacts.update_contact(session, contact_id=clerk.id, reports_to_id=elsewhere.id)
    assert other.value.field == "reportsToId"
    with pytest.raises(DomainError) as role:
        contacts.update_contact(session, contact_id=clerk.id, buying_role="boss")
    assert role.value.field == "buyingRole"
    with pytest.raises(DomainError) as influence:
        contacts.create_contact(session, account_id=account.id, name="X", influence=0)
    assert influence.value.field == "influence"
    contacts.update_contact(session, contact_id=clerk.id, left_company=True, reports_to_id=None)
    assert clerk.left_company and clerk.reports_to_id is None and clerk.name == "Clerk"


def test_contacts_pages_per_account_in_two_statements(session: Session) -> None:
    a, b = factories.account(session), factories.account(session)
    for name in ("Zed", "Amy", "Bea"):
        factories.contact(session, a.id, name=name, department="IT")
    factories.contact(session, b.id, name="Cal", department="Finance")
    pages = contacts.contacts_pages(session, [a.id, b.id], PageRequest(first=2))
    assert [c.name for c in pages[a.id].items] == ["Amy", "Bea"]
    assert pages[a.id].has_next_page and pages[a.id].total_count == 3
    rest = contacts.contacts_pages(
        session, [a.id], PageRequest(first=2, after=pages[a.id].cursors[-1])
    )[a.id]
    assert [c.name for c in rest.items] == ["Zed"] and not rest.has_next_page
    it = contacts.contacts_pages(session, [a.id, b.id], PageRequest(), department="IT")
    assert it[b.id].items == [] and it[b.id].total_count == 0 and it[a.id].total_count == 3
    last = contacts.contacts_pages(session, [a.id], PageRequest(last=1))[a.id]
    assert [c.name for c in last.items] == ["Zed"] and last.has_previous_page


def test_relationship_upsert_and_remove(session: Session) -> None:
    person = factories.person(session)
    contact = factories.contact(session, factories.account(session).id)
    row = contacts.upsert_relationship(
        session, person_id=person.id, contact_id=contact.id, strength=0.4
    )
    again = contacts.upsert_relationship(
        session, person_id=person.id, contact_id=contact.id, strength=0.9
    )
    assert again.id == row.id and again.strength == 0.9
    with pytest.raises(DomainError) as bad:
        contacts.upsert_relationship(
            session, person_id=person.id, contact_id=contact.id, strength=1.5
        )
    assert bad.value.field == "strength"
    contacts.remove_relationship(session, person_id=person.id, contact_id=contact.id)
    with pytest.raises(NotFoundError):
        contacts.remove_relationship(session, person_id=person.id, contact_id=contact.id)


def test_record_interaction_touches_every_pair_and_creates_weak_ties(session: Session) -> None:
    account = factories.account(session)
    ann, bob = factories.person(session), factories.person(session)
    cfo, cto = factories.contact(session, account.id), factories.contact(session, account.id)
    known = factories.relationship(
        session, ann.id, cfo.id, strength=0.8, last_interaction=dt.date(2026, 5, 1)
    )
    interaction = contacts.record_interaction(
        session,
        account_id=account.id,
        occurred_on=dt.date(2026, 4, 1),
        kind="meeting",
        note="QBR\nnext steps",
        person_ids=[ann.id, bob.id],
        contact_ids=[cfo.id, cto.id],
    )
    assert session.get(Interaction, interaction.id) is not None
    assert interaction.note == "QBR\nnext steps"
    rows = {
        (r.person_id, r.contact_id): r
        for r in session.scalars(
            select(Relationship).where(Relationship.person_id.in_([ann.id, bob.id]))
        )
    }
    assert len(rows) == 4
    # An older meeting does not make a fresher tie look stale, nor change its strength.
    assert known.last_interaction == dt.date(2026, 5, 1) and known.strength == 0.8
    new = rows[(bob.id, cto.id)]
    assert new.strength == contacts.FIRST_MEETING_STRENGTH
    assert new.last_interaction == dt.date(2026, 4, 1)


def test_record_interaction_rejects_strangers_and_leavers(session: Session) -> None:
    account = factories.account(session)
    ann = factories.person(session)
    other = factories.contact(session, factories.account(session).id)
    gone = factories.contact(session, account.id, left_company=True)
    here = factories.contact(session, account.id)
    base = {
        "account_id": account.id,
        "occurred_on": dt.date(2026, 1, 5),
        "kind": "call",
        "person_ids": [ann.id],
    }
    for ids, field in (([other.id], "contactIds[0]"), ([here.id, gone.id], "contactIds[1]")):
        with pytest.raises(DomainError) as bad:
            contacts.record_interaction(session, **base, contact_ids=ids)  # type: ignore[arg-type]
        assert bad.value.field == field
    with pytest.raises(DomainError) as nobody:
        contacts.record_interaction(session, **{**base, "person_ids": []}, contact_ids=[here.id])  # type: ignore[arg-type]
    assert nobody.value.field == "personIds"
    with pytest.raises(DomainError) as kind:
        contacts.record_interaction(session, **{**base, "kind": "fax"}, contact_ids=[here.id])  # type: ignore[arg-type]
    assert kind.value.field == "kind"
