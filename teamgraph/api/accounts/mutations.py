"""The KAM's mutations on accounts, contacts, relationships and interactions.

Each is one transaction: decode the input's ids, check the token may write to the account the
change belongs to (a kam_lead token opens new accounts), call the service. Every expected
failure comes back typed in the payload.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from teamgraph.accounts import contacts, service
from teamgraph.api.accounts.types import Account, Contact, Relationship
from teamgraph.api.core.context import Info
from teamgraph.api.core.enums import AccountTier, BuyingRole, InteractionKind
from teamgraph.api.core.ids import decode_id, decode_ids, decode_optional_id
from teamgraph.api.core.mutations import given, transactional, value_of
from teamgraph.api.core.nodes import load_node, load_nodes
from teamgraph.api.core.scopes import (
    opens_accounts,
    to_the_account,
    to_the_contacts_account,
    updates_the_account,
)

if TYPE_CHECKING:
    from teamgraph.api.people.types import Person

PersonRef = Annotated["Person", strawberry.lazy("teamgraph.api.people.types")]

# --- inputs and payloads ----------------------------------------------------------------------


@strawberry.input
class CreateAccountInput:
    name: str
    industry: str | None = strawberry.UNSET
    tier: AccountTier | None = strawberry.UNSET
    stage: int | None = strawberry.UNSET
    growth: int | None = strawberry.UNSET
    fit: int | None = strawberry.UNSET
    strategic_value: int | None = strawberry.UNSET
    kam_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The KAM; the caller when omitted."
    )
    competitor_ids: list[strawberry.ID] | None = strawberry.UNSET


@strawberry.input
class UpdateAccountInput:
    account_id: strawberry.ID
    name: str | None = strawberry.UNSET
    industry: str | None = strawberry.UNSET
    tier: AccountTier | None = strawberry.UNSET
    stage: int | None = strawberry.UNSET
    growth: int | None = strawberry.UNSET
    fit: int | None = strawberry.UNSET
    strategic_value: int | None = strawberry.UNSET
    kam_id: strawberry.ID | None = strawberry.UNSET
    competitor_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the list of competitors."
    )


@strawberry.type
class CreateAccountSuccess:
    account: Account


@strawberry.type
class UpdateAccountSuccess:
    account: Account


@strawberry.input
class CreateContactInput:
    account_id: strawberry.ID
    name: str
    title: str | None = strawberry.UNSET
    department: str | None = strawberry.UNSET
    buying_role: BuyingRole | None = strawberry.UNSET
    influence: int | None = strawberry.UNSET
    reports_to_id: strawberry.ID | None = strawberry.UNSET


@strawberry.input
class UpdateContactInput:
    contact_id: strawberry.ID
    name: str | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    department: str | None = strawberry.UNSET
    buying_role: BuyingRole | None = strawberry.UNSET
    influence: int | None = strawberry.UNSET
    reports_to_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Null: reports to nobody in the account."
    )
    left_company: bool | None = strawberry.UNSET


@strawberry.type
class CreateContactSuccess:
    contact: Contact


@strawberry.type
class UpdateContactSuccess:
    contact: Contact


@strawberry.input
class UpsertRelationshipInput:
    person_id: strawberry.ID
    contact_id: strawberry.ID
    strength: float = strawberry.field(description="0 (none) to 1 (strong).")
    last_interaction: dt.date | None = strawberry.UNSET


@strawberry.type
class UpsertRelationshipSuccess:
    relationship: Relationship


@strawberry.input
class RemoveRelationshipInput:
    person_id: strawberry.ID
    contact_id: strawberry.ID


@strawberry.type
class RemoveRelationshipSuccess:
    person_pk: strawberry.Private[int]
    contact_pk: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.person_pk)

    @strawberry.field
    async def contact(self, info: Info) -> Contact | None:
        return await load_node(info, "Contact", self.contact_pk)


@strawberry.input
class RecordInteractionInput:
    account_id: strawberry.ID
    date: dt.date
    kind: InteractionKind
    note: str | None = strawberry.UNSET
    person_ids: list[strawberry.ID] = strawberry.field(description="Our people present.")
    contact_ids: list[strawberry.ID] = strawberry.field(
        description="The account's contacts present. Each (person, contact) pair's relationship "
        "gets this date as its last interaction (created at strength 0.3 if there was none)."
    )


@strawberry.type
class Interaction:
    account_pk: strawberry.Private[int]
    person_pks: strawberry.Private[list[int]]
    contact_pks: strawberry.Private[list[int]]
    date: dt.date
    kind: InteractionKind
    note: str

    @strawberry.field
    async def account(self, info: Info) -> Account | None:
        return await load_node(info, "Account", self.account_pk)

    @strawberry.field
    async def people(self, info: Info) -> list[PersonRef]:
        return await load_nodes(info, "Person", self.person_pks)

    @strawberry.field
    async def contacts(self, info: Info) -> list[Contact]:
        return await load_nodes(info, "Contact", self.contact_pks)


@strawberry.type
class RecordInteractionSuccess:
    interaction: Interaction


def _account_fields(data: Any) -> dict[str, Any]:
    return given(
        name=data.name,
        industry=data.industry,
        tier=value_of(data.tier),
        stage=data.stage,
        growth=data.growth,
        fit=data.fit,
        strategic_value=data.strategic_value,
        kam_id=decode_optional_id(data.kam_id, "Person", field="kamId"),
        competitor_ids=decode_ids(data.competitor_ids, "Account", field="competitorIds"),
    )


def _contact_fields(data: Any) -> dict[str, Any]:
    return given(
        name=data.name,
        title=data.title,
        department=data.department,
        buying_role=value_of(data.buying_role),
        influence=data.influence,
        reports_to_id=decode_optional_id(data.reports_to_id, "Contact", field="reportsToId"),
    )


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Open a key account; the caller is its KAM unless named.")
    @transactional(opens_accounts)
    def create_account(self, info: Info, input: CreateAccountInput) -> CreateAccountSuccess:
        opener = info.context.principal.person_id
        assert opener is not None  # an opener acts for a person (require_account_opener)
        row = service.open_account(info.context.session, opened_by=opener, **_account_fields(input))
        return CreateAccountSuccess(account=Account.from_row(row))

    @strawberry.mutation(
        description="Change an account's fields; only its KAM or hr_admin may change `kamId` "
        "(hr_admin: that field alone)."
    )
    @transactional(updates_the_account)
    def update_account(self, info: Info, input: UpdateAccountInput) -> UpdateAccountSuccess:
        row = service.update_account(
            info.context.session,
            account_id=decode_id(input.account_id, "Account", field="accountId"),
            **_account_fields(input),
        )
        return UpdateAccountSuccess(account=Account.from_row(row))

    @strawberry.mutation
    @transactional(to_the_account)
    def create_contact(self, info: Info, input: CreateContactInput) -> CreateContactSuccess:
        row = contacts.create_contact(
            info.context.session,
            account_id=decode_id(input.account_id, "Account", field="accountId"),
            **_contact_fields(input),
        )
        return CreateContactSuccess(contact=Contact.from_row(row))

    @strawberry.mutation
    @transactional(to_the_contacts_account)
    def update_contact(self, info: Info, input: UpdateContactInput) -> UpdateContactSuccess:
        row = contacts.update_contact(
            info.context.session,
            contact_id=decode_id(input.contact_id, "Contact", field="contactId"),
            **_contact_fields(input),
            **given(left_company=input.left_company),
        )
        return UpdateContactSuccess(contact=Contact.from_row(row))

    @strawberry.mutation(description="Set how well one of our people knows a contact.")
    @transactional(to_the_contacts_account)
    def upsert_relationship(
        self, info: Info, input: UpsertRelationshipInput
    ) -> UpsertRelationshipSuccess:
        row = contacts.upsert_relationship(
            info.context.session,
            person_id=decode_id(input.person_id, "Person", field="personId"),
            contact_id=decode_id(input.contact_id, "Contact", field="contactId"),
            **given(strength=input.strength, last_interaction=input.last_interaction),
        )
        return UpsertRelationshipSuccess(relationship=Relationship.from_row(row))

    @strawberry.mutation
    @transactional(to_the_contacts_account)
    def remove_relationship(
        self, info: Info, input: RemoveRelationshipInput
    ) -> RemoveRelationshipSuccess:
        person_pk = decode_id(input.person_id, "Person", field="personId")
        contact_pk = decode_id(input.contact_id, "Contact", field="contactId")
        contacts.remove_relationship(
            info.context.session, person_id=person_pk, contact_id=contact_pk
        )
        return RemoveRelationshipSuccess(person_pk=person_pk, contact_pk=contact_pk)

    @strawberry.mutation(
        description="Record a meeting, call...: touches (or creates) the relationships present."
    )
    @transactional(to_the_account)
    def record_interaction(
        self, info: Info, input: RecordInteractionInput
    ) -> RecordInteractionSuccess:
        person_pks = decode_ids(input.person_ids, "Person", field="personIds")
        contact_pks = decode_ids(input.contact_ids, "Contact", field="contactIds")
        row = contacts.record_interaction(
            info.context.session,
            account_id=decode_id(input.account_id, "Account", field="accountId"),
            occurred_on=input.date,
            kind=input.kind.value,
            person_ids=person_pks,
            contact_ids=contact_pks,
            **given(note=input.note),
        )
        return RecordInteractionSuccess(
            interaction=Interaction(
                account_pk=row.account_id,
                person_pks=person_pks,
                contact_pks=contact_pks,
                date=row.occurred_on,
                kind=InteractionKind(row.kind),
                note=row.note,
            )
        )
