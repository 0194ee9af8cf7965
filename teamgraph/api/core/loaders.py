"""Loader factories: a service's batch read made into a per-request DataLoader.

A factory is a function of the request's context, passed to `Context.loader`, which builds the
loader on first use, so loaders (and their caches) never outlive a request. The batch read runs
one statement for all the keys a query level asks for; results come back in key order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from strawberry.dataloader import DataLoader

from teamgraph.api.core.context import Context
from teamgraph.pagination import Page, PageRequest
from teamgraph.rows import rows_by_id, rows_grouped

V = TypeVar("V")
Factory = Callable[[Context], DataLoader[Any, Any]]
BatchRead = Callable[[Session, list[int]], Mapping[int, V]]


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


def by_id(model: type[Any]) -> Factory:
    """A loader of `model` rows by primary key."""
    return keyed(lambda session, ids: rows_by_id(session, model, ids))


def grouped_by(column: Any, *order: Any) -> Factory:
    """A loader of the rows whose `column` (a foreign key) equals each key, in `order`."""
    return grouped(lambda session, ids: rows_grouped(session, column, ids, order))


PageFetch = Callable[[Session, list[int], PageRequest, Any, int], Mapping[int, Page[Any]]]


def paged(fetch: PageFetch) -> Factory:
    """A loader of one page per (parent id, filter, page request): one batch read per distinct
    (filter, page request), however many parents ask for it."""

    def factory(ctx: Context) -> DataLoader[tuple[int, Any, PageRequest], Page[Any]]:
        async def load(keys: list[tuple[int, Any, PageRequest]]) -> list[Page[Any]]:
            parents: dict[tuple[Any, PageRequest], list[int]] = defaultdict(list)
            for parent, flt, page in keys:
                parents[(flt, page)].append(parent)
            pages: dict[tuple[int, Any, PageRequest], Page[Any]] = {}
            for (flt, page), ids in parents.items():
                found = fetch(ctx.session, ids, page, flt, ctx.settings.max_page_size)
                for parent in ids:
                    pages[(parent, flt, page)] = found[parent]
            return [pages[key] for key in keys]

        return DataLoader(load_fn=load)

    return factory
