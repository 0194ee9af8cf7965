"""Accounts: the type and the `accounts` connection."""

from __future__ import annotations

import strawberry

from teamgraph.accounts import models, service
from teamgraph.api.context import Info
from teamgraph.api.relay import Connection, connection, page_request, to_global_id


@strawberry.type
class Account:
    id: strawberry.ID
    name: str
    industry: str
    tier: str
    stage: int

    @classmethod
    def from_row(cls, row: models.Account) -> Account:
        return cls(
            id=to_global_id("Account", row.id),
            name=row.name,
            industry=row.industry,
            tier=row.tier,
            stage=row.stage,
        )


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="Key accounts, by name.")
    def accounts(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Account]:
        ctx = info.context
        page = service.list_accounts(
            ctx.session,
            page_request(first, after, last, before),
            max_size=ctx.settings.max_page_size,
        )
        return connection(page, Account.from_row)
