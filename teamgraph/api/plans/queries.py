"""The plans' queries: `plan(id:)` and the `plans` connection."""

from __future__ import annotations

import strawberry

from teamgraph.api.core.connections import Connection, connection, page_request
from teamgraph.api.core.context import Info
from teamgraph.api.core.enums import PlanStatus
from teamgraph.api.core.ids import decode_optional_id
from teamgraph.api.core.nodes import node_by_global_id
from teamgraph.api.plans.types import Plan
from teamgraph.plans import service


@strawberry.type
class PlansQuery:
    @strawberry.field(description="A plan by its global id; null if there is none.")
    async def plan(self, info: Info, id: strawberry.ID) -> Plan | None:
        return await node_by_global_id(info, id, "Plan")

    @strawberry.field(description="Plans by name, optionally of one account and in one status.")
    def plans(
        self,
        info: Info,
        account: strawberry.ID | None = None,
        status: PlanStatus | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Plan]:
        ctx = info.context
        page = service.list_plans(
            ctx.session,
            page_request(first, after, last, before),
            account_id=decode_optional_id(account, "Account", field="account"),
            status=status.value if status is not None else None,
            max_size=ctx.settings.max_page_size,
        )
        return connection(page, Plan.from_row)
