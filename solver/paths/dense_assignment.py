"""The dense assignment path: a square assignment given as explicit utilities, dense or sparse.

Applies (method auto) when the listed pairs each give a `utility` and each (person, task) is
listed at most once, and nothing else binds: eligibility `pairs`, as many people as tasks, each
person with room for exactly one task (all of equal effort), each task required with a
headcount of exactly one, no pins, conflicts, current team, forbidden pair, load override,
mandatory skill, balance or coverage. It is solved from the parsed columns
(`Problem.pair_table`) before any `Pair` object exists: a full matrix by a priced matching (a
million pairs in well under a second), a sparse one by OR-Tools' assignment on the listed pairs;
a sparse one without a perfect matching stands aside for the paths that explain why.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import linear_sum_assignment

from solver.attempt import Attempt
from solver.matching import min_cost_matching
from solver.model import Assignment, Problem, Result, Why
from solver.pairs import SCALE
from solver.stats import SolveStats


class DenseAssignment:
    def applies(self, attempt: Attempt) -> bool:
        return attempt.options.method == "auto" and is_dense_assignment(attempt.problem)

    def run(self, attempt: Attempt) -> Result | None:
        problem = attempt.problem
        utility = solve_dense_assignment(problem)
        if utility is None:
            return None
        seconds = round(attempt.seconds(), 4)
        value = sum(utility.values()) / SCALE
        assignments = tuple(
            Assignment(
                person=problem.people[i].id,
                task=problem.tasks[j].id,
                utility=utility[i, j] / SCALE,
                load=problem.tasks[j].effort,
                why=(Why("utility", utility[i, j] / SCALE),),
            )
            for i, j in sorted(
                utility, key=lambda k: (problem.tasks[k[1]].id, problem.people[k[0]].id)
            )
        )
        stats = SolveStats(
            path="assignment",
            pairs=len(problem.pairs),
            pairs_pruned=0,
            build_seconds=0.0,
            seconds=seconds,
            first_solution_seconds=seconds,
        )
        return Result("OPTIMAL", round(value, 3), round(value, 3), assignments, (), None, stats)


def is_dense_assignment(problem: Problem) -> bool:
    table = problem.pair_table
    n, m = len(problem.people), len(problem.tasks)
    w = problem.weights
    if (
        table is None
        or problem.eligibility != "pairs"
        or n != m
        or not 0 < len(table.person) <= n * m
        or problem.pins
        or problem.conflicts
        or problem.current
        or (w["balance"] and n)
        or (w["coverage"] and problem.contacts)
        or table.forbidden.any()
        or np.isnan(table.utility).any()
        or not np.isnan(table.load).all()
        or any(r.mandatory for t in problem.tasks for r in t.skills)
        or any(
            not (t.required and t.min_headcount == 1 and t.max_headcount == 1)
            for t in problem.tasks
        )
    ):
        return False
    efforts = {t.effort for t in problem.tasks}
    if len(efforts) != 1 or (effort := efforts.pop()) <= 0:
        return False
    if any(not 1 <= (p.capacity - p.current_load) / effort < 2 for p in problem.people):
        return False
    return bool(np.bincount(_cells(problem), minlength=n * m).max() == 1)  # each listed once


def solve_dense_assignment(problem: Problem) -> dict[tuple[int, int], int] | None:
    """The optimal one-to-one team of a dense assignment: each chosen pair with its utility
    at SCALE (None: a sparse one has no perfect matching)."""
    table = problem.pair_table
    assert table is not None, "only for a dense assignment"
    n, m = len(problem.people), len(problem.tasks)
    # Whole utilities go in as they are, others at SCALE, both divided by their common factor:
    # small integer costs keep cost scaling's phases few.
    whole = table.utility.astype(np.int64)
    units, per_unit = (
        (whole, SCALE)
        if np.array_equal(whole, table.utility)
        else (np.rint(SCALE * table.utility).astype(np.int64), 1)
    )
    step = int(np.gcd.reduce(units)) or 1
    scaled = per_unit * step
    if len(units) < n * m:
        found = _sparse_matching(n, table.person, table.task, units // -step)
        if found is None:
            return None
        return {(int(table.person[k]), int(table.task[k])): int(units[k] * per_unit) for k in found}
    flat = np.empty(n * m, dtype=np.int64)
    flat[_cells(problem)] = units // -step  # exact: step divides every unit
    cost = flat.reshape(n, m)
    mate = min_cost_matching(cost)
    return {(i, int(j)): int(-cost[i, j] * scaled) for i, j in enumerate(mate)}


def _sparse_matching(
    n: int, left: np.ndarray, right: np.ndarray, cost: np.ndarray
) -> np.ndarray | None:
    """The listed pairs (positions) of a minimum-cost perfect matching, or None if none exists."""
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    # Shifted to non-negative costs, as matching.py does: the optimum is the same.
    solver.add_arcs_with_cost(left, right, cost - cost.min())
    if solver.solve() != solver.OPTIMAL:
        return None
    mate = np.fromiter((solver.right_mate(i) for i in range(n)), np.int64, n)
    cells = left.astype(np.int64) * n + right
    order = np.argsort(cells)
    return order[np.searchsorted(cells[order], np.arange(n) * n + mate)]


def _cells(problem: Problem) -> np.ndarray:
    """Each listed pair's cell in the row-major people x tasks matrix."""
    table = problem.pair_table
    assert table is not None
    return table.person.astype(np.int64) * len(problem.tasks) + table.task
