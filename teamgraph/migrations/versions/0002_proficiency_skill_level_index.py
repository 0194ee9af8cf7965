"""proficiency: one covering index for "who holds skill S at level L or above"

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 02:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proficiency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proficiency_skill_id"))
        batch_op.create_index(
            batch_op.f("ix_proficiency_skill_id_level_person_id"),
            ["skill_id", "level", "person_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("proficiency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proficiency_skill_id_level_person_id"))
        batch_op.create_index(batch_op.f("ix_proficiency_skill_id"), ["skill_id"], unique=False)
