"""proposal: status "superseded" (accepting a proposal supersedes the plan's other open ones)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 10:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BEFORE = "status IN ('open', 'accepted', 'discarded')"
AFTER = "status IN ('open', 'accepted', 'discarded', 'superseded')"


def upgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_proposal_status"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_proposal_status"), AFTER)


def downgrade() -> None:
    # Before 0003 a proposal that lost out to an accepted one could only be "discarded".
    op.execute("UPDATE proposal SET status = 'discarded' WHERE status = 'superseded'")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_proposal_status"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_proposal_status"), BEFORE)
