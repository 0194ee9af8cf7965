"""What every resolver gets: the request's session, who is calling, the settings, and the
request's DataLoaders (built lazily, one per factory, never shared between requests).

The whole operation runs on one worker thread (teamgraph.app), so the session, which is not
thread-safe, is only ever used by that thread while it runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from teamgraph.auth.service import Principal
from teamgraph.config import Settings

K = TypeVar("K")
V = TypeVar("V")
LoaderFactory = Callable[["Context"], DataLoader[K, V]]


@dataclass
class Context:
    session: Session
    principal: Principal
    settings: Settings
    _loaders: dict[Any, DataLoader[Any, Any]] = field(default_factory=dict)

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
