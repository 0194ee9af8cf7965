"""When staffing is a transportation problem, which the paths candidate_assignment and flow
solve to optimality without search.

It is one when nothing but capacity and headcount binds (no pins, no mandatory skills, no
global term with a non-zero weight: coverage, balance, stability) and every candidate pair has
the same load L: then a person offers floor(room / L) slots, and the problem is a min-cost flow
(source -> person -> task -> sink), or a plain assignment when every side has one slot.
"""

from __future__ import annotations

import math

from solver.answer import build_result
from solver.attempt import Attempt
from solver.model import Problem, Result
from solver.pairs import SCALE, Pair
from solver.score import score


def is_transportation(problem: Problem, pairs: list[Pair]) -> bool:
    w = problem.weights
    if problem.pins or any(r.mandatory for t in problem.tasks for r in t.skills):
        return False
    if (w["coverage"] and problem.contacts) or w["balance"] or (w["stability"] and problem.current):
        return False
    loads = {p.load for p in pairs}
    return len(loads) <= 1 and all(load > 0 for load in loads)


def transportation_applies(attempt: Attempt) -> bool:
    """The transportation paths run when asked to (method auto), on every eligible pair (no
    shortlist), for a transportation problem."""
    return (
        attempt.options.method == "auto"
        and attempt.shortlist is None
        and is_transportation(attempt.problem, attempt.candidates.pairs)
    )


def is_one_to_one(problem: Problem, pairs: list[Pair]) -> bool:
    """As many people as tasks, every pair a candidate, every person with room for a task and
    every task required with a headcount of exactly one: a plain assignment."""
    n, m = len(problem.people), len(problem.tasks)
    return (
        bool(pairs)
        and n == m
        and len(pairs) == n * m
        and all(s >= 1 for s in slots(problem, pairs[0].load))
        and all(t.max_headcount == 1 and t.min_headcount == 1 and t.required for t in problem.tasks)
    )


def slots(problem: Problem, load: float) -> list[int]:
    """How many tasks of `load` hours each person has room for."""
    return [max(0, math.floor((p.capacity - p.current_load) / load + 1e-9)) for p in problem.people]


def optimal_result(attempt: Attempt, path: str, chosen: set[tuple[int, int]]) -> Result:
    """The result of a transportation path: optimal, so its bound is its objective."""
    problem, candidates = attempt.problem, attempt.candidates
    stats = attempt.stats(path)
    stats.build_seconds = round(attempt.candidates_seconds, 4)
    value = score(problem, candidates.pairs, chosen) / SCALE
    stats.seconds = stats.first_solution_seconds = round(attempt.seconds(), 4)
    return build_result(problem, candidates, chosen, "OPTIMAL", value, value, stats)
