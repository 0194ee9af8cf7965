"""A solve job's row: what was asked, where it stands, how far the solver got, and its answer.

The API reads this row whatever runs the job (a `teamgraph worker` on another machine, or the
server's own worker on SQLite): the queue engine only dispatches.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from teamgraph.orm import Base, Created, IntPk, in_list


class JobKind(StrEnum):
    ASSEMBLE = "assemble"
    WHAT_IF = "what_if"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINAL_STATUSES = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED})
WAITING_STATUSES = frozenset({JobStatus.QUEUED, JobStatus.RUNNING})


class SolveJob(Base):
    __tablename__ = "solve_job"
    __table_args__ = (
        CheckConstraint(in_list("kind", JobKind), name="kind"),
        CheckConstraint(in_list("status", JobStatus), name="status"),
        # The per-token cap counts a token's waiting jobs.
        Index("ix_solve_job_token_id_status", "token_id", "status"),
        Index("ix_solve_job_status", "status"),
    )

    id: Mapped[IntPk]
    kind: Mapped[str] = mapped_column(String(16))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    # What the solve was asked (checked when submitted): time limit, weights, seed, release,
    # the people leaving (what-if).
    input: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED)
    # Progress: the best solution so far (CP-SAT's callback), written a few times a second.
    elapsed_seconds: Mapped[float | None] = mapped_column(Float)
    solutions_found: Mapped[int] = mapped_column(default=0)
    best_objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="SET NULL"))
    # A what-if's figures (coverage now and without, lost, moves, newly unfilled).
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(String(2000))
    created_by: Mapped[str] = mapped_column(String(254), default="")
    created_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id", ondelete="SET NULL"))
    # The process that ran (or runs) it: host:pid, for operators and for the tests of sharing.
    run_by: Mapped[str | None] = mapped_column(String(200))
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # Runs begun: a run cut short (its worker killed) is retried until MAX_ATTEMPTS.
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[Created]
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Written by the process running the job every few seconds: a RUNNING job whose heartbeat
    # stopped was orphaned by a dead worker.
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
