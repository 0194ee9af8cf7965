"""The accounts domain's enums as GraphQL enums."""

from __future__ import annotations

from enum import Enum

import strawberry


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
