"""The `ApiToken` node: what HR sees of a token (never its secret, shown once at creation).

Only hr_admin sees tokens: for anyone else the loader finds none, so `node(id:)` answers as not
found and `apiTokens` is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.dataloader import DataLoader

from teamgraph.api.core.context import Context, Info
from teamgraph.api.core.ids import to_global_id
from teamgraph.api.core.nodes import Node, load_node, register_node
from teamgraph.auth.models import ApiToken as ApiTokenRow
from teamgraph.auth.models import Role
from teamgraph.auth.policy import is_hr
from teamgraph.auth.service import as_utc
from teamgraph.orm import utcnow
from teamgraph.rows import rows_by_id

if TYPE_CHECKING:
    from teamgraph.api.people.types import Person

PersonRef = Annotated["Person", strawberry.lazy("teamgraph.api.people.types")]


@strawberry.type(description="An API token, without its secret (shown once, when created).")
class ApiToken(Node):
    pk: strawberry.Private[int]
    person_pk: strawberry.Private[int | None]
    role: Role
    label: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = strawberry.field(description="Null unless revoked.")
    expires_at: dt.datetime | None = strawberry.field(
        description="From this moment on the token is refused (401); null: it never expires."
    )

    @strawberry.field(description="A revoked token is refused (401) from then on.")
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @strawberry.field(description="Past its `expiresAt`: refused (401).")
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()

    @strawberry.field(description="The person a kam_lead token acts as; null for none.")
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.person_pk)

    @classmethod
    def from_row(cls, row: ApiTokenRow) -> ApiToken:
        return cls(
            id=to_global_id("ApiToken", row.id),
            pk=row.id,
            person_pk=row.person_id,
            role=Role(row.role),
            label=row.label,
            created_at=as_utc(row.created_at),
            revoked_at=None if row.revoked_at is None else as_utc(row.revoked_at),
            expires_at=None if row.expires_at is None else as_utc(row.expires_at),
        )


def token_by_id(ctx: Context) -> DataLoader[int, ApiTokenRow | None]:
    """Tokens by id, for hr_admin only (none for any other caller)."""
    hr = is_hr(ctx.principal)

    async def load(keys: list[int]) -> list[ApiTokenRow | None]:
        found = rows_by_id(ctx.session, ApiTokenRow, keys) if hr else {}
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


register_node("ApiToken", token_by_id, ApiToken.from_row)
