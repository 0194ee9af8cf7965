"""Skills, their names and aliases, and the proficiency scale.

Names and aliases live in one table, `skill_term`, keyed by their case-folded text, so the
database itself guarantees that no alias shadows another skill's name or alias.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from teamgraph.orm import Base, Created, IntPk, in_list


class SkillStatus(StrEnum):
    """A retired skill stays for history (and its `replaced_by`) but takes no new holders."""

    ACTIVE = "active"
    RETIRED = "retired"


class TermKind(StrEnum):
    """A skill's one canonical name, or one of its aliases."""

    NAME = "name"
    ALIAS = "alias"


class Skill(Base):
    __tablename__ = "skill"
    __table_args__ = (
        CheckConstraint(in_list("status", SkillStatus), name="status"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "replaced_by_id IS NULL OR status = 'retired'", name="replaced_only_when_retired"
        ),
        CheckConstraint(
            "replaced_by_id IS NULL OR replaced_by_id <> id", name="not_own_replacement"
        ),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    id: Mapped[IntPk]
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(80), default="", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("skill.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=SkillStatus.ACTIVE)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("skill.id", ondelete="SET NULL"))
    created_at: Mapped[Created]


class SkillTerm(Base):
    """A name or alias by which a skill is found; `term_key` is the case-folded text."""

    __tablename__ = "skill_term"
    __table_args__ = (
        CheckConstraint(in_list("kind", TermKind), name="kind"),
        CheckConstraint("length(trim(term)) > 0", name="term_not_blank"),
        # Each skill has exactly one canonical name row (the service keeps it = skill.name).
        Index(
            "uq_skill_term_one_name",
            "skill_id",
            unique=True,
            sqlite_where=text("kind = 'name'"),
            postgresql_where=text("kind = 'name'"),
        ),
    )

    id: Mapped[IntPk]
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(String(120))
    term_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(8))


class ProficiencyLevel(Base):
    """The 1..5 scale with HR's labels (1 = aware ... 5 = expert)."""

    __tablename__ = "proficiency_level"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),)

    level: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(40), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
