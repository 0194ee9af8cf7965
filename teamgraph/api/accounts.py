"""Accounts and contacts: the `Account` and `Contact` nodes, relationships, their loaders, and
the `account` / `accounts` queries. Mutations live in `account_mutations`.

Every list a field resolves goes through a per-request DataLoader, so a nested query costs a
fixed number of statements whatever the number of rows (tests/api count them). The loader
factories of teamgraph.api.loaders turn a service's batch read into a loader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.orm import Session

from teamgraph.accounts import contacts as contact_service
from teamgraph.accounts import models, service
from teamgraph.api.context import Context, Info
from teamgraph.api.loaders import Factory, grouped, keyed, paged
from teamgraph.api.people import Person, person_by_id
from teamgraph.api.relay import (
    Connection,
    Node,
    connection,
    from_global_id,
    page_request,
    register_node,
    to_global_id,
)
from teamgraph.errors import DomainError
from teamgraph.plans.models import Plan as PlanRow
from teamgraph.rows import rows_by_id, rows_grouped

if TYPE_CHECKING:
    from teamgraph.api.coverage import AccountCoverage
    from teamgraph.api.plans import Plan


# --- loaders --------------------------------------------------------------------------------------


def _by_id(model: type[Any]) -> Callable[[Session, list[int]], Mapping[int, Any]]:
    return lambda session, ids: rows_by_id(session, model, ids)


def _grouped_by(column: Any, *order: Any) -> Callable[[Session, list[int]], Mapping[int, Any]]:
    return lambda session, ids: rows_grouped(session, column, ids, order)


account_by_id = keyed(_by_id(models.Account))
contact_by_id = keyed(_by_id(models.Contact))
reports_by_contact_id = grouped(_grouped_by(models.Contact.reports_to_id, models.Contact.name))
relationships_by_contact_id = grouped(
    _grouped_by(models.Relationship.contact_id, models.Relationship.strength.desc())
)
relationships_by_account_id = grouped(contact_service.relationships_by_account_id)
competitors_by_account_id = grouped(_grouped_by(models.AccountCompetitor.account_id))
conflicts_by_account_id = grouped(_grouped_by(models.ConflictOfInterest.account_id))
plans_by_account_id = grouped(_grouped_by(PlanRow.account_id, PlanRow.period_start.desc()))
contacts_by_account_id = paged(
    lambda session, ids, page, flt, max_size: contact_service.contacts_pages(
        session, ids, page, buying_role=flt[0], department=flt[1], max_size=max_size
    )
)


# --- enums --------------------------------------------------------------------------------------


@strawberry.enum(description="How strategic the account is.")
class AccountTier(Enum):
    STRATEGIC = "strategic"
    KEY = "key"
    DEVELOPMENT = "development"


@strawberry.enum(description="A contact's part in the customer's buying decision.")
class BuyingRole(Enum):
    DECISION_MAKER = "decision_maker"
    ECONOMIC_BUYER = "economic_buyer"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    TECHNICAL_EVALUATOR = "technical_evaluator"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    BLOCKER = "blocker"


@strawberry.enum
class InteractionKind(Enum):
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    WORKSHOP = "workshop"
    EVENT = "event"
    VISIT = "visit"


# --- types --------------------------------------------------------------------------------------


async def _person(info: Info, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    row = await info.context.loader(person_by_id).load(person_id)
    return Person.from_row(row) if row is not None else None


async def _contacts(info: Info, ids: Sequence[int]) -> list[Contact]:
    rows = await info.context.loader(contact_by_id).load_many(list(ids))
    return [Contact.from_row(row) for row in rows if row is not None]


async def _accounts(info: Info, ids: Sequence[int]) -> list[Account]:
    rows = await info.context.loader(account_by_id).load_many(list(ids))
    return [Account.from_row(row) for row in rows if row is not None]


@strawberry.type(description="One of our people knows one of the customer's contacts.")
class Relationship:
    person_pk: strawberry.Private[int]
    contact_pk: strawberry.Private[int]
    strength: float = strawberry.field(description="0 (none) to 1 (strong), as recorded.")
    last_interaction: dt.date | None

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await _person(info, self.person_pk)

    @strawberry.field
    async def contact(self, info: Info) -> Contact | None:
        found = await _contacts(info, [self.contact_pk])
        return found[0] if found else None

    @classmethod
    def from_row(cls, row: models.Relationship) -> Relationship:
        return cls(
            person_pk=row.person_id,
            contact_pk=row.contact_id,
            strength=row.strength,
            last_interaction=row.last_interaction,
        )


@strawberry.type(description="A person barred from serving this account.")
class ConflictOfInterest:
    person_pk: strawberry.Private[int]
    reason: str

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await _person(info, self.person_pk)


@strawberry.input
class ContactFilter:
    buying_role: BuyingRole | None = None
    department: str | None = None


@strawberry.type(description="A person at the customer, placed in its org chart.")
class Contact(Node):
    pk: strawberry.Private[int]
    account_pk: strawberry.Private[int]
    reports_to_pk: strawberry.Private[int | None]
    name: str
    title: str
    department: str
    buying_role: BuyingRole
    influence: int = strawberry.field(description="1 (little) to 5 (decisive).")
    left_company: bool

    @strawberry.field
    async def account(self, info: Info) -> Account | None:
        found = await _accounts(info, [self.account_pk])
        return found[0] if found else None

    @strawberry.field(description="The contact's manager, in the same account.")
    async def reports_to(self, info: Info) -> Contact | None:
        if self.reports_to_pk is None:
            return None
        found = await _contacts(info, [self.reports_to_pk])
        return found[0] if found else None

    @strawberry.field(description="Contacts who report to this one, by name.")
    async def reports(self, info: Info) -> list[Contact]:
        rows = await info.context.loader(reports_by_contact_id).load(self.pk)
        return [Contact.from_row(row) for row in rows]

    @strawberry.field(description="Our people who know this contact, strongest first.")
    async def relationships(self, info: Info) -> list[Relationship]:
        rows = await info.context.loader(relationships_by_contact_id).load(self.pk)
        return [Relationship.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: models.Contact) -> Contact:
        return cls(
            id=to_global_id("Contact", row.id),
            pk=row.id,
            account_pk=row.account_id,
            reports_to_pk=row.reports_to_id,
            name=row.name,
            title=row.title,
            department=row.department,
            buying_role=BuyingRole(row.buying_role),
            influence=row.influence,
            left_company=row.left_company,
        )


@strawberry.type
class Account(Node):
    pk: strawberry.Private[int]
    kam_pk: strawberry.Private[int | None]
    name: str
    industry: str
    tier: AccountTier
    stage: int = strawberry.field(description="Relationship stage, 1 (exploratory) to 5.")
    growth: int = strawberry.field(description="Score 1..5: room to grow revenue and margin.")
    fit: int = strawberry.field(description="Score 1..5: how well our solution suits them.")
    strategic_value: int = strawberry.field(description="Score 1..5: partner, marquee, influence.")

    @strawberry.field(description="The key account manager.")
    async def kam(self, info: Info) -> Person | None:
        return await _person(info, self.kam_pk)

    @strawberry.field(description="Accounts that compete with this one.")
    async def competitors(self, info: Info) -> list[Account]:
        rows = await info.context.loader(competitors_by_account_id).load(self.pk)
        return await _accounts(info, [row.competitor_id for row in rows])

    @strawberry.field(description="The account's contacts, by name.")
    async def contacts(
        self,
        info: Info,
        filter: ContactFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Contact]:
        flt = filter or ContactFilter()
        key = (
            flt.buying_role.value if flt.buying_role is not None else None,
            flt.department,
        )
        page = await info.context.loader(contacts_by_account_id).load(
            (self.pk, key, page_request(first, after, last, before))
        )
        return connection(page, Contact.from_row)

    @strawberry.field(
        description="Every relationship with the account's contacts, strongest first."
    )
    async def relationships(self, info: Info) -> list[Relationship]:
        rows = await info.context.loader(relationships_by_account_id).load(self.pk)
        return [Relationship.from_row(row) for row in rows]

    @strawberry.field(description="The account's plans, latest period first.")
    async def plans(
        self, info: Info
    ) -> list[Annotated[Plan, strawberry.lazy("teamgraph.api.plans")]]:
        from teamgraph.api.plans import Plan

        rows = await info.context.loader(plans_by_account_id).load(self.pk)
        return [Plan.from_row(row) for row in rows]

    @strawberry.field(
        description="The relationship web: breadth, single points of failure, a drawable graph."
    )
    def coverage(
        self, info: Info, as_of: dt.date | None = None
    ) -> Annotated[AccountCoverage, strawberry.lazy("teamgraph.api.coverage")]:
        from teamgraph.api.coverage import account_coverage

        return account_coverage(info, self.pk, as_of)

    @strawberry.field(description="People who may not serve this account.")
    async def conflicts(self, info: Info) -> list[ConflictOfInterest]:
        rows = await info.context.loader(conflicts_by_account_id).load(self.pk)
        return [ConflictOfInterest(person_pk=row.person_id, reason=row.reason) for row in rows]

    @classmethod
    def from_row(cls, row: models.Account) -> Account:
        return cls(
            id=to_global_id("Account", row.id),
            pk=row.id,
            kam_pk=row.kam_id,
            name=row.name,
            industry=row.industry,
            tier=AccountTier(row.tier),
            stage=row.stage,
            growth=row.growth,
            fit=row.fit,
            strategic_value=row.strategic_value,
        )


def _fetcher(loader: Factory, to_node: Callable[[Any], Any]) -> Any:
    async def fetch(ctx: Context, keys: list[int]) -> Sequence[Any | None]:
        rows = await ctx.loader(loader).load_many(keys)
        return [to_node(row) if row is not None else None for row in rows]

    return fetch


register_node("Account", _fetcher(account_by_id, Account.from_row))
register_node("Contact", _fetcher(contact_by_id, Contact.from_row))


async def node_of(info: Info, global_id: str, type_name: str, loader: Factory) -> Any | None:
    """The row behind a global id of `type_name`, or None (a lookup that finds nothing)."""
    try:
        _, pk = from_global_id(global_id, field="id", expect=type_name)
    except DomainError:
        return None
    return await info.context.loader(loader).load(pk)


@strawberry.input
class AccountFilter:
    tier: AccountTier | None = None
    industry: str | None = None


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="An account by its global id; null if there is none.")
    async def account(self, info: Info, id: strawberry.ID) -> Account | None:
        row = await node_of(info, id, "Account", account_by_id)
        return Account.from_row(row) if row is not None else None

    @strawberry.field(description="Key accounts, by name.")
    def accounts(
        self,
        info: Info,
        filter: AccountFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Account]:
        ctx = info.context
        flt = filter or AccountFilter()
        page = service.list_accounts(
            ctx.session,
            page_request(first, after, last, before),
            tier=flt.tier.value if flt.tier is not None else None,
            industry=flt.industry,
            max_size=ctx.settings.max_page_size,
        )
        return connection(page, Account.from_row)
