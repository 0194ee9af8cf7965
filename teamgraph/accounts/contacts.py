"""Contacts (org chart, buying roles), our relationships with them, and recorded interactions.

Recording an interaction touches the relationship of every (person, contact) pair present:
its `last_interaction` moves to the interaction's date (never backwards, so back-filling an
old meeting does not make a fresh tie look stale), and a pair that had no relationship gets
one at `FIRST_MEETING_STRENGTH`: having met once is a weak tie, not none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import (
    BuyingRole,
    Contact,
    Interaction,
    InteractionContact,
    InteractionKind,
    InteractionPerson,
    Relationship,
)
from teamgraph.accounts.service import get_account
from teamgraph.errors import DomainError, NotFoundError
from teamgraph.inputs import (
    KEEP,
    check_choice,
    check_not_future,
    check_score,
    clean_filter,
    clean_text,
    kept,
)
from teamgraph.pagination import Page, PageRequest, paginate_many
from teamgraph.people.service import get_person
from teamgraph.rows import get_row

FIRST_MEETING_STRENGTH = 0.3
"""The strength of a relationship created by recording an interaction between strangers."""


def get_contact(session: Session, contact_id: int, *, field: str = "contactId") -> Contact:
    return get_row(session, Contact, contact_id, field=field)


def contacts_pages(
    session: Session,
    account_ids: Sequence[int],
    page: PageRequest,
    *,
    buying_role: str | None = None,
    department: str | None = None,
    max_size: int = 100,
) -> dict[int, Page[Contact]]:
    """One page of each account's contacts by name (then id), optionally filtered."""
    stmt: Any = select(Contact)
    if buying_role is not None:
        stmt = stmt.where(Contact.buying_role == buying_role)
    if department is not None:
        stmt = stmt.where(
            Contact.department == clean_filter(department, field="department", max_length=120)
        )
    return paginate_many(
        session,
        stmt,
        Contact.account_id,
        account_ids,
        (Contact.name, Contact.id),
        page,
        max_size=max_size,
    )


def _check_manager(session: Session, contact: Contact, manager_id: int | None) -> int | None:
    """`manager_id` as the contact's reports-to: same account, and no reporting cycle."""
    if manager_id is None:
        return None
    manager = get_contact(session, manager_id, field="reportsToId")
    if manager.account_id != contact.account_id:
        raise DomainError("must be a contact of the same account", field="reportsToId")
    if contact.id is None:
        return manager.id
    chart = {
        key: value
        for key, value in session.execute(
            select(Contact.id, Contact.reports_to_id).where(
                Contact.account_id == contact.account_id
            )
        )
    }
    seen = {contact.id}
    current: int | None = manager.id
    while current is not None:
        if current in seen:
            raise DomainError("would make a reporting cycle", field="reportsToId")
        seen.add(current)
        current = chart.get(current)
    return manager.id


def create_contact(
    session: Session,
    *,
    account_id: int,
    name: str,
    title: str = "",
    department: str = "",
    buying_role: str = BuyingRole.USER,
    influence: int = 3,
    reports_to_id: int | None = None,
    email: str = "",
) -> Contact:
    get_account(session, account_id)
    contact = Contact(
        account_id=account_id,
        name=clean_text(name, field="name"),
        title=clean_text(title, field="title", blank=True),
        department=clean_text(department, field="department", max_length=120, blank=True),
        buying_role=check_choice(buying_role, BuyingRole, field="buyingRole"),
        influence=check_score(influence, field="influence"),
        email=clean_text(email, field="email", max_length=254, blank=True),
        left_company=False,
    )
    contact.reports_to_id = _check_manager(session, contact, reports_to_id)
    session.add(contact)
    session.flush()
    return contact


def update_contact(
    session: Session,
    *,
    contact_id: int,
    name: str = KEEP,
    title: str = KEEP,
    department: str = KEEP,
    buying_role: str = KEEP,
    influence: int = KEEP,
    reports_to_id: int | None = KEEP,
    left_company: bool = KEEP,
    email: str = KEEP,
) -> Contact:
    """Change the given fields; the others keep their value."""
    contact = get_contact(session, contact_id)
    if not kept(name):
        contact.name = clean_text(name, field="name")
    if not kept(title):
        contact.title = clean_text(title, field="title", blank=True)
    if not kept(department):
        contact.department = clean_text(department, field="department", max_length=120, blank=True)
    if not kept(buying_role):
        contact.buying_role = check_choice(buying_role, BuyingRole, field="buyingRole")
    if not kept(influence):
        contact.influence = check_score(influence, field="influence")
    if not kept(reports_to_id):
        contact.reports_to_id = _check_manager(session, contact, reports_to_id)
    if not kept(left_company):
        contact.left_company = bool(left_company)
    if not kept(email):
        contact.email = clean_text(email, field="email", max_length=254, blank=True)
    session.flush()
    return contact


