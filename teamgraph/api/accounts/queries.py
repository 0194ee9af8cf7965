"""The accounts' queries: `account(id:)` and the `accounts` connection."""

from __future__ import annotations

import strawberry

from teamgraph.accounts import service
from teamgraph.api.accounts.types import Account
from teamgraph.api.core.connections import Connection, connection, page_request
from teamgraph.api.core.context import Info
from teamgraph.api.core.enums import AccountTier
from teamgraph.api.core.nodes import node_by_global_id


@strawberry.input
class AccountFilter:
    tier: AccountTier | None = None
    industry: str | None = None


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="An account by its global id; null if there is none.")
    async def account(self, info: Info, id: strawberry.ID) -> Account | None:
        return await node_by_global_id(info, id, "Account")

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
