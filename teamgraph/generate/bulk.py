"""Core executemany inserts in chunks: the fast way to write many generated rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

CHUNK = 5_000


def chunks(rows: Sequence[dict[str, Any]], size: int = CHUNK) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_returning(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids in the rows' order (RETURNING, both databases)."""
    ids: list[int] = []
    for chunk in chunks(rows):
        result = session.execute(
            insert(model).returning(model.id, sort_by_parameter_order=True), list(chunk)
        )
        ids.extend(result.scalars())
    return ids


def insert_rows(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    for chunk in chunks(rows):
        session.execute(insert(model), list(chunk))