# --- relationships ----------------------------------------------------------------------------


def check_strength(value: float, *, field: str = "strength") -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise DomainError("must be a number from 0 to 1", field=field)
    return float(value)


def upsert_relationship(
    session: Session,
    *,
    person_id: int,
    contact_id: int,
    strength: float,
    last_interaction: dt.date | None = KEEP,
) -> Relationship:
    """Set how well `person` knows `contact` (creating the relationship when there is none)."""
    get_person(session, person_id, field="personId")
    get_contact(session, contact_id)
    strength = check_strength(strength)
    row = session.scalar(
        select(Relationship).where(
            Relationship.person_id == person_id, Relationship.contact_id == contact_id
        )
    )
    if row is None:
        row = Relationship(person_id=person_id, contact_id=contact_id, strength=strength)
        session.add(row)
    row.strength = strength
    if not kept(last_interaction):
        if last_interaction is not None:
            check_not_future(last_interaction, field="lastInteraction")
        row.last_interaction = last_interaction
    session.flush()
    return row


def remove_relationship(session: Session, *, person_id: int, contact_id: int) -> None:
    row = session.scalar(
        select(Relationship).where(
            Relationship.person_id == person_id, Relationship.contact_id == contact_id
        )
    )
    if row is None:
        raise NotFoundError("this person has no relationship with this contact", field="personId")
    session.delete(row)
    session.flush()


# --- interactions -----------------------------------------------------------------------------


def record_interaction(
    session: Session,
    *,
    account_id: int,
    occurred_on: dt.date,
    kind: str,
    note: str = "",
    person_ids: Sequence[int],
    contact_ids: Sequence[int],
) -> Interaction:
    """An interaction between some of our people and some of the account's contacts; touches
    (or creates, at FIRST_MEETING_STRENGTH) the relationship of every pair present."""
    get_account(session, account_id)
    check_not_future(occurred_on, field="date")
    kind = check_choice(kind, InteractionKind, field="kind")
    if not person_ids:
        raise DomainError("name at least one of our people", field="personIds")
    if not contact_ids:
        raise DomainError("name at least one contact", field="contactIds")
    for field, ids in (("personIds", person_ids), ("contactIds", contact_ids)):
        if len(set(ids)) != len(ids):
            raise DomainError("names someone twice", field=field)
    for i, person_id in enumerate(person_ids):
        get_person(session, person_id, field=f"personIds[{i}]")
    for i, contact_id in enumerate(contact_ids):
        contact = get_contact(session, contact_id, field=f"contactIds[{i}]")
        if contact.account_id != account_id:
            raise DomainError("is not a contact of this account", field=f"contactIds[{i}]")
        if contact.left_company:
            raise DomainError("has left the company", field=f"contactIds[{i}]")
    interaction = Interaction(
        account_id=account_id,
        occurred_on=occurred_on,
        kind=kind,
        note=clean_text(note, field="note", max_length=10_000, blank=True, multiline=True),
    )
    session.add(interaction)
    session.flush()
    session.add_all(
        [InteractionPerson(interaction_id=interaction.id, person_id=p) for p in person_ids]
        + [InteractionContact(interaction_id=interaction.id, contact_id=c) for c in contact_ids]
    )
    existing = {
        (r.person_id, r.contact_id): r
        for r in session.scalars(
            select(Relationship).where(
                Relationship.person_id.in_(person_ids), Relationship.contact_id.in_(contact_ids)
            )
        )
    }
    for person_id in person_ids:
        for contact_id in contact_ids:
            row = existing.get((person_id, contact_id))
            if row is None:
                session.add(
                    Relationship(
                        person_id=person_id,
                        contact_id=contact_id,
                        strength=FIRST_MEETING_STRENGTH,
                        last_interaction=occurred_on,
                    )
                )
            elif row.last_interaction is None or row.last_interaction < occurred_on:
                row.last_interaction = occurred_on
    session.flush()
    return interaction


def relationships_by_account_id(
    session: Session, account_ids: Sequence[int]
) -> dict[int, list[Relationship]]:
    """Every relationship with each account's contacts, strongest first: one statement."""
    grouped: dict[int, list[Relationship]] = {key: [] for key in account_ids}
    rows = session.execute(
        select(Contact.account_id, Relationship)
        .join(Contact, Contact.id == Relationship.contact_id)
        .where(Contact.account_id.in_(set(account_ids)))
        .order_by(Relationship.strength.desc(), Relationship.id)
    )
    for account_id, relationship in rows:
        grouped[account_id].append(relationship)
    return grouped
