"""API tokens, stored only as a SHA-256 hash: a leaked database leaks no usable token."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from teamgraph.orm import Base, Created, IntPk, in_list


class Role(StrEnum):
    """What a token may do: read, keep the accounts its person leads, or keep the talent map."""

    VIEWER = "viewer"
    KAM_LEAD = "kam_lead"
    HR_ADMIN = "hr_admin"


class ApiToken(Base):
    __tablename__ = "api_token"
    __table_args__ = (CheckConstraint(in_list("role", Role), name="role"),)

    id: Mapped[IntPk]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[Created]
    revoked_at: Mapped[dt.datetime | None]
    # Refused from this moment on; None: works until revoked.
    expires_at: Mapped[dt.datetime | None]
