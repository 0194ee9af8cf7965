"""Plans, objectives, tasks (skills, contacts), assignments, proposals, reviews and history."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from teamgraph.orm import Base, Created, IntPk, in_list


class PlanStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class TaskKind(StrEnum):
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


class TaskStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


OPEN_TASK_STATUSES: tuple[TaskStatus, ...] = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
"""The statuses of work still to do: what staffing staffs, what counts in a person's load, and
what "who has the ball" lists. Done and cancelled tasks take no one new."""


class AssignmentRole(StrEnum):
    LEAD = "lead"
    MEMBER = "member"


class AssignmentSource(StrEnum):
    """Who made an assignment: a person, or an accepted solver proposal."""

    MANUAL = "manual"
    SOLVER = "solver"


class ProposalStatus(StrEnum):
    """An open proposal awaits review; accepting one supersedes the plan's other open ones; a
    KAM lead may discard one."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DISCARDED = "discarded"
    SUPERSEDED = "superseded"


class ChangeAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class Plan(Base):
    __tablename__ = "plan"
    __table_args__ = (
        CheckConstraint(in_list("status", PlanStatus), name="status"),
        CheckConstraint("period_end >= period_start", name="period_order"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        UniqueConstraint("account_id", "name"),
    )

    id: Mapped[IntPk]
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=PlanStatus.DRAFT)
    # Optimistic concurrency: two people editing one plan cannot silently overwrite each other.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[Created]

    __mapper_args__ = {"version_id_col": version}


class Objective(Base):
    """What the customer wants to achieve, and how it is measured (metric, baseline, target)."""

    __tablename__ = "objective"
    __table_args__ = (
        UniqueConstraint("plan_id", "id"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
    )

    id: Mapped[IntPk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    metric: Mapped[str] = mapped_column(String(300), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    current: Mapped[float | None] = mapped_column(Float)


class Task(Base):
    __tablename__ = "task"
    __table_args__ = (
        CheckConstraint(in_list("kind", TaskKind), name="kind"),
        CheckConstraint(in_list("status", TaskStatus), name="status"),
        CheckConstraint("effort_hours > 0", name="effort_positive"),
        CheckConstraint("headcount_min >= 0", name="headcount_min_range"),
        CheckConstraint(
            "headcount_max >= 1 AND headcount_max >= headcount_min", name="headcount_max_range"
        ),
        CheckConstraint("due IS NULL OR start IS NULL OR due >= start", name="due_after_start"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        # An objective of another plan cannot be this task's objective.
        ForeignKeyConstraint(
            ["plan_id", "objective_id"],
            ["objective.plan_id", "objective.id"],
            name="fk_task_objective_same_plan",
        ),
    )

    id: Mapped[IntPk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    objective_id: Mapped[int | None] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(300))
    effort_hours: Mapped[float] = mapped_column(Float)
    headcount_min: Mapped[int] = mapped_column(default=1)
    headcount_max: Mapped[int] = mapped_column(default=1)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    start: Mapped[dt.date | None] = mapped_column(Date)
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=TaskStatus.OPEN)


class TaskSkill(Base):
    __tablename__ = "task_skill"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
        CheckConstraint("weight >= 0", name="weight_non_negative"),
    )

    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    level: Mapped[int]
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class TaskContact(Base):
    """A customer contact the task's assignees will work with."""

    __tablename__ = "task_contact"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Assignment(Base):
    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint(in_list("role", AssignmentRole), name="role"),
        CheckConstraint(in_list("source", AssignmentSource), name="source"),
        UniqueConstraint("task_id", "person_id"),
        Index(
            "uq_assignment_one_lead",
            "task_id",
            unique=True,
            sqlite_where=text("role = 'lead'"),
            postgresql_where=text("role = 'lead'"),
        ),
    )

    id: Mapped[IntPk]
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(8), default=AssignmentRole.MEMBER)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(8), default=AssignmentSource.MANUAL)
    created_at: Mapped[Created]


class Proposal(Base):
    """A solver's answer for a plan, kept for the KAM lead to accept, edit or compare."""

    __tablename__ = "proposal"
    __table_args__ = (CheckConstraint(in_list("status", ProposalStatus), name="status"),)

    id: Mapped[IntPk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=ProposalStatus.OPEN)
    solver_status: Mapped[str] = mapped_column(String(16))
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    coverage_before: Mapped[dict[str, Any]] = mapped_column(JSON)
    coverage_after: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(254), default="")
    # The person whose token asked for it (None: the CLI, or a token without a person).
    created_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[Created]


class Review(Base):
    __tablename__ = "review"

    id: Mapped[IntPk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[Created]


class ObjectiveReading(Base):
    """The value an objective's measure had at a review."""

    __tablename__ = "objective_reading"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[float] = mapped_column(Float)


class PlanChange(Base):
    """One traced change to a plan or anything in it: who, when, what, old -> new."""

    __tablename__ = "plan_change"
    __table_args__ = (
        CheckConstraint(in_list("action", ChangeAction), name="action"),
        Index("ix_plan_change_plan_id_at", "plan_id", "changed_at"),
    )

    id: Mapped[IntPk]
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    changed_at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(254), default="")
    # The person who made it (None: the CLI, or a token without a person).
    actor_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(8))
    field: Mapped[str] = mapped_column(String(64), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
