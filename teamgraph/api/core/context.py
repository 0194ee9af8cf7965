"""What every resolver gets: the request's session, who is calling, the settings, and the
request's DataLoaders (built lazily, one per factory, never shared between requests).

The whole operation runs on one worker thread (teamgraph.app), so the session, which is not
thread-safe, is only ever used by that thread while it runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker
from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from teamgraph.auth.service import Principal
from teamgraph.config import Settings
from teamgraph.jobs.service import JobQueue, TableQueue

K = TypeVar("K")
V = TypeVar("V")
LoaderFactory = Callable[["Context"], DataLoader[K, V]]


@dataclass
class Context:
    session: Session
    principal: Principal
    settings: Settings
    # Where new solve jobs are queued (procrastinate on PostgreSQL, the table on SQLite).
    queue: JobQueue = field(default_factory=TableQueue)
    # Short sessions of their own, for work that outlives a request (a subscription's polls).
    sessions: sessionmaker[Session] | None = None
    # A websocket's connection_init payload (strawberry sets it); the token may travel in it.
    connection_params: dict[str, Any] | None = None
    _loaders: dict[Any, DataLoader[Any, Any]] = field(default_factory=dict)

    def new_session(self) -> Session:
        """A session of its own (a subscription's poll), closed by the caller."""
        if self.sessions is None:
            raise RuntimeError("this context has no session factory")
        return self.sessions()

    def forget(self) -> None:
        """Drop the loaders' caches and end the session's transaction: a long-lived context
        (a websocket) then reads afresh and holds no connection between events."""
        self.forget_loaded()
        self.session.close()

    def loader(self, factory: Callable[[Context], DataLoader[K, V]]) -> DataLoader[K, V]:
        """The request's loader made by `factory` (e.g. `skill_by_id`), created on first use."""
        found = self._loaders.get(factory)
        if found is None:
            found = self._loaders[factory] = factory(self)
        return found

    def forget_loaded(self) -> None:
        """Drop every loader's cache: rows read by a transaction that was rolled back."""
        self._loaders.clear()


Info = StrawberryInfo[Context, None]
