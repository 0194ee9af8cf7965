"""Turning chosen pairs into a `Result`: each assignment with its why, each task left short of
its minimum with the reasons a KAM lead can act on. Every path that chooses pairs answers here."""

from __future__ import annotations

from solver.check import check
from solver.explain import unfilled_reasons, usage
from solver.model import Assignment, Problem, Result, Unfilled, Why
from solver.pairs import SCALE, Candidates
from solver.stats import SolveStats


def build_result(
    problem: Problem,
    candidates: Candidates,
    chosen: set[tuple[int, int]],
    status: str,
    objective: float,
    bound: float | None,
    stats: SolveStats,
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
    understaffed = [j for j, task in enumerate(problem.tasks) if count[j] < task.min_headcount]
    unfilled: tuple[Unfilled, ...] = ()
    if understaffed:
        facts = usage(problem, candidates, chosen)
        unfilled = tuple(
            Unfilled(
                problem.tasks[j].id,
                problem.tasks[j].min_headcount - count[j],
                tuple(unfilled_reasons(problem, candidates, j, chosen, facts)),
            )
            for j in understaffed
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


def keeps_every_rule(
    problem: Problem, candidates: Candidates, chosen: set[tuple[int, int]]
) -> bool:
    draft = build_result(problem, candidates, chosen, "FEASIBLE", 0.0, None, SolveStats())
    return not check(problem, draft)
