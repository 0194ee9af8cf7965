"""The plans domain's enums as GraphQL enums."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum
class PlanStatus(Enum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


@strawberry.enum
class TaskKind(Enum):
    RESEARCH = "research"
    ADMIN = "admin"
    SUPPORT = "support"
    CONFLICT_HANDLING = "conflict_handling"
    PITCH = "pitch"
    NEGOTIATION = "negotiation"
    EXECUTIVE_SPONSORSHIP = "executive_sponsorship"
    ONBOARDING = "onboarding"
    REVIEW = "review"
    SOLUTION_DESIGN = "solution_design"
    TRAINING = "training"


@strawberry.enum
class TaskStatus(Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


@strawberry.enum
class AssignmentRole(Enum):
    LEAD = "lead"
    MEMBER = "member"


@strawberry.enum(description="Who made an assignment: a person, or an accepted solver proposal.")
class AssignmentSource(Enum):
    MANUAL = "manual"
    SOLVER = "solver"


@strawberry.enum
class ChangeAction(Enum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@strawberry.enum
class ProposalStatus(Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DISCARDED = "discarded"
