"""`revokeToken`: HR withdraws a token by id; it is refused from the next request on."""

from __future__ import annotations

import strawberry

from teamgraph.api.auth.types import ApiToken
from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id
from teamgraph.api.core.mutations import hr_only, transactional
from teamgraph.auth import service


@strawberry.input
class RevokeTokenInput:
    token_id: strawberry.ID


@strawberry.type
class RevokeTokenSuccess:
    token: ApiToken = strawberry.field(description="Revoking twice keeps the first time.")


@strawberry.type
class TokenMutations:
    @strawberry.mutation(description="Revoke an API token (hr_admin only).")
    @transactional(hr_only("revoke tokens"))
    def revoke_token(self, info: Info, input: RevokeTokenInput) -> RevokeTokenSuccess:
        row = service.revoke_token_id(
            info.context.session, token_id=decode_id(input.token_id, "ApiToken", field="tokenId")
        )
        return RevokeTokenSuccess(token=ApiToken.from_row(row))
