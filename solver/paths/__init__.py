"""The ways to solve a problem, in the order `solve` tries them: the first path that applies
and answers gives the result. Each module says when its path applies; in short:

    path                  stats.path   applies when
    dense_assignment      assignment   method auto; a square assignment given as explicit
                                       utilities for every person x task (no candidates built)
    precheck              precheck     the candidate pairs show a clash certain without search
    candidate_assignment  assignment   method auto, no shortlist; a transportation problem that
                                       is one person per task and one task per person
    flow                  flow         method auto, no shortlist; any other transportation
                                       problem (stands aside if a required minimum is unmet)
    local_search          local-search method auto, no shortlist, more than 6 people; every task
                                       one person, pairs with loads of their own (not a
                                       transportation problem), no pin, mandatory skill or
                                       global term (stands aside if a required task stays out)
    greedy_baseline       greedy       method greedy
    cpsat                 cp-sat       always (greedy when time runs out before any solution)

Transportation problem: only capacity and headcount bind, and every pair has the same load
(transportation.py). A shortlist replaces the candidate pairs above a size (shortlist.py).
"""

from __future__ import annotations

from typing import Protocol

from solver.attempt import Attempt
from solver.model import Result
from solver.paths.candidate_assignment import CandidateAssignment
from solver.paths.cpsat import CpSat
from solver.paths.dense_assignment import DenseAssignment
from solver.paths.flow import Flow
from solver.paths.greedy_baseline import GreedyBaseline
from solver.paths.local_search import LocalSearch
from solver.paths.precheck import Precheck


class Path(Protocol):
    def applies(self, attempt: Attempt) -> bool:
        """Whether this path takes the problem (cheap: no search)."""
        ...

    def run(self, attempt: Attempt) -> Result | None:
        """The result, or None when the path tried and stands aside for the next one."""
        ...


PATHS: tuple[Path, ...] = (
    DenseAssignment(),
    Precheck(),
    CandidateAssignment(),
    Flow(),
    LocalSearch(),
    GreedyBaseline(),
    CpSat(),
)


def first_applicable(attempt: Attempt) -> Path:
    """The path `solve` tries first for this attempt (what tests use to check the choice)."""
    return next(path for path in PATHS if path.applies(attempt))
