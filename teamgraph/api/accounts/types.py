"""The `Account` and `Contact` nodes and the relationships between our people and contacts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from teamgraph.accounts import models
from teamgraph.api.accounts.loaders import (
    account_by_id,
    competitors_by_account_id,
    conflicts_by_account_id,
    contact_by_id,
    contacts_by_account_id,
    relationships_by_account_id,
    relationships_by_contact_id,
    reports_by_contact_id,
)
from teamgraph.api.core.connections import Connection, connection, page_request
from teamgraph.api.core.context import Info
from teamgraph.api.core.enums import AccountTier, BuyingRole
from teamgraph.api.core.ids import to_global_id
from teamgraph.api.core.nodes import Node, build_nodes, load_node, load_nodes, register_node
from teamgraph.api.coverage.queries import account_coverage
from teamgraph.api.plans.loaders import plans_by_account_id

if TYPE_CHECKING:
    from teamgraph.api.coverage.types import AccountCoverage
    from teamgraph.api.people.types import Person
    from teamgraph.api.plans.types import Plan

PersonRef = Annotated["Person", strawberry.lazy("teamgraph.api.people.types")]


@strawberry.type(description="One of our people knows one of the customer's contacts.")
class Relationship:
    person_pk: strawberry.Private[int]
    contact_pk: strawberry.Private[int]
    strength: float = strawberry.field(description="0 (none) to 1 (strong), as recorded.")
    last_interaction: dt.date | None

    @strawberry.field
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.person_pk)

    @strawberry.field
    async def contact(self, info: Info) -> Contact | None:
        return await load_node(info, "Contact", self.contact_pk)

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
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.person_pk)


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
        return await load_node(info, "Account", self.account_pk)

    @strawberry.field(description="The contact's manager, in the same account.")
    async def reports_to(self, info: Info) -> Contact | None:
        return await load_node(info, "Contact", self.reports_to_pk)

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
    async def kam(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.kam_pk)

    @strawberry.field(description="Accounts that compete with this one.")
    async def competitors(self, info: Info) -> list[Account]:
        rows = await info.context.loader(competitors_by_account_id).load(self.pk)
        return await load_nodes(info, "Account", [row.competitor_id for row in rows])

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
    ) -> list[Annotated[Plan, strawberry.lazy("teamgraph.api.plans.types")]]:
        rows = await info.context.loader(plans_by_account_id).load(self.pk)
        return build_nodes("Plan", rows)

    @strawberry.field(
        description="The relationship web: breadth, single points of failure, a drawable graph."
    )
    def coverage(
        self, info: Info, as_of: dt.date | None = None
    ) -> Annotated[AccountCoverage, strawberry.lazy("teamgraph.api.coverage.types")]:
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


register_node("Account", account_by_id, Account.from_row)
register_node("Contact", contact_by_id, Contact.from_row)
