"""The staffing problem and its result, as typed values (format `teamgraph-staffing/1`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from solver.stats import SolveStats

PROBLEM_FORMAT = "teamgraph-staffing/1"
RESULT_FORMAT = "teamgraph-result/1"

# Every weight the objective knows, with the default a problem gets when it leaves one out.
DEFAULT_WEIGHTS: dict[str, float] = {
    "skill": 1.0,
    "relationship": 1.0,
    "coverage": 1.0,
    "balance": 1.0,
    "continuity": 0.0,
    "cost": 0.0,
    "stability": 0.0,
    "unfilled": 100.0,
}


@dataclass(frozen=True)
class Person:
    id: str
    capacity: float
    skills: dict[str, int] = field(default_factory=dict)
    current_load: float = 0.0
    cost: float = 1.0
    # Extension: accounts whose team this person is already on (the `continuity` term).
    accounts: tuple[str, ...] = ()


@dataclass(frozen=True)
class SkillRequirement:
    skill: str
    level: int = 1
    mandatory: bool = False
    weight: float = 1.0


@dataclass(frozen=True)
class Task:
    id: str
    effort: float
    min_headcount: int = 1
    max_headcount: int = 1
    required: bool = True
    skills: tuple[SkillRequirement, ...] = ()
    account: str | None = None
    contacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contact:
    id: str
    account: str | None = None
    influence: float = 1.0
    decision_maker: bool = False


@dataclass(frozen=True)
class Relationship:
    person: str
    contact: str
    strength: float


@dataclass(frozen=True)
class PairOverride:
    person: str
    task: str
    utility: float | None = None
    load: float | None = None
    forbidden: bool = False


@dataclass(frozen=True)
class PairTable:
    """`Problem.pairs` again, as columns (indices into people and tasks; NaN = not given), so
    that a large dense problem is solved without walking a million objects."""

    person: npt.NDArray[np.int32]
    task: npt.NDArray[np.int32]
    utility: npt.NDArray[np.float64]
    load: npt.NDArray[np.float64]
    forbidden: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Problem:
    people: tuple[Person, ...]
    tasks: tuple[Task, ...]
    contacts: tuple[Contact, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    conflicts: tuple[tuple[str, str], ...] = ()  # (person, account)
    pins: tuple[tuple[str, str], ...] = ()  # (person, task)
    current: tuple[tuple[str, str], ...] = ()  # (person, task)
    eligibility: str = "skills"
    pairs: tuple[PairOverride, ...] = ()
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    pair_table: PairTable | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Why:
    term: str
    value: float


@dataclass(frozen=True)
class Assignment:
    """A person on a task in a result (the `assignments` of the result format)."""

    person: str
    task: str
    utility: float
    load: float
    why: tuple[Why, ...]


@dataclass(frozen=True)
class Unfilled:
    task: str
    missing: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN
    objective: float | None
    bound: float | None
    assignments: tuple[Assignment, ...] = ()
    unfilled: tuple[Unfilled, ...] = ()
    infeasible: tuple[str, ...] | None = None
    stats: SolveStats = field(default_factory=SolveStats)
