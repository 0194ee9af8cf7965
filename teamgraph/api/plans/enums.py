"""The plans domain's enums, registered as GraphQL enums (names and values as the domain's,
so the schema, the models' CHECK constraints and the services agree by construction)."""

from __future__ import annotations

import strawberry

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
    "AssignmentRole",
    "AssignmentSource",
    "ChangeAction",
    "PlanStatus",
    "ProposalStatus",
    "TaskKind",
    "TaskStatus",
]

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
