"""The declarative base every domain model shares.

One naming convention for constraints, so Alembic migrations name them identically on SQLite
and PostgreSQL, and a small set of annotated column types so models read as a schema.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

from sqlalchemy import JSON, DateTime, Integer, MetaData, String, func
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

IntPk = Annotated[int, mapped_column(Integer, primary_key=True)]
Name = Annotated[str, mapped_column(String(200))]
ShortText = Annotated[str, mapped_column(String(200), default="")]
Created = Annotated[dt.datetime, mapped_column(DateTime(timezone=True), server_default=func.now())]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: String(200),
        dt.datetime: DateTime(timezone=True),
        dict: JSON,
    }


def in_list(column: str, values: Iterable[str]) -> str:
    """SQL for a CHECK that `column` holds one of `values`, usually a domain's StrEnum, in its
    order (portable: no native enums, so a new value is a CHECK change, not a type change)."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
