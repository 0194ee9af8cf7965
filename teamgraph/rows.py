"""Reads by key that every domain makes the same way: one row or NOT_FOUND naming the input
field (`get_row`), and the batch reads behind the API's DataLoaders (one statement per batch).

They belong to the store rather than to a domain, so each domain's `get_x` is one line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from teamgraph.errors import NotFoundError
from teamgraph.orm import Base

__all__ = ["get_row", "rows_by_id", "rows_grouped"]

M = TypeVar("M", bound=Base)


def get_row(session: Session, model: type[M], pk: int, *, field: str) -> M:
    """The `model` row with primary key `pk`; NOT_FOUND on `field` ("no plan with id 7")."""
    row = session.get(model, pk)
    if row is None:
        raise NotFoundError(f"no {model.__name__.lower()} with id {pk}", field=field)
    return row


def rows_by_id(session: Session, model: type[M], ids: Iterable[int]) -> dict[int, M]:
    """Rows of `model` whose `id` is in `ids`, by id (missing ids are absent)."""
    keys = sorted(set(ids))
    if not keys:
        return {}
    column: Any = model.id  # type: ignore[attr-defined]  # every model passed here has an id
    return {row.id: row for row in session.scalars(select(model).where(column.in_(keys)))}  # type: ignore[attr-defined]  # see above


def rows_grouped(
    session: Session,
    column: InstrumentedAttribute[Any],
    keys: Iterable[Any],
    order: Sequence[Any] = (),
) -> dict[Any, list[Any]]:
    """Rows of `column`'s model whose `column` is in `keys`, grouped by it, each group in
    `order` (then by primary key)."""
    wanted = sorted(set(keys))
    grouped: dict[Any, list[Any]] = defaultdict(list)
    if not wanted:
        return grouped
    model = column.class_
    stmt = select(model).where(column.in_(wanted)).order_by(*order)
    for row in session.scalars(stmt):
        grouped[getattr(row, column.key)].append(row)
    return grouped
