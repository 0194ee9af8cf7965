"""The LP relaxation of solver/bound.py written out again, row by row, and solved by scipy's
HiGHS: the oracle the OR-Tools bound is checked against (scipy is a test dependency only)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from solver.model import Problem
from solver.pairs import POINTS, SCALE, Pair, threads_per_contact


def scipy_bound(problem: Problem, pairs: list[Pair]) -> float | None:
    """The relaxation's optimum in points, or None when HiGHS finds it infeasible."""
    w = problem.weights
    n_pairs = len(pairs)
    reach: dict[str, list[int]] = defaultdict(list)
    if w["coverage"] and problem.contacts:
        threads = threads_per_contact(problem)
        for k, p in enumerate(pairs):
            pid = problem.people[p.person].id
            for c in problem.tasks[p.task].contacts:
                if len(threads.get(c, ())) <= 1 and pid not in threads.get(c, ()):
                    reach[c].append(k)
    influence = {c.id: c.influence for c in problem.contacts}
    contacts = sorted(reach)
    optional = [j for j, t in enumerate(problem.tasks) if not t.required and t.min_headcount > 0]
    n_vars = n_pairs + len(optional) + len(contacts)
    cost = np.zeros(n_vars)  # linprog minimises: negate
    cost[:n_pairs] = [-p.utility for p in pairs]
    cost[n_pairs : n_pairs + len(optional)] = round(SCALE * w["unfilled"])
    for k, c in enumerate(contacts):
        cost[n_pairs + len(optional) + k] = -round(
            SCALE * w["coverage"] * POINTS * influence.get(c, 1.0)
        )
    constant = 0.0
    if w["stability"] and problem.current:
        index = {p.id: i for i, p in enumerate(problem.people)}
        tindex = {t.id: j for j, t in enumerate(problem.tasks)}
        current = {(index[a], tindex[b]) for a, b in problem.current}
        change = round(SCALE * w["stability"])
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

    def add(entries: list[tuple[int, float]], limit: float) -> None:
        for col, val in entries:
            rows.append(len(upper))
            cols.append(col)
            vals.append(val)
        upper.append(limit)

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
    for s, j in enumerate(optional):
        add(
            [(k, -1.0) for k in by_task.get(j, [])] + [(n_pairs + s, -1.0)],
            -problem.tasks[j].min_headcount,
        )
    for k, c in enumerate(contacts):
        add([(n_pairs + len(optional) + k, 1.0)] + [(q, -1.0) for q in reach[c]], 0.0)
    bounds = [(1.0 if p.pinned else 0.0, 1.0) for p in pairs]
    bounds += [(0.0, problem.tasks[j].min_headcount) for j in optional]
    bounds += [(0.0, 1.0)] * len(contacts)
    if n_vars == 0:  # linprog wants a variable: every row reads 0 <= limit
        return constant / SCALE if min(upper, default=0.0) >= 0 else None
    matrix = coo_matrix((vals, (rows, cols)), shape=(len(upper), n_vars)).tocsr()
    result = linprog(cost, A_ub=matrix, b_ub=np.array(upper), bounds=bounds, method="highs")
    if result.status != 0:
        return None
    return (-result.fun + constant) / SCALE
