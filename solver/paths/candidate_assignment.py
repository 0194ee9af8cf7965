"""The candidate assignment path: a plain one-to-one assignment over the candidate pairs,
solved by OR-Tools' linear-sum assignment.

Applies (method auto, no shortlist) to a transportation problem (see transportation.py) with
as many people as tasks, every person a candidate for every task, each person with room for
at least one task and each task required with a headcount of exactly one. Unlike the
dense_assignment path its utilities may be computed (skills, relationships), not given.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import linear_sum_assignment

from solver.attempt import Attempt
from solver.model import Result
from solver.pairs import Pair
from solver.transportation import is_one_to_one, optimal_result, transportation_applies


class CandidateAssignment:
    def applies(self, attempt: Attempt) -> bool:
        return transportation_applies(attempt) and is_one_to_one(
            attempt.problem, attempt.candidates.pairs
        )

    def run(self, attempt: Attempt) -> Result | None:
        """The optimal team; None (CP-SAT takes over) if no perfect matching exists."""
        chosen = _one_to_one(len(attempt.problem.people), attempt.candidates.pairs)
        return None if chosen is None else optimal_result(attempt, "assignment", chosen)


def _one_to_one(people: int, pairs: list[Pair]) -> set[tuple[int, int]] | None:
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    left = np.fromiter((p.person for p in pairs), dtype=np.int32, count=len(pairs))
    right = np.fromiter((p.task for p in pairs), dtype=np.int32, count=len(pairs))
    cost = -np.fromiter((p.utility for p in pairs), dtype=np.int64, count=len(pairs))
    solver.add_arcs_with_cost(left, right, cost)
    if solver.solve() != solver.OPTIMAL:
        return None
    return {(i, solver.right_mate(i)) for i in range(people)}
