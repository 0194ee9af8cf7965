"""The domains' enums registered as GraphQL enums, in one place every API module can import.

Each domain owns its enums (`StrEnum`s in its models); registering the same classes here makes
the schema's names and values the domain's, so the schema, the models' CHECK constraints and
the services agree by construction (tests/api/test_enums.py holds them to it).
"""

from __future__ import annotations

import strawberry

from teamgraph.accounts.models import AccountTier, BuyingRole, InteractionKind
from teamgraph.auth.models import Role
from teamgraph.plans.models import (
    AssignmentRole,
    AssignmentSource,
    ChangeAction,
    PlanStatus,
    ProposalStatus,
    TaskKind,
    TaskStatus,
)

__all__ = [
    "AccountTier",
    "AssignmentRole",
    "AssignmentSource",
    "BuyingRole",
    "ChangeAction",
    "InteractionKind",
    "PlanStatus",
    "ProposalStatus",
    "Role",
    "TaskKind",
    "TaskStatus",
]

strawberry.enum(AccountTier, description="How strategic the account is.")
strawberry.enum(BuyingRole, description="A contact's part in the customer's buying decision.")
strawberry.enum(InteractionKind)
strawberry.enum(PlanStatus)
strawberry.enum(TaskKind)
strawberry.enum(TaskStatus)
strawberry.enum(AssignmentRole)
strawberry.enum(
    AssignmentSource,
    description="Who made an assignment: a person, or an accepted solver proposal.",
)
strawberry.enum(ChangeAction)
strawberry.enum(ProposalStatus)
strawberry.enum(Role, description="What an API token may do.")
