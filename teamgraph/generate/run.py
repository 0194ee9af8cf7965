"""What every step of a generation shares: the session, the seeded generators, the day."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy.orm import Session


@dataclass
class Run:
    session: Session
    seed: int
    today: dt.date
    rng: random.Random = field(init=False)
    nrng: np.random.Generator = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.nrng = np.random.default_rng(self.seed)

    @property
    def domain(self) -> str:
        """Generated people's email domain: marks what this seed generated."""
        return f"gen{self.seed}.example"
