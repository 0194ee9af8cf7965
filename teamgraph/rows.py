"""Batch reads for the API's DataLoaders: one statement per batch, whatever the model.

They belong to the store rather than to a domain: every domain's loaders read rows by id or
grouped by a parent id in the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from teamgraph.orm import Base

__all__ = ["rows_by_id", "rows_grouped"]

M = TypeVar("M", bound=Base)


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
