"""Mutations on accounts, contacts, relationships and interactions.

Each runs as one transaction (`mutate`): decode the input's ids, find the account the change
belongs to, check the token may write to it (`require_account_write`; `can_create_accounts` for
a new account), then call the service. Every expected failure comes back typed in the payload.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry
from sqlalchemy.orm import Session

from teamgraph.accounts import contacts, service
from teamgraph.api.accounts import (
    Account,
    AccountTier,
    BuyingRole,
    Contact,
    InteractionKind,
    Relationship,
    _accounts,
    _contacts,
    _person,
)
from teamgraph.api.context import Info
from teamgraph.api.errors import Error, mutate, result_union
from teamgraph.api.people import Person, person_by_id
from teamgraph.api.relay import decode_id
from teamgraph.auth.policy import ForbiddenError, can_create_accounts, require_account_write

T = TypeVar("T")


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments the client gave (an omitted input field keeps its value)."""
    return {key: value for key, value in values.items() if value is not strawberry.UNSET}


def value_of(enum_value: Any) -> Any:
    """An enum input's stored value; UNSET and null pass through."""
    return enum_value.value if hasattr(enum_value, "value") else enum_value


def ids(values: Any, type_name: str, field: str) -> Any:
    """A list of global ids decoded (`field[i]` names a bad one); UNSET passes through."""
    if values is strawberry.UNSET or values is None:
        return values
    return [decode_id(v, type_name, field=f"{field}[{i}]") for i, v in enumerate(values)]


def opt_id(value: Any, type_name: str, field: str) -> Any:
    """An optional global id decoded; UNSET and null pass through."""
    if value is strawberry.UNSET or value is None:
        return value
    return decode_id(value, type_name, field=field)


def guarded(info: Info, account_of: Callable[[Session], int], work: Callable[[Session], T]) -> Any:
    """`work` as one transaction, after checking the token may write to `account_of`'s account."""
    principal = info.context.principal

    def unit(session: Session) -> T:
        require_account_write(session, principal, account_of(session))
        return work(session)

    return mutate(info.context.session, unit)


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
    async def person(self, info: Info) -> Person | None:
        return await _person(info, self.person_pk)

    @strawberry.field
    async def contact(self, info: Info) -> Contact | None:
        found = await _contacts(info, [self.contact_pk])
        return found[0] if found else None


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
        found = await _accounts(info, [self.account_pk])
        return found[0] if found else None

    @strawberry.field
    async def people(self, info: Info) -> list[Person]:
        rows = await info.context.loader(person_by_id).load_many(self.person_pks)
        return [Person.from_row(row) for row in rows if row is not None]

    @strawberry.field
    async def contacts(self, info: Info) -> list[Contact]:
        return await _contacts(info, self.contact_pks)


@strawberry.type
class RecordInteractionSuccess:
    interaction: Interaction


if TYPE_CHECKING:  # what mypy sees; strawberry sees the named unions below
    CreateAccountResult = CreateAccountSuccess | Error
    UpdateAccountResult = UpdateAccountSuccess | Error
    CreateContactResult = CreateContactSuccess | Error
    UpdateContactResult = UpdateContactSuccess | Error
    UpsertRelationshipResult = UpsertRelationshipSuccess | Error
    RemoveRelationshipResult = RemoveRelationshipSuccess | Error
    RecordInteractionResult = RecordInteractionSuccess | Error
else:
    CreateAccountResult = result_union("CreateAccountResult", CreateAccountSuccess)
    UpdateAccountResult = result_union("UpdateAccountResult", UpdateAccountSuccess)
    CreateContactResult = result_union("CreateContactResult", CreateContactSuccess)
    UpdateContactResult = result_union("UpdateContactResult", UpdateContactSuccess)
    UpsertRelationshipResult = result_union("UpsertRelationshipResult", UpsertRelationshipSuccess)
    RemoveRelationshipResult = result_union("RemoveRelationshipResult", RemoveRelationshipSuccess)
    RecordInteractionResult = result_union("RecordInteractionResult", RecordInteractionSuccess)


def _account_fields(data: Any) -> dict[str, Any]:
    return given(
        name=data.name,
        industry=data.industry,
        tier=value_of(data.tier),
        stage=data.stage,
        growth=data.growth,
        fit=data.fit,
        strategic_value=data.strategic_value,
        kam_id=opt_id(data.kam_id, "Person", "kamId"),
        competitor_ids=ids(data.competitor_ids, "Account", "competitorIds"),
    )


