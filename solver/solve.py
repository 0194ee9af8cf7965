"""Solving: the exact path when the structure allows it, else CP-SAT hinted by a greedy team,
then explanations (why each pair, why each unfilled task, why infeasible)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from solver import cpsat, exact, vectorised
from solver.bound import loose_bound, upper_bound
from solver.check import check
from solver.explain import precheck, unfilled_reasons, usage
from solver.greedy import greedy
from solver.model import Assignment, Problem, Result, Unfilled, Why
from solver.pairs import SCALE, Candidates, Pair, candidate_pairs
from solver.prune import prune
from solver.score import score

# Above this many people x tasks, candidates are shortlisted with numpy (see vectorised.py).
VECTORISE_FROM = 1_000_000
Progress = Callable[[float, float, float], None]  # objective, bound, seconds


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float, report: Progress | None) -> None:
        super().__init__()
        self.started = started
        self.report = report
        self.first: float | None = None

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        if self.first is None:
            self.first = now
        if self.report is not None:
            self.report(self.objective_value / SCALE, self.best_objective_bound / SCALE, now)


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    progress: Progress | None = None,
    method: str = "auto",
    prune_pairs: bool = True,
) -> Result:
    """Solve `problem`. `method`: "auto" (exact path when it applies, else CP-SAT), "cp-sat"
    (skip the exact path) or "greedy" (the greedy team alone: a baseline)."""
    started = time.perf_counter()
    if method == "auto":
        dense = exact.dense_assignment(problem)
        if dense is not None:
            return _dense_result(problem, dense, started=started)
    short = None
    if vectorised.applies(problem) and len(problem.people) * len(problem.tasks) > VECTORISE_FROM:
        short = vectorised.shortlist(problem)
        candidates = short.candidates
        total = short.total_pairs
    else:
        candidates = candidate_pairs(problem)
        total = len(candidates.pairs)
    pairs = candidates.pairs
    built_at = time.perf_counter()
    stats: dict[str, Any] = {"pairs": len(pairs), "pairs_pruned": total - len(pairs)}
    clashes = precheck(problem, candidates)
    if clashes:
        stats.update(path="precheck", seconds=round(time.perf_counter() - started, 4))
        return Result("INFEASIBLE", None, None, infeasible=tuple(clashes), stats=stats)

    if method == "auto" and short is None and exact.applies(problem, pairs):
        chosen, path = exact.solve_exact(problem, pairs)
        stats.update(path=path, build_seconds=round(built_at - started, 4))
        if chosen is not None:
            value = score(problem, pairs, chosen) / SCALE
            seconds = round(time.perf_counter() - started, 4)
            stats.update(seconds=seconds, first_solution_seconds=seconds)
            return _result(problem, candidates, chosen, "OPTIMAL", value, value, stats)

    hint = greedy(problem, pairs)
    greedy_value = score(problem, pairs, hint)
    greedy_ok = _keeps_every_rule(problem, candidates, hint)
    greedy_at = time.perf_counter() - started
    if method == "greedy":
        stats.update(path="greedy", seconds=round(time.perf_counter() - started, 4))
        value = score(problem, pairs, hint) / SCALE
        return _result(problem, candidates, hint, "FEASIBLE", value, None, stats)
    full = pairs
    pairs = prune(problem, pairs, hint) if prune_pairs else pairs
    stats.update(pairs=len(pairs), pairs_pruned=total - len(pairs))

    def full_bound() -> float:
        if short is not None:
            return loose_bound(problem, short.loose_pair_bound)
        return upper_bound(problem, full)

    built = cpsat.build(problem, pairs)
    for key, var in built.x.items():
        built.model.add_hint(var, key in hint)
    stats["build_seconds"] = round(time.perf_counter() - started, 4)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit - (time.perf_counter() - started))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    callback = _Progress(started, progress)
    status = solver.solve(built.model, callback)
    stats.update(
        path="cp-sat",
        seconds=round(time.perf_counter() - started, 4),
        first_solution_seconds=None if callback.first is None else round(callback.first, 4),
    )
    pruned = len(pairs) < total
    if greedy_ok:
        # The greedy team keeps every hard rule: a feasible answer from the moment it exists.
        first = stats["first_solution_seconds"]
        stats["first_solution_seconds"] = round(
            greedy_at if first is None else min(first, greedy_at), 4
        )
        stats["greedy_objective"] = greedy_value / SCALE
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = {key for key, var in built.x.items() if solver.boolean_value(var)}
        reached = round(solver.objective_value)  # an integer model: drop float noise
        value = reached / SCALE
        bound = solver.best_objective_bound / SCALE
        name = "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE"
        if greedy_ok and greedy_value > reached:
            # CP-SAT stopped before it caught up with its own hint: never answer worse.
            chosen, value, name = hint, greedy_value / SCALE, "FEASIBLE"
        if pruned:
            # CP-SAT's bound holds for the kept pairs only: bound the problem as given. An LP
            # bound within tolerance of the value proves the value optimal after all.
            stats["pruned_bound"] = round(bound, 3)
            bound = max(full_bound(), value)
            name = "OPTIMAL" if bound <= value + 1e-6 else "FEASIBLE"
        return _result(problem, candidates, chosen, name, value, bound, stats)
    if status == cp_model.INFEASIBLE and pruned:
        # Infeasible with the kept pairs proves nothing about the rest: try them all.
        remaining = time_limit - (time.perf_counter() - started)
        if remaining > 0.1:
            return solve(
                problem,
                time_limit=remaining,
                workers=workers,
                seed=seed,
                progress=progress,
                method="cp-sat",
                prune_pairs=False,
            )
        return Result("UNKNOWN", None, None, stats=stats)
    if status == cp_model.INFEASIBLE:
        return Result(
            "INFEASIBLE", None, None, infeasible=tuple(_explain(problem, pairs)), stats=stats
        )
    # Time ran out with no solution: the greedy team, if it keeps every hard rule.
    fallback = _result(
        problem,
        candidates,
        hint,
        "FEASIBLE",
        score(problem, full, hint) / SCALE,
        full_bound(),
        {**stats, "path": "greedy"},
    )
    return fallback if not check(problem, fallback) else Result("UNKNOWN", None, None, stats=stats)


def _dense_result(
    problem: Problem,
    utility: dict[tuple[int, int], int],
    *,
    started: float,
) -> Result:
    seconds = round(time.perf_counter() - started, 4)
    value = sum(utility.values()) / SCALE
    assignments = tuple(
        Assignment(
            person=problem.people[i].id,
            task=problem.tasks[j].id,
            utility=utility[i, j] / SCALE,
            load=problem.tasks[j].effort,
            why=(Why("utility", utility[i, j] / SCALE),),
        )
        for i, j in sorted(utility, key=lambda k: (problem.tasks[k[1]].id, problem.people[k[0]].id))
    )
    stats: dict[str, Any] = {
        "path": "assignment",
        "pairs": len(problem.people) * len(problem.tasks),
        "pairs_pruned": 0,
        "build_seconds": 0.0,
        "seconds": seconds,
        "first_solution_seconds": seconds,
    }
    return Result("OPTIMAL", round(value, 3), round(value, 3), assignments, (), None, stats)


def _keeps_every_rule(
    problem: Problem, candidates: Candidates, chosen: set[tuple[int, int]]
) -> bool:
    draft = _result(problem, candidates, chosen, "FEASIBLE", 0.0, None, {})
    return not check(problem, draft)


def _explain(problem: Problem, pairs: list[Pair]) -> list[str]:
    """The rule groups CP-SAT finds clashing: a small sufficient set, from its assumptions core."""
    built = cpsat.build(problem, pairs, explain=True)
    built.model.clear_objective()
    built.model.add_assumptions(built.rule_literals)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10.0
    if solver.solve(built.model) != cp_model.INFEASIBLE:
        return ["the rules clash in a way the explainer could not isolate in time"]
    core = solver.sufficient_assumptions_for_infeasibility()
    reasons = [built.rules[index] for index in core if index in built.rules]
    return reasons or ["the capacity and headcount rules cannot all be met"]


def _result(
    problem: Problem,
    candidates: Candidates,
    chosen: set[tuple[int, int]],
    status: str,
    objective: float,
    bound: float | None,
    stats: dict[str, Any],
) -> Result:
    by_key = {(p.person, p.task): p for p in candidates.pairs}
    assignments = []
    for i, j in sorted(chosen, key=lambda k: (problem.tasks[k[1]].id, problem.people[k[0]].id)):
        pair = by_key[(i, j)]
        assignments.append(
            Assignment(
                person=problem.people[i].id,
                task=problem.tasks[j].id,
                utility=pair.utility / SCALE,
                load=pair.load,
                why=tuple(Why(term, value / SCALE) for term, value in pair.why),
            )
        )
    count = [0] * len(problem.tasks)
    for _, j in chosen:
        count[j] += 1
    short = [j for j, task in enumerate(problem.tasks) if count[j] < task.min_headcount]
    unfilled: tuple[Unfilled, ...] = ()
    if short:
        facts = usage(problem, candidates, chosen)
        unfilled = tuple(
            Unfilled(
                problem.tasks[j].id,
                problem.tasks[j].min_headcount - count[j],
                tuple(unfilled_reasons(problem, candidates, j, chosen, facts)),
            )
            for j in short
        )
    return Result(
        status,
        round(objective, 3),
        None if bound is None else round(bound, 3),
        tuple(assignments),
        unfilled,
        None,
        stats,
    )
