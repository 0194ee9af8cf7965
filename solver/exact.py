"""The exact path: when staffing is a transportation problem, solve it as one.

Applies when nothing but capacity and headcount binds (no pins, no mandatory skills, no
global term with a non-zero weight: coverage, balance, stability) and every pair has the same
load L: then a person offers floor(room / L) slots and the problem is a min-cost flow
(source -> person -> task -> sink). A task's first `min` slots carry the `unfilled` reward (or
a reward larger than anything else for required tasks); the rest carry none. When every person
offers one slot and every task takes exactly one, it is a plain assignment and OR-Tools'
linear-sum assignment solves it directly.
"""

from __future__ import annotations

import math

import numpy as np
from ortools.graph.python import linear_sum_assignment, min_cost_flow

from solver.model import Problem
from solver.pairs import SCALE, Pair


def applies(problem: Problem, pairs: list[Pair]) -> bool:
    w = problem.weights
    if problem.pins or any(r.mandatory for t in problem.tasks for r in t.skills):
        return False
    if (w["coverage"] and problem.contacts) or w["balance"] or (w["stability"] and problem.current):
        return False
    loads = {p.load for p in pairs}
    return len(loads) <= 1 and all(load > 0 for load in loads)


def solve_exact(problem: Problem, pairs: list[Pair]) -> tuple[set[tuple[int, int]] | None, str]:
    """The optimal chosen pairs (None when a required minimum cannot be met), and the path."""
    if not pairs:
        return (
            set() if all(not t.required or t.min_headcount == 0 for t in problem.tasks) else None
        ), "flow"
    load = pairs[0].load
    slots = [
        max(0, math.floor((p.capacity - p.current_load) / load + 1e-9)) for p in problem.people
    ]
    n, m = len(problem.people), len(problem.tasks)
    if (
        n == m
        and len(pairs) == n * m
        and all(s >= 1 for s in slots)
        and all(t.max_headcount == 1 and t.min_headcount == 1 and t.required for t in problem.tasks)
    ):
        return _assignment(problem, pairs), "assignment"
    return _flow(problem, pairs, slots), "flow"


def _assignment(problem: Problem, pairs: list[Pair]) -> set[tuple[int, int]] | None:
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    left = np.fromiter((p.person for p in pairs), dtype=np.int32, count=len(pairs))
    right = np.fromiter((p.task for p in pairs), dtype=np.int32, count=len(pairs))
    cost = -np.fromiter((p.utility for p in pairs), dtype=np.int64, count=len(pairs))
    solver.add_arcs_with_cost(left, right, cost)
    if solver.solve() != solver.OPTIMAL:
        return None
    return {(i, solver.right_mate(i)) for i in range(len(problem.people))}


def _flow(problem: Problem, pairs: list[Pair], slots: list[int]) -> set[tuple[int, int]] | None:
    n, m = len(problem.people), len(problem.tasks)
    source, sink = n + m, n + m + 1
    penalty = round(SCALE * problem.weights["unfilled"])
    # A reward for required minimums above any possible gain, so they are filled first.
    forced = (
        1
        + sum(abs(p.utility) for p in pairs)
        + penalty * sum(t.min_headcount for t in problem.tasks)
    )
    supply = sum(slots)
    tails = [source] * n + [p.person for p in pairs]
    heads = list(range(n)) + [n + p.task for p in pairs]
    caps = slots + [1] * len(pairs)
    costs = [0] * n + [-p.utility for p in pairs]
    for j, task in enumerate(problem.tasks):
        if task.min_headcount:
            tails.append(n + j)
            heads.append(sink)
            caps.append(task.min_headcount)
            costs.append(-(forced if task.required else penalty))
        if task.max_headcount > task.min_headcount:
            tails.append(n + j)
            heads.append(sink)
            caps.append(task.max_headcount - task.min_headcount)
            costs.append(0)
    tails.append(source)  # unused slots
    heads.append(sink)
    caps.append(supply)
    costs.append(0)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(caps, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    if flow.solve() != flow.OPTIMAL:
        return None
    chosen = {(p.person, p.task) for k, p in enumerate(pairs) if flow.flow(n + k) > 0}
    filled = [0] * m
    for _, j in chosen:
        filled[j] += 1
    if any(t.required and filled[j] < t.min_headcount for j, t in enumerate(problem.tasks)):
        return None
    return chosen