def _contact_of(contact_id: strawberry.ID) -> Callable[[Session], int]:
    return lambda s: (
        contacts.get_contact(s, decode_id(contact_id, "Contact", field="contactId")).account_id
    )


def _account_of(account_id: strawberry.ID) -> Callable[[Session], int]:
    return lambda s: service.get_account(s, decode_id(account_id, "Account", field="accountId")).id


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Open a key account; the caller is its KAM unless named.")
    def create_account(self, info: Info, input: CreateAccountInput) -> CreateAccountResult:
        principal = info.context.principal

        def work(session: Session) -> CreateAccountSuccess:
            if not can_create_accounts(principal):
                raise ForbiddenError("only a kam_lead token with a person may open accounts")
            fields = _account_fields(input)
            fields.setdefault("kam_id", principal.person_id)
            return CreateAccountSuccess(
                account=Account.from_row(service.create_account(session, **fields))
            )

        return mutate(info.context.session, work)

    @strawberry.mutation
    def update_account(self, info: Info, input: UpdateAccountInput) -> UpdateAccountResult:
        def work(session: Session) -> UpdateAccountSuccess:
            pk = decode_id(input.account_id, "Account", field="accountId")
            row = service.update_account(session, account_id=pk, **_account_fields(input))
            return UpdateAccountSuccess(account=Account.from_row(row))

        return guarded(info, _account_of(input.account_id), work)

    @strawberry.mutation
    def create_contact(self, info: Info, input: CreateContactInput) -> CreateContactResult:
        def work(session: Session) -> CreateContactSuccess:
            row = contacts.create_contact(
                session,
                account_id=decode_id(input.account_id, "Account", field="accountId"),
                **given(
                    name=input.name,
                    title=input.title,
                    department=input.department,
                    buying_role=value_of(input.buying_role),
                    influence=input.influence,
                    reports_to_id=opt_id(input.reports_to_id, "Contact", "reportsToId"),
                ),
            )
            return CreateContactSuccess(contact=Contact.from_row(row))

        return guarded(info, _account_of(input.account_id), work)

    @strawberry.mutation
    def update_contact(self, info: Info, input: UpdateContactInput) -> UpdateContactResult:
        def work(session: Session) -> UpdateContactSuccess:
            row = contacts.update_contact(
                session,
                contact_id=decode_id(input.contact_id, "Contact", field="contactId"),
                **given(
                    name=input.name,
                    title=input.title,
                    department=input.department,
                    buying_role=value_of(input.buying_role),
                    influence=input.influence,
                    reports_to_id=opt_id(input.reports_to_id, "Contact", "reportsToId"),
                    left_company=input.left_company,
                ),
            )
            return UpdateContactSuccess(contact=Contact.from_row(row))

        return guarded(info, _contact_of(input.contact_id), work)

    @strawberry.mutation(description="Set how well one of our people knows a contact.")
    def upsert_relationship(
        self, info: Info, input: UpsertRelationshipInput
    ) -> UpsertRelationshipResult:
        def work(session: Session) -> UpsertRelationshipSuccess:
            row = contacts.upsert_relationship(
                session,
                person_id=decode_id(input.person_id, "Person", field="personId"),
                contact_id=decode_id(input.contact_id, "Contact", field="contactId"),
                **given(strength=input.strength, last_interaction=input.last_interaction),
            )
            return UpsertRelationshipSuccess(relationship=Relationship.from_row(row))

        return guarded(info, _contact_of(input.contact_id), work)

    @strawberry.mutation
    def remove_relationship(
        self, info: Info, input: RemoveRelationshipInput
    ) -> RemoveRelationshipResult:
        def work(session: Session) -> RemoveRelationshipSuccess:
            person_pk = decode_id(input.person_id, "Person", field="personId")
            contact_pk = decode_id(input.contact_id, "Contact", field="contactId")
            contacts.remove_relationship(session, person_id=person_pk, contact_id=contact_pk)
            return RemoveRelationshipSuccess(person_pk=person_pk, contact_pk=contact_pk)

        return guarded(info, _contact_of(input.contact_id), work)

    @strawberry.mutation(
        description="Record a meeting, call...: touches (or creates) the relationships present."
    )
    def record_interaction(
        self, info: Info, input: RecordInteractionInput
    ) -> RecordInteractionResult:
        def work(session: Session) -> RecordInteractionSuccess:
            person_pks = ids(input.person_ids, "Person", "personIds")
            contact_pks = ids(input.contact_ids, "Contact", "contactIds")
            row = contacts.record_interaction(
                session,
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

        return guarded(info, _account_of(input.account_id), work)
