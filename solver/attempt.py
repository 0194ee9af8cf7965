"""One call of `solve`, as the paths see it: the problem, the caller's options, the clock, and
the candidate pairs, built once on first use (the dense_assignment path answers before any
exist, and building them is most of the cost of a large problem)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from solver.model import Problem
from solver.pairs import Candidates, candidate_pairs
from solver.shortlist import Shortlist, needs_shortlist
from solver.shortlist import shortlist as build_shortlist
from solver.stats import SolveStats

Progress = Callable[[float, float, float], None]  # objective, bound, seconds
Stop = Callable[[], bool]  # true: stop searching now and answer with the best found so far


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 10.0
    workers: int = 2
    seed: int = 0
    progress: Progress | None = None
    stop: Stop | None = None
    # "auto": an exact path (dense_assignment, candidate_assignment, flow) when one applies,
    # else CP-SAT; "cp-sat": skip the exact paths; "greedy": the greedy team alone (a baseline).
    method: str = "auto"
    prune_pairs: bool = True


class Attempt:
    def __init__(self, problem: Problem, options: SolveOptions) -> None:
        self.problem = problem
        self.options = options
        self.started = time.perf_counter()
        self.candidates_seconds = 0.0  # when the candidates were ready, from the start

    def seconds(self) -> float:
        """Seconds since this attempt started."""
        return time.perf_counter() - self.started

    def restart(self, options: SolveOptions) -> Attempt:
        """The same problem with other options and a fresh clock, keeping the candidates."""
        again = Attempt(self.problem, options)
        for name in ("shortlist", "candidates"):
            if name in self.__dict__:  # what cached_property has computed already
                again.__dict__[name] = self.__dict__[name]
        return again

    @cached_property
    def shortlist(self) -> Shortlist | None:
        """The numpy shortlist, for problems too large to build every pair (else None)."""
        return build_shortlist(self.problem) if needs_shortlist(self.problem) else None

    @cached_property
    def candidates(self) -> Candidates:
        found = self.shortlist.candidates if self.shortlist else candidate_pairs(self.problem)
        self.candidates_seconds = self.seconds()
        return found

    @property
    def eligible_pairs(self) -> int:
        """How many pairs are eligible, shortlisted or not."""
        if self.shortlist is not None:
            return self.shortlist.total_pairs
        return len(self.candidates.pairs)

    def stats(self, path: str, pairs: int | None = None) -> SolveStats:
        """Stats for `path`, which weighed `pairs` pairs (by default every candidate)."""
        weighed = len(self.candidates.pairs) if pairs is None else pairs
        return SolveStats(path=path, pairs=weighed, pairs_pruned=self.eligible_pairs - weighed)
