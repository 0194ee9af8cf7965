"""solve_job: solves as jobs; on PostgreSQL, procrastinate's queue in a schema of its own

The job row holds what the API reads in every mode (status, progress, answer, error). On
PostgreSQL procrastinate dispatches the jobs: its schema (procrastinate's own SQL, of the
version installed) is applied here, in the schema `procrastinate`, so that `teamgraph migrate`
is the one step that readies a database and a downgrade removes it whole. SQLite needs no
queue tables: the rows are the queue there.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SCHEMA = "procrastinate"


def upgrade() -> None:
    op.create_table(
        "solve_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("input", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("elapsed_seconds", sa.Float(), nullable=True),
        sa.Column("solutions_found", sa.Integer(), nullable=False),
        sa.Column("best_objective", sa.Float(), nullable=True),
        sa.Column("bound", sa.Float(), nullable=True),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.Column("error", sa.String(length=2000), nullable=True),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_by_person_id", sa.Integer(), nullable=True),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("run_by", sa.String(length=200), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('assemble', 'what_if')", name=op.f("ck_solve_job_kind")),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')",
            name=op.f("ck_solve_job_status"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_solve_job_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_solve_job_proposal_id_proposal"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_person_id"],
            ["person.id"],
            name=op.f("fk_solve_job_created_by_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["token_id"],
            ["api_token.id"],
            name=op.f("fk_solve_job_token_id_api_token"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_solve_job")),
    )
    op.create_index(op.f("ix_solve_job_plan_id"), "solve_job", ["plan_id"])
    op.create_index("ix_solve_job_status", "solve_job", ["status"])
    op.create_index("ix_solve_job_token_id_status", "solve_job", ["token_id", "status"])
    if op.get_bind().dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        bind = op.get_bind()
        path = bind.scalar(sa.text("SELECT current_setting('search_path')"))
        bind.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
        # procrastinate's SQL names no schema: made with `procrastinate` first on the path.
        bind.exec_driver_sql(f"SET LOCAL search_path TO {SCHEMA}")
        bind.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))
        bind.execute(sa.text("SELECT set_config('search_path', :path, true)"), {"path": path})


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    op.drop_index("ix_solve_job_token_id_status", table_name="solve_job")
    op.drop_index("ix_solve_job_status", table_name="solve_job")
    op.drop_index(op.f("ix_solve_job_plan_id"), table_name="solve_job")
    op.drop_table("solve_job")
