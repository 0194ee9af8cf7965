"""People, their proficiencies in catalogue skills, and their time off."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teamgraph.orm import Base, Created, IntPk


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("capacity_hours BETWEEN 0 AND 80", name="capacity_range"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("email LIKE '%_@_%'", name="email_shape"),
        # Stored case-folded, so plain uniqueness is case-insensitive uniqueness.
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[IntPk]
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(120), default="", index=True)
    location: Mapped[str] = mapped_column(String(120), default="")
    capacity_hours: Mapped[int] = mapped_column(default=40)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[Created]


class Proficiency(Base):
    """How well a person masters a skill (1..5), how keen they are to use it, who verified it."""

    __tablename__ = "proficiency"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
        CheckConstraint("interest IS NULL OR interest BETWEEN 1 AND 5", name="interest_range"),
        CheckConstraint(
            "(verified_by_id IS NULL) = (verified_at IS NULL)", name="verified_by_and_at"
        ),
        # "Who holds this skill at level L or above" (people search, staffing candidates),
        # answered from the index alone.
        Index(None, "skill_id", "level", "person_id"),
    )

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill.id", ondelete="RESTRICT"), primary_key=True
    )
    level: Mapped[int]
    interest: Mapped[int | None]
    last_used: Mapped[dt.date | None] = mapped_column(Date)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    verified_at: Mapped[dt.datetime | None]


class TimeOff(Base):
    __tablename__ = "time_off"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ends_after_start"),)

    id: Mapped[IntPk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
