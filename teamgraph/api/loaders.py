"""Loader factories: a service's batch read made into a per-request DataLoader.

A factory is a function of the request's context, passed to `Context.loader`, which builds the
loader on first use, so loaders (and their caches) never outlive a request. The batch read runs
one statement for all the keys a query level asks for; results come back in key order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from strawberry.dataloader import DataLoader

from teamgraph.api.context import Context

V = TypeVar("V")
Factory = Callable[[Context], DataLoader[Any, Any]]
BatchRead = Callable[[Session, Iterable[int]], Mapping[int, V]]


def keyed(fetch: BatchRead[V]) -> Factory:
    """A loader of one value per id (None when missing) from a batch read by ids."""

    def factory(ctx: Context) -> DataLoader[int, V | None]:
        async def load(keys: list[int]) -> list[V | None]:
            found = fetch(ctx.session, keys)
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    return factory


def grouped(fetch: BatchRead[list[V]]) -> Factory:
    """A loader of the values under each parent id from a batch read by parent ids."""

    def factory(ctx: Context) -> DataLoader[int, list[V]]:
        async def load(keys: list[int]) -> list[list[V]]:
            found = fetch(ctx.session, keys)
            return [list(found.get(key, [])) for key in keys]

        return DataLoader(load_fn=load)

    return factory
