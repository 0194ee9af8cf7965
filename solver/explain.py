"""Explanations a KAM lead understands: why a task stays short, why a problem is infeasible
(clashes certain without search, else the rule groups CP-SAT finds clashing)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from solver.model import Problem
from solver.pairs import Candidates, Pair, holds


@dataclass(frozen=True)
class Usage:
    """What explanations need about a solution, computed once for all its unfilled tasks."""

    used: list[float]  # hours each person takes on in the solution
    by_task: dict[int, list[Pair]]


def usage(problem: Problem, candidates: Candidates, chosen: set[tuple[int, int]]) -> Usage:
    load_of = {(p.person, p.task): p.load for p in candidates.pairs}
    used = [0.0] * len(problem.people)
    for i, j in chosen:
        used[i] += load_of.get((i, j), problem.tasks[j].effort)
    by_task: dict[int, list[Pair]] = defaultdict(list)
    for p in candidates.pairs:
        by_task[p.task].append(p)
    return Usage(used, by_task)


def unfilled_reasons(
    problem: Problem,
    candidates: Candidates,
    task_index: int,
    chosen: set[tuple[int, int]],
    facts: Usage,
) -> list[str]:
    task = problem.tasks[task_index]
    people = problem.people
    used = facts.used
    eligible = facts.by_task.get(task_index, [])
    reasons: list[str] = []
    conflicted = sum(
        1 for (i, j), why in candidates.excluded.items() if j == task_index and why == "conflict"
    )
    for r in task.skills:
        if not r.mandatory:
            continue
        holders = [i for i, person in enumerate(people) if holds(person.skills, r.skill, r.level)]
        if not holders:
            reasons.append(f"no one holds {r.skill} at level {r.level} or above")
            continue
        usable = [i for i in holders if (i, task_index) not in candidates.excluded]
        if not usable:
            reasons.append(
                f"every holder of {r.skill} at level {r.level} has a conflict of interest "
                "with the account"
            )
            continue
        effort = task.effort
        free = [
            i
            for i in usable
            if people[i].capacity - people[i].current_load - used[i] >= effort - 1e-9
        ]
        if not free:
            reasons.append(f"the holders of {r.skill} at level {r.level} are out of capacity")
    if not eligible:
        reasons.append("no eligible person (nobody holds any of its skills at the level asked)")
    else:
        spare = [
            p
            for p in eligible
            if (p.person, task_index) not in chosen
            and people[p.person].capacity - people[p.person].current_load - used[p.person]
            >= p.load - 1e-9
        ]
        if not spare and not reasons:
            reasons.append("no eligible person has capacity left")
    if conflicted and not reasons:
        reasons.append(f"{conflicted} people are barred by a conflict of interest with the account")
    if not reasons:
        reasons.append("staffing it would cost more than it brings (or time ran out)")
    return reasons


def certain_clashes(problem: Problem, candidates: Candidates) -> list[str]:
    """Clashes that are certain without search (fast, exact wording)."""
    reasons = []
    by_task: dict[int, list[Pair]] = defaultdict(list)
    for p in candidates.pairs:
        by_task[p.task].append(p)
    for i, j, why in candidates.impossible_pins:
        person, task = problem.people[i], problem.tasks[j]
        if why == "conflict":
            reasons.append(
                f"pin {person.id} -> {task.id} clashes with {person.id}'s conflict of interest "
                f"with {task.account}"
            )
        else:
            reasons.append(f"pin {person.id} -> {task.id} is a forbidden pair")
    for j, task in enumerate(problem.tasks):
        if not task.required or task.min_headcount == 0:
            continue
        eligible = by_task.get(j, [])
        if len(eligible) < task.min_headcount:
            reasons.append(
                f"required task {task.id} needs {task.min_headcount} people "
                f"but only {len(eligible)} are eligible"
            )
        for r in task.skills:
            if r.mandatory and not any(
                holds(problem.people[p.person].skills, r.skill, r.level) for p in eligible
            ):
                reasons.append(
                    f"required task {task.id} needs {r.skill} at level {r.level} "
                    "and no available person holds it"
                )
    return reasons


def clashing_rules(problem: Problem, pairs: list[Pair]) -> list[str]:
    """The rule groups CP-SAT finds clashing: a small sufficient set, from its assumptions core."""
    from ortools.sat.python import cp_model  # imported on use: a second or more at start-up

    from solver import cpsat_model

    built = cpsat_model.build(problem, pairs, explain=True)
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
