"""Relay conventions: the Node interface with opaque global ids, `node`/`nodes`, and generic
cursor connections.

Each node type registers how to fetch a batch of its rows by primary key (already filtered to
what the caller may see), so `node(id:)` and `nodes(ids:)` serve every type with one query per
type, and answer "not found" alike for what does not exist and what the token may not see.
"""

from __future__ import annotations

import base64
import binascii
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from teamgraph.api.context import Context, Info
from teamgraph.errors import DomainError, NotFoundError
from teamgraph.pagination import Page, PageRequest

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")
NodeFetcher = Callable[[Context, list[int]], Awaitable[Sequence[Any | None]]]
_FETCHERS: dict[str, NodeFetcher] = {}


@strawberry.interface(description="An object with a global id, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID


def register_node(type_name: str, fetch: NodeFetcher) -> None:
    """Declare how `node(id:)` fetches objects of `type_name`, in key order (None if unseen)."""
    _FETCHERS[type_name] = fetch


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode())


def from_global_id(
    global_id: str, *, field: str = "id", expect: str | None = None
) -> tuple[str, int]:
    """(type name, primary key) of a global id; NOT_FOUND when it is not one of ours."""
    try:
        type_name, _, pk = base64.urlsafe_b64decode(global_id.encode()).decode().partition(":")
        key = int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise NotFoundError(f"{global_id!r} is not an id this API gave out", field=field) from None
    if expect is not None and type_name != expect:
        raise NotFoundError(f"{global_id!r} is not the id of a {expect}", field=field)
    return type_name, key


def decode_id(global_id: str, expect: str, *, field: str) -> int:
    """The primary key behind a global id of type `expect`, for mutation inputs."""
    return from_global_id(global_id, field=field, expect=expect)[1]


async def fetch_nodes(ctx: Context, ids: Sequence[str], *, field: str = "ids") -> list[Any | None]:
    keys: list[tuple[str, int] | None] = []
    for global_id in ids:
        try:
            keys.append(from_global_id(global_id, field=field))
        except DomainError:
            keys.append(None)
    by_type: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        if key is not None and key[0] in _FETCHERS:
            by_type[key[0]].append(key[1])
    found: dict[tuple[str, int], Any] = {}
    for type_name, pks in by_type.items():
        unique = sorted(set(pks))
        for pk, obj in zip(unique, await _FETCHERS[type_name](ctx, unique), strict=True):
            if obj is not None:
                found[(type_name, pk)] = obj
    return [found.get(key) if key is not None else None for key in keys]


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id; null (NOT_FOUND) if unseen.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        (obj,) = await fetch_nodes(info.context, [id], field="id")
        if obj is None:
            raise NotFoundError(f"nothing with id {id!r}", field="id")
        return obj

    @strawberry.field(description="Objects by global id, in order; null for each one unseen.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > info.context.settings.max_page_size:
            raise DomainError(f"at most {info.context.settings.max_page_size} ids", field="ids")
        return await fetch_nodes(info.context, ids)


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
