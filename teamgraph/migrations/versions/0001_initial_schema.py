"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 12:27:55.676302

Over 400 lines by nature: the whole first schema, generated DDL, in one revision that is never
edited (later changes are new revisions).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=120), nullable=False),
        sa.Column("location", sa.String(length=120), nullable=False),
        sa.Column("capacity_hours", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("email LIKE '%_@_%'", name=op.f("ck_person_email_shape")),
        sa.CheckConstraint(
            "capacity_hours BETWEEN 0 AND 80", name=op.f("ck_person_capacity_range")
        ),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_person_email_lowercase")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_person_name_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("email", name=op.f("uq_person_email")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_department"), ["department"], unique=False)

    op.create_table(
        "proficiency_level",
        sa.Column("level", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_proficiency_level_level_range")),
        sa.PrimaryKeyConstraint("level", name=op.f("pk_proficiency_level")),
        sa.UniqueConstraint("label", name=op.f("uq_proficiency_level_label")),
    )
    op.create_table(
        "skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "replaced_by_id IS NULL OR status = 'retired'",
            name=op.f("ck_skill_replaced_only_when_retired"),
        ),
        sa.CheckConstraint("status IN ('active', 'retired')", name=op.f("ck_skill_status")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_skill_name_not_blank")),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_skill_not_own_parent")
        ),
        sa.CheckConstraint(
            "replaced_by_id IS NULL OR replaced_by_id <> id",
            name=op.f("ck_skill_not_own_replacement"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["skill.id"], name=op.f("fk_skill_parent_id_skill"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["skill.id"],
            name=op.f("fk_skill_replaced_by_id_skill"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill")),
    )
    with op.batch_alter_table("skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skill_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_skill_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("industry", sa.String(length=120), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("growth", sa.Integer(), nullable=False),
        sa.Column("fit", sa.Integer(), nullable=False),
        sa.Column("strategic_value", sa.Integer(), nullable=False),
        sa.Column("kam_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "tier IN ('strategic', 'key', 'development')", name=op.f("ck_account_tier")
        ),
        sa.CheckConstraint("fit BETWEEN 1 AND 5", name=op.f("ck_account_fit_range")),
        sa.CheckConstraint("growth BETWEEN 1 AND 5", name=op.f("ck_account_growth_range")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_account_name_not_blank")),
        sa.CheckConstraint("stage BETWEEN 1 AND 5", name=op.f("ck_account_stage_range")),
        sa.CheckConstraint(
            "strategic_value BETWEEN 1 AND 5", name=op.f("ck_account_strategic_value_range")
        ),
        sa.ForeignKeyConstraint(
            ["kam_id"], ["person.id"], name=op.f("fk_account_kam_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("name", name=op.f("uq_account_name")),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_kam_id"), ["kam_id"], unique=False)

    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role IN ('viewer', 'kam_lead', 'hr_admin')", name=op.f("ck_api_token_role")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_api_token_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    op.create_table(
        "proficiency",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=True),
        sa.Column("last_used", sa.Date(), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(verified_by_id IS NULL) = (verified_at IS NULL)",
            name=op.f("ck_proficiency_verified_by_and_at"),
        ),
        sa.CheckConstraint(
            "interest IS NULL OR interest BETWEEN 1 AND 5",
            name=op.f("ck_proficiency_interest_range"),
        ),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_proficiency_level_range")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_proficiency_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_proficiency_skill_id_skill"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["person.id"],
            name=op.f("fk_proficiency_verified_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("person_id", "skill_id", name=op.f("pk_proficiency")),
    )
    with op.batch_alter_table("proficiency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proficiency_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "skill_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=120), nullable=False),
        sa.Column("term_key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.CheckConstraint("kind IN ('name', 'alias')", name=op.f("ck_skill_term_kind")),
        sa.CheckConstraint("length(trim(term)) > 0", name=op.f("ck_skill_term_term_not_blank")),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_skill_term_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_term")),
        sa.UniqueConstraint("term_key", name=op.f("uq_skill_term_term_key")),
    )
    with op.batch_alter_table("skill_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_skill_term_skill_id"), ["skill_id"], unique=False)
        batch_op.create_index(
            "uq_skill_term_one_name",
            ["skill_id"],
            unique=True,
            sqlite_where=sa.text("kind = 'name'"),
            postgresql_where=sa.text("kind = 'name'"),
        )

    op.create_table(
        "time_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_time_off_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_time_off_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_off")),
    )
    with op.batch_alter_table("time_off", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_time_off_person_id"), ["person_id"], unique=False)

    op.create_table(
        "account_competitor",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("competitor_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "account_id <> competitor_id", name=op.f("ck_account_competitor_not_self")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_account_competitor_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["competitor_id"],
            ["account.id"],
            name=op.f("fk_account_competitor_competitor_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "competitor_id", name=op.f("pk_account_competitor")),
    )
    with op.batch_alter_table("account_competitor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_competitor_competitor_id"), ["competitor_id"], unique=False
        )

    op.create_table(
        "conflict_of_interest",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_conflict_of_interest_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_conflict_of_interest_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "account_id", name=op.f("pk_conflict_of_interest")),
    )
    with op.batch_alter_table("conflict_of_interest", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conflict_of_interest_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=120), nullable=False),
        sa.Column("buying_role", sa.String(length=24), nullable=False),
        sa.Column("influence", sa.Integer(), nullable=False),
        sa.Column("reports_to_id", sa.Integer(), nullable=True),
        sa.Column("left_company", sa.Boolean(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.CheckConstraint(
            "buying_role IN ('decision_maker', 'economic_buyer', 'champion', 'influencer', 'technical_evaluator', 'user', 'gatekeeper', 'blocker')",
            name=op.f("ck_contact_buying_role"),
        ),
        sa.CheckConstraint("influence BETWEEN 1 AND 5", name=op.f("ck_contact_influence_range")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_contact_name_not_blank")),
        sa.CheckConstraint(
            "reports_to_id IS NULL OR reports_to_id <> id", name=op.f("ck_contact_not_own_manager")
        ),
        sa.ForeignKeyConstraint(
            ["account_id", "reports_to_id"],
            ["contact.account_id", "contact.id"],
            name="fk_contact_reports_to_same_account",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_contact_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
        sa.UniqueConstraint("account_id", "id", name=op.f("uq_contact_account_id_id")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_account_id"), ["account_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_contact_reports_to_id"), ["reports_to_id"], unique=False
        )

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('meeting', 'call', 'email', 'workshop', 'event', 'visit')",
            name=op.f("ck_interaction_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_interaction_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction")),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interaction_account_id"), ["account_id"], unique=False)

    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("status IN ('draft', 'active', 'closed')", name=op.f("ck_plan_status")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_plan_name_not_blank")),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_plan_period_order")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_plan_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
        sa.UniqueConstraint("account_id", "name", name=op.f("uq_plan_account_id_name")),
    )
    op.create_table(
        "interaction_contact",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_interaction_contact_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_contact_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "interaction_id", "contact_id", name=op.f("pk_interaction_contact")
        ),
    )
    with op.batch_alter_table("interaction_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_contact_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "interaction_person",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_person_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_interaction_person_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "person_id", name=op.f("pk_interaction_person")),
    )
    with op.batch_alter_table("interaction_person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_person_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("metric", sa.String(length=300), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("current", sa.Float(), nullable=True),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_objective_title_not_blank")),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_objective_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
        sa.UniqueConstraint("plan_id", "id", name=op.f("uq_objective_plan_id_id")),
    )
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objective_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "action IN ('create', 'update', 'delete')", name=op.f("ck_plan_change_action")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_change_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_change")),
    )
    with op.batch_alter_table("plan_change", schema=None) as batch_op:
        batch_op.create_index("ix_plan_change_plan_id_at", ["plan_id", "changed_at"], unique=False)

    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("solver_status", sa.String(length=16), nullable=False),
        sa.Column("objective", sa.Float(), nullable=True),
        sa.Column("bound", sa.Float(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("coverage_before", sa.JSON(), nullable=False),
        sa.Column("coverage_after", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('open', 'accepted', 'discarded')", name=op.f("ck_proposal_status")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_proposal_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
    )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "relationship",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("strength", sa.Float(), nullable=False),
        sa.Column("last_interaction", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "strength >= 0 AND strength <= 1", name=op.f("ck_relationship_strength_range")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_relationship_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_relationship_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship")),
        sa.UniqueConstraint(
            "person_id", "contact_id", name=op.f("uq_relationship_person_id_contact_id")
        ),
    )
    with op.batch_alter_table("relationship", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationship_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_review_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "objective_reading",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_objective_reading_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_objective_reading_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("review_id", "objective_id", name=op.f("pk_objective_reading")),
    )
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("effort_hours", sa.Float(), nullable=False),
        sa.Column("headcount_min", sa.Integer(), nullable=False),
        sa.Column("headcount_max", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "kind IN ('research', 'admin', 'support', 'conflict_handling', 'pitch', 'negotiation', 'executive_sponsorship', 'onboarding', 'review', 'solution_design', 'training')",
            name=op.f("ck_task_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'done', 'cancelled')", name=op.f("ck_task_status")
        ),
        sa.CheckConstraint(
            "due IS NULL OR start IS NULL OR due >= start", name=op.f("ck_task_due_after_start")
        ),
        sa.CheckConstraint("effort_hours > 0", name=op.f("ck_task_effort_positive")),
        sa.CheckConstraint(
            "headcount_max >= 1 AND headcount_max >= headcount_min",
            name=op.f("ck_task_headcount_max_range"),
        ),
        sa.CheckConstraint("headcount_min >= 0", name=op.f("ck_task_headcount_min_range")),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_task_title_not_blank")),
        sa.ForeignKeyConstraint(
            ["plan_id", "objective_id"],
            ["objective.plan_id", "objective.id"],
            name="fk_task_objective_same_plan",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_task_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_objective_id"), ["objective_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("role IN ('lead', 'member')", name=op.f("ck_assignment_role")),
        sa.CheckConstraint("source IN ('manual', 'solver')", name=op.f("ck_assignment_source")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_assignment_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_assignment_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
        sa.UniqueConstraint("task_id", "person_id", name=op.f("uq_assignment_task_id_person_id")),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "uq_assignment_one_lead",
            ["task_id"],
            unique=True,
            sqlite_where=sa.text("role = 'lead'"),
            postgresql_where=sa.text("role = 'lead'"),
        )

    op.create_table(
        "task_contact",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_task_contact_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_task_contact_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("task_id", "contact_id", name=op.f("pk_task_contact")),
    )
    with op.batch_alter_table("task_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_task_contact_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "task_skill",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_task_skill_level_range")),
        sa.CheckConstraint("weight >= 0", name=op.f("ck_task_skill_weight_non_negative")),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_task_skill_skill_id_skill"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_task_skill_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("task_id", "skill_id", name=op.f("pk_task_skill")),
    )
    with op.batch_alter_table("task_skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_skill_skill_id"), ["skill_id"], unique=False)

    proficiency_level = sa.table(
        "proficiency_level",
        sa.column("level", sa.Integer),
        sa.column("label", sa.String),
        sa.column("description", sa.Text),
    )
    op.bulk_insert(
        proficiency_level,
        [
            {
                "level": 1,
                "label": "Aware",
                "description": "Knows the concepts and vocabulary; needs guidance.",
            },
            {
                "level": 2,
                "label": "Beginner",
                "description": "Has applied it with help on simple cases.",
            },
            {
                "level": 3,
                "label": "Practitioner",
                "description": "Applies it independently on ordinary work.",
            },
            {
                "level": 4,
                "label": "Advanced",
                "description": "Handles complex cases and coaches others.",
            },
            {
                "level": 5,
                "label": "Expert",
                "description": "Recognised authority; shapes how the company does it.",
            },
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("task_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_skill_skill_id"))

    op.drop_table("task_skill")
    with op.batch_alter_table("task_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_contact_contact_id"))

    op.drop_table("task_contact")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_assignment_one_lead",
            sqlite_where=sa.text("role = 'lead'"),
            postgresql_where=sa.text("role = 'lead'"),
        )
        batch_op.drop_index(batch_op.f("ix_assignment_person_id"))

    op.drop_table("assignment")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_plan_id"))
        batch_op.drop_index(batch_op.f("ix_task_objective_id"))

    op.drop_table("task")
    op.drop_table("objective_reading")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_plan_id"))

    op.drop_table("review")
    with op.batch_alter_table("relationship", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationship_contact_id"))

    op.drop_table("relationship")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_plan_id"))

    op.drop_table("proposal")
    with op.batch_alter_table("plan_change", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_change_plan_id_at")

    op.drop_table("plan_change")
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_plan_id"))

    op.drop_table("objective")
    with op.batch_alter_table("interaction_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_person_person_id"))

    op.drop_table("interaction_person")
    with op.batch_alter_table("interaction_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_contact_contact_id"))

    op.drop_table("interaction_contact")
    op.drop_table("plan")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_account_id"))

    op.drop_table("interaction")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_reports_to_id"))
        batch_op.drop_index(batch_op.f("ix_contact_account_id"))

    op.drop_table("contact")
    with op.batch_alter_table("conflict_of_interest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_of_interest_account_id"))

    op.drop_table("conflict_of_interest")
    with op.batch_alter_table("account_competitor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_competitor_competitor_id"))

    op.drop_table("account_competitor")
    with op.batch_alter_table("time_off", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_time_off_person_id"))

    op.drop_table("time_off")
    with op.batch_alter_table("skill_term", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_skill_term_one_name",
            sqlite_where=sa.text("kind = 'name'"),
            postgresql_where=sa.text("kind = 'name'"),
        )
        batch_op.drop_index(batch_op.f("ix_skill_term_skill_id"))

    op.drop_table("skill_term")
    with op.batch_alter_table("proficiency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proficiency_skill_id"))

    op.drop_table("proficiency")
    op.drop_table("api_token")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_kam_id"))

    op.drop_table("account")
    with op.batch_alter_table("skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skill_parent_id"))
        batch_op.drop_index(batch_op.f("ix_skill_category"))

    op.drop_table("skill")
    op.drop_table("proficiency_level")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_department"))

    op.drop_table("person")
