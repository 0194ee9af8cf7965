"""Per-request loaders of accounts, contacts and relationships: a nested account query costs a
fixed number of statements whatever the number of rows (tests/api count them)."""

from __future__ import annotations

from teamgraph.accounts import contacts, models
from teamgraph.api.core.loaders import by_id, grouped, grouped_by, paged

account_by_id = by_id(models.Account)
contact_by_id = by_id(models.Contact)
reports_by_contact_id = grouped_by(models.Contact.reports_to_id, models.Contact.name)
relationships_by_contact_id = grouped_by(
    models.Relationship.contact_id, models.Relationship.strength.desc()
)
relationships_by_account_id = grouped(contacts.relationships_by_account_id)
competitors_by_account_id = grouped_by(models.AccountCompetitor.account_id)
conflicts_by_account_id = grouped_by(models.ConflictOfInterest.account_id)
contacts_by_account_id = paged(
    lambda session, ids, page, flt, max_size: contacts.contacts_pages(
        session, ids, page, buying_role=flt[0], department=flt[1], max_size=max_size
    )
)
