"""The Node interface and the one way every object type is loaded by primary key.

Each domain registers how to fetch a batch of its nodes (through the request's loader, already
filtered to what the caller may see). `node(id:)` and `nodes(ids:)` use it, and so does every
field that returns another domain's object: it asks `load_nodes(info, "Person", pks)` instead of
importing that domain's types, so domains reference each other only lazily and never import in a
circle. Not found and not visible answer alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from teamgraph.api.core.context import Context, Info
from teamgraph.api.core.ids import from_global_id
from teamgraph.errors import DomainError, NotFoundError

NodeFetcher = Callable[[Context, list[int]], Awaitable[Sequence[Any | None]]]
_FETCHERS: dict[str, NodeFetcher] = {}
_BUILDERS: dict[str, Callable[[Any], Any]] = {}


@strawberry.interface(description="An object with a global id, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID


def register_node(
    type_name: str,
    loader: Callable[[Context], DataLoader[int, Any]],
    to_node: Callable[[Any], Any],
) -> None:
    """Declare that nodes of `type_name` are `to_node(row)` of the rows `loader` loads by key."""

    async def fetch(ctx: Context, keys: list[int]) -> Sequence[Any | None]:
        rows = await ctx.loader(loader).load_many(keys)
        return [to_node(row) if row is not None else None for row in rows]

    _FETCHERS[type_name] = fetch
    _BUILDERS[type_name] = to_node


def build_nodes(type_name: str, rows: Sequence[Any]) -> list[Any]:
    """Nodes of `type_name` made from rows already loaded (a list another domain's loader read)."""
    build = _BUILDERS[type_name]
    return [build(row) for row in rows]


async def nodes_by_key(info: Info, type_name: str, pks: Sequence[int]) -> list[Any | None]:
    """The nodes of `type_name` with these keys, in key order; None where there is none."""
    return list(await _FETCHERS[type_name](info.context, list(pks)))


async def load_nodes(info: Info, type_name: str, pks: Sequence[int]) -> list[Any]:
    """The nodes of `type_name` with these keys, in order; those not found are left out."""
    return [node for node in await nodes_by_key(info, type_name, pks) if node is not None]


async def load_node(info: Info, type_name: str, pk: int | None) -> Any | None:
    """The node of `type_name` with this key; None when there is no key or no such node."""
    if pk is None:
        return None
    (node,) = await _FETCHERS[type_name](info.context, [pk])
    return node


async def node_by_global_id(info: Info, global_id: str, type_name: str) -> Any | None:
    """The node behind a global id of `type_name`, or None (a lookup that finds nothing)."""
    try:
        _, pk = from_global_id(global_id, field="id", expect=type_name)
    except DomainError:
        return None
    return await load_node(info, type_name, pk)


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
