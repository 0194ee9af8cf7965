"""The accounts domain's enums, registered as GraphQL enums (names and values as the domain's,
so the schema, the models' CHECK constraints and the services agree by construction)."""

from __future__ import annotations

import strawberry

from teamgraph.accounts.models import AccountTier, BuyingRole, InteractionKind

__all__ = ["AccountTier", "BuyingRole", "InteractionKind"]

strawberry.enum(AccountTier, description="How strategic the account is.")
strawberry.enum(BuyingRole, description="A contact's part in the customer's buying decision.")
strawberry.enum(InteractionKind)
