"""Accounts: the type and the `accounts` connection."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from teamgraph.accounts import models, service
from teamgraph.api.context import Context, Info
from teamgraph.api.relay import (
    Connection,
    Node,
    connection,
    page_request,
    register_node,
    to_global_id,
)


def account_by_id(ctx: Context) -> DataLoader[int, models.Account | None]:
    async def load(keys: list[int]) -> list[models.Account | None]:
        rows = ctx.session.scalars(select(models.Account).where(models.Account.id.in_(keys)))
        by_id = {row.id: row for row in rows}
        return [by_id.get(key) for key in keys]

    return DataLoader(load_fn=load)


@strawberry.type
class Account(Node):
    pk: strawberry.Private[int]
    name: str
    industry: str
    tier: str
    stage: int

    @classmethod
    def from_row(cls, row: models.Account) -> Account:
        return cls(
            id=to_global_id("Account", row.id),
            pk=row.id,
            name=row.name,
            industry=row.industry,
            tier=row.tier,
            stage=row.stage,
        )


async def _fetch(ctx: Context, keys: list[int]) -> Sequence[Account | None]:
    rows = await ctx.loader(account_by_id).load_many(keys)
    return [Account.from_row(row) if row is not None else None for row in rows]


register_node("Account", _fetch)


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
