"""Relay cursor connections: one generic `Connection[T]` over the store's keyset pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from teamgraph.pagination import Page, PageRequest

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    total_count: int


def page_request(
    first: int | None, after: str | None, last: int | None = None, before: str | None = None
) -> PageRequest:
    return PageRequest(first=first, after=after, last=last, before=before)


def connection(page: Page[RowT], to_node: Callable[[RowT], NodeT]) -> Connection[NodeT]:
    edges = [
        Edge(cursor=c, node=to_node(item)) for item, c in zip(page.items, page.cursors, strict=True)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        total_count=page.total_count,
    )
