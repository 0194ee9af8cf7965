"""Keyset pagination for Relay connections: stable under inserts, cheap at any depth.

A cursor is the opaque, URL-safe encoding of the sort key of a row (its sort value and id), so
`after` means "rows strictly after this key in the ordering" and never skips or repeats a row
when others are added meanwhile.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from teamgraph.errors import DomainError
from teamgraph.inputs import check_characters

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 20
MIN_PAGE = 1  # a page holds something; `totalCount` comes with any page


@dataclass(frozen=True)
class PageRequest:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    total_count: int


def encode_cursor(key: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


# A cursor holds a name (at most a few hundred characters) and an id: anything much longer was
# not made here, and is refused before it is decoded.
MAX_CURSOR_LENGTH = 2048
_MAX_KEY = 2**63 - 1


def _key_part(value: Any, column: InstrumentedAttribute[Any], *, field: str) -> Any:
    """One value of a cursor's key, if it is of its column's type (a dict, a list, an integer
    beyond 64 bits or a text in an integer column never reaches the query)."""
    kind = column.type.python_type
    if kind is int and type(value) is int and -_MAX_KEY <= value <= _MAX_KEY:
        return value
    if kind is float and type(value) in (int, float):
        return value
    if kind is str and type(value) is str:
        return check_characters(value, field=field)
    raise ValueError(value)


def decode_cursor(
    cursor: str, *, field: str, columns: Sequence[InstrumentedAttribute[Any]]
) -> list[Any]:
    """The key a cursor holds, checked against the `columns` it orders by (INVALID naming
    `field` when it is not a cursor this API gave out for them)."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError(cursor)
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(key, list) or len(key) != len(columns):
            raise ValueError(key)
        return [_key_part(v, c, field=field) for v, c in zip(key, columns, strict=True)]
    except (ValueError, UnicodeError, RecursionError, DomainError):
        raise DomainError("is not a cursor this API gave out", field=field) from None


def _after(columns: Sequence[InstrumentedAttribute[Any]], key: list[Any]) -> ColumnElement[bool]:
    """Rows strictly after `key` in lexicographic order of `columns` (all ascending)."""
    clauses = []
    for i, column in enumerate(columns):
        equal = [columns[j] == key[j] for j in range(i)]
        clauses.append(and_(*equal, column > key[i]))
    return or_(*clauses)


def _before(columns: Sequence[InstrumentedAttribute[Any]], key: list[Any]) -> ColumnElement[bool]:
    clauses = []
    for i, column in enumerate(columns):
        equal = [columns[j] == key[j] for j in range(i)]
        clauses.append(and_(*equal, column < key[i]))
    return or_(*clauses)


def paginate(
    session: Session,
    stmt: Select[tuple[T]],
    order: Sequence[InstrumentedAttribute[Any]],
    page: PageRequest,
    *,
    max_size: int = 100,
) -> Page[T]:
    """One page of `stmt` ordered by `order` (whose last column must be unique, e.g. the id)."""
    for name, size in (("first", page.first), ("last", page.last)):
        if size is not None and not MIN_PAGE <= size <= max_size:
            raise DomainError(f"must be between {MIN_PAGE} and {max_size}", field=name)
    if page.first is not None and page.last is not None:
        raise DomainError("give either first or last, not both", field="last")
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    filtered = stmt
    if page.after is not None:
        filtered = filtered.where(
            _after(order, decode_cursor(page.after, field="after", columns=order))
        )
    if page.before is not None:
        filtered = filtered.where(
            _before(order, decode_cursor(page.before, field="before", columns=order))
        )
    keyed = filtered.add_columns(*order)
    backwards = page.last is not None
    requested = page.last if backwards else page.first
    size = DEFAULT_PAGE_SIZE if requested is None else requested
    ordering = [c.desc() for c in order] if backwards else list(order)
    rows = list(session.execute(keyed.order_by(*ordering).limit(size + 1)).all())
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    items = [row[0] for row in rows]
    cursors = [encode_cursor(tuple(row[1:])) for row in rows]
    if backwards:
        has_previous, has_next = more, page.before is not None
    else:
        has_next, has_previous = more, page.after is not None
    return Page(items, cursors, has_next, has_previous, total)


def paginate_many(
    session: Session,
    stmt: Select[Any],
    parent: InstrumentedAttribute[Any],
    parents: Sequence[Any],
    order: Sequence[InstrumentedAttribute[Any]],
    page: PageRequest,
    *,
    max_size: int = 100,
) -> dict[Any, Page[Any]]:
    """The same page of `stmt` for each of `parents` (rows grouped by the `parent` column), in
    two statements whatever the number of parents: one windowed query (ROW_NUMBER per parent)
    for the rows and one GROUP BY for the totals. This is what keeps a nested connection, such as
    `accounts { contacts(first: 10) }`, from costing one query per parent.

    `order` columns are model attributes whose values are JSON-serialisable (strings, numbers),
    the last one unique; cursors are those of `paginate`, so both can serve one connection.
    """
    for name, size in (("first", page.first), ("last", page.last)):
        if size is not None and not MIN_PAGE <= size <= max_size:
            raise DomainError(f"must be between {MIN_PAGE} and {max_size}", field=name)
    if page.first is not None and page.last is not None:
        raise DomainError("give either first or last, not both", field="last")
    keys = list(dict.fromkeys(parents))
    if not keys:
        return {}
    base = stmt.where(parent.in_(keys))
    totals: dict[Any, int] = {
        key: count
        for key, count in session.execute(
            base.with_only_columns(parent, func.count(), maintain_column_froms=True)
            .group_by(parent)
            .order_by(None)
        )
    }
    filtered = base
    if page.after is not None:
        filtered = filtered.where(
            _after(order, decode_cursor(page.after, field="after", columns=order))
        )
    if page.before is not None:
        filtered = filtered.where(
            _before(order, decode_cursor(page.before, field="before", columns=order))
        )
    backwards = page.last is not None
    requested = page.last if backwards else page.first
    size = DEFAULT_PAGE_SIZE if requested is None else requested
    ordering = [c.desc() for c in order] if backwards else list(order)
    numbered = filtered.add_columns(
        func.row_number().over(partition_by=parent, order_by=ordering).label("row_number")
    ).subquery()
    model = stmt.column_descriptions[0]["entity"]
    row = aliased(model, numbered)
    rows = session.scalars(
        select(row).where(numbered.c.row_number <= size + 1).order_by(numbered.c.row_number)
    ).all()
    grouped: dict[Any, list[Any]] = {key: [] for key in keys}
    for item in rows:
        grouped[getattr(item, parent.key)].append(item)
    pages: dict[Any, Page[Any]] = {}
    for key, items in grouped.items():
        more = len(items) > size
        items = items[:size]
        if backwards:
            items.reverse()
            has_previous, has_next = more, page.before is not None
        else:
            has_next, has_previous = more, page.after is not None
        cursors = [encode_cursor([getattr(item, c.key) for c in order]) for item in items]
        pages[key] = Page(items, cursors, has_next, has_previous, totals.get(key, 0))
    return pages
