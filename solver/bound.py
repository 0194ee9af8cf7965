"""An upper bound for the problem as given, valid when CP-SAT only saw pruned pairs.

CP-SAT's bound speaks for the pairs it was given. For the full problem we solve the LP
relaxation over every candidate pair with HiGHS: binaries relaxed to [0, 1]; capacity,
headcount and pins kept; mandatory skills and the balance term dropped (dropping a constraint
or a term that is never positive can only raise the optimum, so the LP optimum is an upper
bound); coverage relaxed to y_c <= min(1, sum of the pairs that would reach c); stability and
unfilled kept as they are linear. Above `LP_LIMIT` pairs the LP is not attempted and the
bound is the plain relaxation "each task gets its best pairs, capacities ignored".
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from solver.model import Problem
from solver.pairs import POINTS, SCALE, Pair, threads_per_contact

LP_LIMIT = 400_000


def upper_bound(problem: Problem, pairs: list[Pair]) -> float:
    if len(pairs) <= LP_LIMIT:
        value = _lp(problem, pairs)
        if value is not None:
            return value
    return _loose(problem, pairs)


def loose_bound(problem: Problem, best_pairs: int) -> float:
    """`best_pairs` (each task's best utilities) plus every coverage gain any pair could earn."""
    w = problem.weights
    gains = 0
    if w["coverage"] and problem.contacts:
        threads = threads_per_contact(problem)
        influence = {c.id: c.influence for c in problem.contacts}
        engaged = {c for t in problem.tasks for c in t.contacts}
        gains = sum(
            round(SCALE * w["coverage"] * POINTS * influence.get(c, 1.0))
            for c in engaged
            if len(threads.get(c, ())) <= 1
        )
    return (best_pairs + gains) / SCALE


def _coverage(problem: Problem, pairs: list[Pair]) -> tuple[dict[str, int], dict[str, list[int]]]:
    w = problem.weights
    gains: dict[str, int] = {}
    reach: dict[str, list[int]] = defaultdict(list)
    if not (w["coverage"] and problem.contacts):
        return gains, reach
    threads = threads_per_contact(problem)
    influence = {c.id: c.influence for c in problem.contacts}
    for k, p in enumerate(pairs):
        pid = problem.people[p.person].id
        for c in problem.tasks[p.task].contacts:
            if len(threads.get(c, ())) <= 1 and pid not in threads.get(c, ()):
                reach[c].append(k)
    for c in reach:
        gains[c] = round(SCALE * w["coverage"] * POINTS * influence.get(c, 1.0))
    return gains, reach


def _loose(problem: Problem, pairs: list[Pair]) -> float:
    best: dict[int, list[int]] = defaultdict(list)
    for p in pairs:
        best[p.task].append(p.utility)
    total = 0
    for j, utilities in best.items():
        utilities.sort(reverse=True)
        total += sum(u for u in utilities[: problem.tasks[j].max_headcount] if u > 0)
    gains, _ = _coverage(problem, pairs)
    return (total + sum(gains.values())) / SCALE


def _lp(problem: Problem, pairs: list[Pair]) -> float | None:
    from scipy.optimize import linprog  # imported on use: a fifth of a second at start-up
    from scipy.sparse import coo_matrix

    n_pairs = len(pairs)
    gains, reach = _coverage(problem, pairs)
    contacts = sorted(gains)
    # Tasks that may fall short of their minimum: each has a shortfall variable.
    optional_tasks = [
        j for j, t in enumerate(problem.tasks) if not t.required and t.min_headcount > 0
    ]
    n_vars = n_pairs + len(optional_tasks) + len(contacts)
    cost = np.zeros(n_vars)  # linprog minimises: negate
    cost[:n_pairs] = -np.array([p.utility for p in pairs], dtype=float)
    penalty = round(SCALE * problem.weights["unfilled"])
    cost[n_pairs : n_pairs + len(optional_tasks)] = penalty
    for k, c in enumerate(contacts):
        cost[n_pairs + len(optional_tasks) + k] = -gains[c]
    constant = 0.0
    if problem.weights["stability"] and problem.current:
        index = {p.id: i for i, p in enumerate(problem.people)}
        tindex = {t.id: j for j, t in enumerate(problem.tasks)}
        current = {(index[a], tindex[b]) for a, b in problem.current}
        change = round(SCALE * problem.weights["stability"])
        keys = [(p.person, p.task) for p in pairs]
        for k, key in enumerate(keys):
            if key in current:
                cost[k] -= change
                constant -= change
            else:
                cost[k] += change
        constant -= change * len(current - set(keys))
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    upper: list[float] = []
    row = 0

    def add(entries: list[tuple[int, float]], limit: float) -> None:
        nonlocal row
        for col, val in entries:
            rows.append(row)
            cols.append(col)
            vals.append(val)
        upper.append(limit)
        row += 1

    by_person: dict[int, list[int]] = defaultdict(list)
    by_task: dict[int, list[int]] = defaultdict(list)
    for k, p in enumerate(pairs):
        by_person[p.person].append(k)
        by_task[p.task].append(k)
    for i, ks in by_person.items():
        person = problem.people[i]
        add([(k, pairs[k].load) for k in ks], max(0.0, person.capacity - person.current_load))
    for j, task in enumerate(problem.tasks):
        ks = by_task.get(j, [])
        add([(k, 1.0) for k in ks], task.max_headcount)
        if task.required and task.min_headcount:
            add([(k, -1.0) for k in ks], -task.min_headcount)
    for s, j in enumerate(optional_tasks):
        add(
            [(k, -1.0) for k in by_task.get(j, [])] + [(n_pairs + s, -1.0)],
            -problem.tasks[j].min_headcount,
        )
    for k, c in enumerate(contacts):
        add([(n_pairs + len(optional_tasks) + k, 1.0)] + [(q, -1.0) for q in reach[c]], 0.0)
    bounds = [(1.0 if p.pinned else 0.0, 1.0) for p in pairs]
    bounds += [(0.0, problem.tasks[j].min_headcount) for j in optional_tasks]
    bounds += [(0.0, 1.0)] * len(contacts)
    matrix = coo_matrix((vals, (rows, cols)), shape=(row, n_vars)).tocsr() if row else None
    result = linprog(
        cost, A_ub=matrix, b_ub=np.array(upper) if row else None, bounds=bounds, method="highs"
    )
    if result.status != 0:
        return None
    return (-result.fun + constant) / SCALE
