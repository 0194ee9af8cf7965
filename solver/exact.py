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

from solver.assignment import min_cost_assignment
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


def dense_assignment(
    problem: Problem,
) -> dict[tuple[int, int], int] | None:
    """The optimal one-to-one team when the problem is a square assignment given as explicit
    pair utilities (every person x task listed once, one slot each, every task needing exactly
    one person, nothing else weighted), solved from the parsed columns: each chosen pair with its
    utility at SCALE; else None."""
    table = problem.pair_table
    n, m = len(problem.people), len(problem.tasks)
    w = problem.weights
    if (
        table is None
        or problem.eligibility != "pairs"
        or n != m
        or len(table.person) != n * m
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
        return None
    efforts = {t.effort for t in problem.tasks}
    if len(efforts) != 1 or (effort := efforts.pop()) <= 0:
        return None
    if any(not 1 <= (p.capacity - p.current_load) / effort < 2 for p in problem.people):
        return None
    cells = table.person.astype(np.int64) * m + table.task
    seen = np.zeros(n * m, dtype=bool)
    seen[cells] = True
    if not seen.all():  # n*m pairs covering every cell: each pair exactly once
        return None
    # Whole utilities go in as they are, others at SCALE, both divided by their common factor:
    # small integer costs keep cost scaling's phases few.
    whole = table.utility.astype(np.int64)
    units, per_unit = (
        (whole, SCALE)
        if np.array_equal(whole, table.utility)
        else (np.rint(SCALE * table.utility).astype(np.int64), 1)
    )
    step = int(np.gcd.reduce(units)) or 1
    flat = np.empty(n * m, dtype=np.int64)
    flat[cells] = units // -step  # exact: step divides every unit
    cost = flat.reshape(n, m)
    mate = min_cost_assignment(cost)
    scaled = per_unit * step
    return {(i, int(j)): int(-cost[i, j] * scaled) for i, j in enumerate(mate)}
