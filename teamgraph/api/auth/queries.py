"""`apiTokens`: the tokens HR keeps, by id, without their secret (hr_admin only)."""

from __future__ import annotations

import strawberry

from teamgraph.api.auth.types import ApiToken
from teamgraph.api.core.connections import Connection, connection, page_request
from teamgraph.api.core.context import Info
from teamgraph.auth import service
from teamgraph.auth.policy import require_hr


@strawberry.type
class TokensQuery:
    @strawberry.field(
        description="API tokens by id, without their secret; revoked ones with "
        "`includeRevoked` (hr_admin only: FORBIDDEN otherwise)."
    )
    def api_tokens(
        self,
        info: Info,
        include_revoked: bool = False,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ApiToken]:
        ctx = info.context
        require_hr(ctx.principal, action="list tokens")
        page = service.list_tokens(
            ctx.session,
            page_request(first, after, last, before),
            include_revoked=include_revoked,
            max_size=ctx.settings.max_page_size,
        )
        return connection(page, ApiToken.from_row)
