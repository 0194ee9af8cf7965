"""An upper bound for the problem as given, valid when CP-SAT only saw pruned pairs.

CP-SAT's bound speaks for the pairs it was given. For the full problem we solve the LP
relaxation over every candidate pair with GLOP (OR-Tools' simplex, dual algorithm): binaries
relaxed to [0, 1]; capacity, headcount and pins kept; mandatory skills and the balance term
dropped (dropping a constraint or a term that is never positive can only raise the optimum, so
the LP optimum is an upper bound); coverage relaxed to y_c <= min(1, sum of the pairs that
would reach c); stability and unfilled kept as they are linear. Above `LP_LIMIT` pairs the LP
is not attempted and the bound is the plain relaxation "each task gets its best pairs,
capacities ignored".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from solver.model import Problem
from solver.pairs import POINTS, SCALE, Pair, threads_per_contact

LP_LIMIT = 400_000

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Relaxation:
    """The LP relaxation as columns (scaled integers, like the CP-SAT model): maximise
    `objective` . v + `constant` subject to `row_lower` <= A v <= `row_upper` and `lower` <= v
    <= `upper`, A given by its nonzero entries (`rows`, `columns`, `values`). The variables are
    the pairs (in the order given), then each optional task's shortfall, then each contact's
    new thread."""

    objective: Floats
    lower: Floats
    upper: Floats
    rows: Ints
    columns: Ints
    values: Floats
    row_lower: Floats
    row_upper: Floats
    constant: float


def upper_bound(problem: Problem, pairs: list[Pair]) -> float:
    if len(pairs) <= LP_LIMIT:
        value = lp_optimum(relaxation(problem, pairs))
        if value is not None:
            return value / SCALE
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


def relaxation(problem: Problem, pairs: list[Pair]) -> Relaxation:
    """The LP relaxation of the module docstring, built with numpy (a pair is a column)."""
    n = len(pairs)
    person = np.fromiter((p.person for p in pairs), np.int64, n)
    task = np.fromiter((p.task for p in pairs), np.int64, n)
    load = np.fromiter((p.load for p in pairs), np.float64, n)
    objective = np.fromiter((p.utility for p in pairs), np.float64, n)
    pinned = np.fromiter((p.pinned for p in pairs), np.float64, n)
    constant = 0.0
    w = problem.weights
    if w["stability"] and problem.current:
        index = {p.id: i for i, p in enumerate(problem.people)}
        tindex = {t.id: j for j, t in enumerate(problem.tasks)}
        current = {(index[a], tindex[b]) for a, b in problem.current}
        change = round(SCALE * w["stability"])
        keys = set(zip(person.tolist(), task.tolist(), strict=True))
        kept = np.fromiter(
            ((i, j) in current for i, j in zip(person.tolist(), task.tolist(), strict=True)),
            np.bool_,
            n,
        )
        # A current pair kept earns nothing, one dropped costs `change`; a new pair costs it.
        objective += np.where(kept, change, -change)
        constant -= change * (int(kept.sum()) + len(current - keys))

    # Rows: each person's capacity (people with pairs), each task's headcount, each optional
    # task's minimum with its shortfall, each contact's thread.
    people = np.unique(person)
    person_row = np.searchsorted(people, person)
    room = np.array(
        [max(0.0, problem.people[i].capacity - problem.people[i].current_load) for i in people],
        dtype=np.float64,
    )
    tasks = problem.tasks
    task_row = len(people) + task
    most = np.array([t.max_headcount for t in tasks], dtype=np.float64)
    least = np.array(
        [t.min_headcount if t.required and t.min_headcount else -np.inf for t in tasks],
        dtype=np.float64,
    )
    optional = [j for j, t in enumerate(tasks) if not t.required and t.min_headcount > 0]
    first_optional = len(people) + len(tasks)
    optional_row = np.full(len(tasks), -1, dtype=np.int64)
    optional_row[optional] = np.arange(len(optional)) + first_optional
    on_optional = optional_row[task] >= 0
    gains, reach = _coverage(problem, pairs)
    contacts = sorted(gains)
    first_contact = first_optional + len(optional)
    shortfall = n + np.arange(len(optional))
    thread = n + len(optional) + np.arange(len(contacts))
    reach_rows = [first_contact + r for r, c in enumerate(contacts) for _ in reach[c]]
    reach_columns = [k for c in contacts for k in reach[c]]
    ones = np.ones(n)
    return Relaxation(
        objective=np.concatenate(
            [
                objective,
                np.full(len(optional), -float(round(SCALE * w["unfilled"]))),
                np.array([gains[c] for c in contacts], dtype=np.float64),
            ]
        ),
        lower=np.concatenate([pinned, np.zeros(len(optional) + len(contacts))]),
        upper=np.concatenate(
            [
                np.ones(n),
                np.array([tasks[j].min_headcount for j in optional], dtype=np.float64),
                np.ones(len(contacts)),
            ]
        ),
        rows=np.concatenate(
            [
                person_row,
                task_row,
                optional_row[task][on_optional],
                first_optional + np.arange(len(optional)),
                first_contact + np.arange(len(contacts)),
                np.array(reach_rows, dtype=np.int64),
            ]
        ),
        columns=np.concatenate(
            [
                np.arange(n),
                np.arange(n),
                np.flatnonzero(on_optional),
                shortfall,
                thread,
                np.array(reach_columns, dtype=np.int64),
            ]
        ),
        values=np.concatenate(
            [
                load,
                ones,
                ones[on_optional],
                np.ones(len(optional)),
                np.ones(len(contacts)),
                -np.ones(len(reach_columns)),
            ]
        ),
        row_lower=np.concatenate(
            [
                np.full(len(people), -np.inf),
                least,
                np.array([tasks[j].min_headcount for j in optional], dtype=np.float64),
                np.full(len(contacts), -np.inf),
            ]
        ),
        row_upper=np.concatenate(
            [room, most, np.full(len(optional), np.inf), np.zeros(len(contacts))]
        ),
        constant=constant,
    )


def lp_optimum(lp: Relaxation) -> float | None:
    """The relaxation's optimum (its dual bound) by GLOP's dual simplex, or None when GLOP
    proves nothing (an infeasible relaxation: the problem is infeasible too)."""
    # OR-Tools' MathOpt at the level of its protos (imported on use, as only pruned CP-SAT runs
    # need it): the model goes over as columns in one piece, and no values come back.
    from ortools.glop.parameters_pb2 import GlopParameters
    from ortools.math_opt import (
        callback_pb2,
        model_parameters_pb2,
        model_pb2,
        parameters_pb2,
        result_pb2,
    )
    from ortools.math_opt.core.python import solver as mathopt_core

    n, m = len(lp.objective), len(lp.row_lower)
    model = model_pb2.ModelProto()
    model.variables.ids.extend(range(n))
    model.variables.lower_bounds.extend(lp.lower.tolist())
    model.variables.upper_bounds.extend(lp.upper.tolist())
    model.variables.integers.extend([False] * n)
    model.objective.maximize = True
    nonzero = np.flatnonzero(lp.objective)
    model.objective.linear_coefficients.ids.extend(nonzero.tolist())
    model.objective.linear_coefficients.values.extend(lp.objective[nonzero].tolist())
    model.linear_constraints.ids.extend(range(m))
    model.linear_constraints.lower_bounds.extend(lp.row_lower.tolist())
    model.linear_constraints.upper_bounds.extend(lp.row_upper.tolist())
    order = np.lexsort((lp.columns, lp.rows))  # MathOpt takes the matrix row by row
    matrix = model.linear_constraint_matrix
    matrix.row_ids.extend(lp.rows[order].tolist())
    matrix.column_ids.extend(lp.columns[order].tolist())
    matrix.coefficients.extend(lp.values[order].tolist())
    parameters = parameters_pb2.SolveParametersProto(
        lp_algorithm=parameters_pb2.LP_ALGORITHM_DUAL_SIMPLEX,
        # Perturbed costs break the ties of many equal utilities (measured: bench/bench_lp.py).
        glop=GlopParameters(perturb_costs_in_dual_simplex=True),
    )
    no_values = model_parameters_pb2.ModelSolveParametersProto()
    no_values.variable_values_filter.filter_by_ids = True
    no_values.dual_values_filter.filter_by_ids = True
    no_values.reduced_costs_filter.filter_by_ids = True
    answer: result_pb2.SolveResultProto = mathopt_core.solve(
        model,
        parameters_pb2.SOLVER_TYPE_GLOP,
        parameters_pb2.SolverInitializerProto(),
        parameters,
        no_values,
        None,
        callback_pb2.CallbackRegistrationProto(),
        None,
        None,
    )
    if answer.termination.reason != result_pb2.TERMINATION_REASON_OPTIMAL:
        return None
    return float(answer.termination.objective_bounds.dual_bound) + lp.constant
