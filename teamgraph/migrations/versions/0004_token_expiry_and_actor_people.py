"""api_token.expires_at; plan_change.actor_person_id and proposal.created_by_person_id

Tokens may expire. The history's actor and a proposal's creator become people (shown by name to
those who may not see emails); rows written before keep their text and are linked to the person
whose email it is.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, text column, new person column)
PEOPLE = (
    ("plan_change", "actor", "actor_person_id"),
    ("proposal", "created_by", "created_by_person_id"),
)


def upgrade() -> None:
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    for table, text_column, person_column in PEOPLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(person_column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_{person_column}_person"),
                "person",
                [person_column],
                ["id"],
                ondelete="SET NULL",
            )
        op.execute(
            f"UPDATE {table} SET {person_column} = "
            f"(SELECT person.id FROM person WHERE person.email = {table}.{text_column})"
        )


def downgrade() -> None:
    for table, _text_column, person_column in PEOPLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_{person_column}_person"), type_="foreignkey"
            )
            batch_op.drop_column(person_column)
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
