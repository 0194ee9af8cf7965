"""What every resolver gets: the request's session, who is calling, and the settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session
from strawberry.types import Info as StrawberryInfo

from teamgraph.auth.service import Principal
from teamgraph.config import Settings


@dataclass
class Context:
    session: Session
    principal: Principal
    settings: Settings


Info = StrawberryInfo[Context, None]
