"""The staffing problem and its result, as typed values (format `teamgraph-staffing/1`)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np
import numpy.typing as npt

from solver.stats import SolveStats

PROBLEM_FORMAT = "teamgraph-staffing/1"
RESULT_FORMAT = "teamgraph-result/1"

# Every weight the objective knows, with the default a problem gets when it leaves one out.
DEFAULT_WEIGHTS: dict[str, float] = {
    "skill": 1.0,
    "relationship": 1.0,
    "coverage": 2.0,  # a decision maker's second thread outweighs the KAM's (bench/kam_trap.py)
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


class PairRows(Sequence[PairOverride]):
    """`Problem.pairs` backed by its columns: the `PairOverride` objects are made only when
    something walks them (the assignment path never does, and a dense file lists a million)."""

    __slots__ = ("_made", "_people", "_table", "_tasks")

    def __init__(self, table: PairTable, people: Sequence[str], tasks: Sequence[str]) -> None:
        self._table, self._people, self._tasks = table, people, tasks
        self._made: tuple[PairOverride, ...] | None = None

    def _rows(self) -> tuple[PairOverride, ...]:
        if self._made is None:
            t, people, tasks = self._table, self._people, self._tasks
            self._made = tuple(
                PairOverride(
                    people[i],
                    tasks[j],
                    None if math.isnan(u) else u,
                    None if math.isnan(w) else w,
                    f,
                )
                for i, j, u, w, f in zip(
                    t.person.tolist(),
                    t.task.tolist(),
                    t.utility.tolist(),
                    t.load.tolist(),
                    t.forbidden.tolist(),
                    strict=True,
                )
            )
        return self._made

    def __len__(self) -> int:
        return len(self._table.person)

    @overload
    def __getitem__(self, index: int) -> PairOverride: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[PairOverride]: ...
    def __getitem__(self, index: int | slice) -> PairOverride | Sequence[PairOverride]:
        return self._rows()[index]

    def __iter__(self) -> Iterator[PairOverride]:
        return iter(self._rows())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PairRows | tuple | list):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PairRows({len(self)} pairs)"


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
    pairs: Sequence[PairOverride] = ()  # a tuple, or PairRows when read from columns
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
