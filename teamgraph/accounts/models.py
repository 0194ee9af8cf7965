"""Accounts, contacts (org chart, buying roles), relationships and interactions."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from teamgraph.orm import Base, Created, IntPk, in_list


class AccountTier(StrEnum):
    """How strategic the account is."""

    STRATEGIC = "strategic"
    KEY = "key"
    DEVELOPMENT = "development"


class BuyingRole(StrEnum):
    """A contact's part in the customer's buying decision."""

    DECISION_MAKER = "decision_maker"
    ECONOMIC_BUYER = "economic_buyer"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    TECHNICAL_EVALUATOR = "technical_evaluator"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    BLOCKER = "blocker"


class InteractionKind(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    WORKSHOP = "workshop"
    EVENT = "event"
    VISIT = "visit"


class Account(Base):
    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint(in_list("tier", AccountTier), name="tier"),
        CheckConstraint("stage BETWEEN 1 AND 5", name="stage_range"),
        CheckConstraint("growth BETWEEN 1 AND 5", name="growth_range"),
        CheckConstraint("fit BETWEEN 1 AND 5", name="fit_range"),
        CheckConstraint("strategic_value BETWEEN 1 AND 5", name="strategic_value_range"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    id: Mapped[IntPk]
    name: Mapped[str] = mapped_column(String(200), unique=True)
    industry: Mapped[str] = mapped_column(String(120), default="")
    tier: Mapped[str] = mapped_column(String(16), default=AccountTier.KEY)
    stage: Mapped[int] = mapped_column(default=3)
    growth: Mapped[int] = mapped_column(default=3)
    fit: Mapped[int] = mapped_column(default=3)
    strategic_value: Mapped[int] = mapped_column(default=3)
    kam_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[Created]


class AccountCompetitor(Base):
    """`competitor` competes with `account`: staff who serve one may be barred from the other."""

    __tablename__ = "account_competitor"
    __table_args__ = (CheckConstraint("account_id <> competitor_id", name="not_self"),)

    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True
    )
    competitor_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ConflictOfInterest(Base):
    """This person may not serve this account."""

    __tablename__ = "conflict_of_interest"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")


class Contact(Base):
    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint(in_list("buying_role", BuyingRole), name="buying_role"),
        CheckConstraint("influence BETWEEN 1 AND 5", name="influence_range"),
        CheckConstraint("reports_to_id IS NULL OR reports_to_id <> id", name="not_own_manager"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        # (account_id, id) is unique so that reporting lines can be held inside one account.
        UniqueConstraint("account_id", "id"),
        ForeignKeyConstraint(
            ["account_id", "reports_to_id"],
            ["contact.account_id", "contact.id"],
            name="fk_contact_reports_to_same_account",
        ),
    )

    id: Mapped[IntPk]
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(120), default="")
    buying_role: Mapped[str] = mapped_column(String(24), default=BuyingRole.USER)
    influence: Mapped[int] = mapped_column(default=3)
    reports_to_id: Mapped[int | None] = mapped_column(index=True)
    left_company: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str] = mapped_column(String(254), default="")


class Relationship(Base):
    """One of our people knows one of their contacts, this well, last touched then."""

    __tablename__ = "relationship"
    __table_args__ = (
        CheckConstraint("strength >= 0 AND strength <= 1", name="strength_range"),
        UniqueConstraint("person_id", "contact_id"),
    )

    id: Mapped[IntPk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    strength: Mapped[float] = mapped_column(Float)
    last_interaction: Mapped[dt.date | None] = mapped_column(Date)


class Interaction(Base):
    __tablename__ = "interaction"
    __table_args__ = (CheckConstraint(in_list("kind", InteractionKind), name="kind"),)

    id: Mapped[IntPk]
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[Created]


class InteractionPerson(Base):
    __tablename__ = "interaction_person"

    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class InteractionContact(Base):
    __tablename__ = "interaction_contact"

    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
    )
