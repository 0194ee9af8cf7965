"""The objective of a set of chosen pairs, computed without CP-SAT, exactly as the model
scores it (scaled integers): the reported objective of every path, a test oracle, and its
breakdown by term (what a KAM lead reads to see where a team's score comes from)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

from solver.model import Problem, Result
from solver.pairs import POINTS, SCALE, UTILISATION_UNITS, Pair, threads_per_contact

# The terms of the objective, in the order a breakdown lists them: the pair terms (pairs.py),
# then the global ones (cpsat_model.py).
TERMS = (
    "skill",
    "relationship",
    "continuity",
    "cost",
    "utility",
    "coverage",
    "balance",
    "stability",
    "unfilled",
)


def score(problem: Problem, pairs: list[Pair], chosen: set[tuple[int, int]]) -> int:
    return sum(score_terms(problem, pairs, chosen).values())


def score_terms(
    problem: Problem, pairs: list[Pair], chosen: set[tuple[int, int]]
) -> dict[str, int]:
    """`score` term by term (scaled integers adding up to it)."""
    by_key = {(p.person, p.task): p for p in pairs}
    terms: dict[str, int] = dict.fromkeys(TERMS, 0)
    for k in chosen:
        for term, value in by_key[k].why:
            terms[term] += value
    terms.update(global_terms(problem, {k: by_key[k].load for k in chosen}))
    return terms


def objective_terms(problem: Problem, result: Result) -> dict[str, float]:
    """The result's objective in points, term by term (every term of TERMS, 0 when it plays no
    part); the terms add up to `result.objective` when the result has a team."""
    index = {p.id: i for i, p in enumerate(problem.people)}
    tindex = {t.id: j for j, t in enumerate(problem.tasks)}
    terms: dict[str, int] = dict.fromkeys(TERMS, 0)
    loads: dict[tuple[int, int], float] = {}
    for a in result.assignments:
        loads[(index[a.person], tindex[a.task])] = a.load
        for why in a.why:
            terms[why.term] = terms.get(why.term, 0) + round(SCALE * why.value)
    for term, value in global_terms(problem, loads).items():
        terms[term] += value
    return {term: value / SCALE for term, value in terms.items()}


def global_terms(problem: Problem, loads: Mapping[tuple[int, int], float]) -> dict[str, int]:
    """The global terms (coverage, balance, stability, unfilled) of the chosen pairs, given as
    (person index, task index) -> hours."""
    w = problem.weights
    chosen = set(loads)
    terms = dict.fromkeys(("coverage", "balance", "stability", "unfilled"), 0)
    count: dict[int, int] = defaultdict(int)
    for _, j in chosen:
        count[j] += 1
    if w["unfilled"]:
        penalty = round(SCALE * w["unfilled"])
        terms["unfilled"] = -penalty * sum(
            max(0, t.min_headcount - count[j])
            for j, t in enumerate(problem.tasks)
            if not t.required
        )
    if w["coverage"] and problem.contacts:
        threads = threads_per_contact(problem)
        influence = {c.id: c.influence for c in problem.contacts}
        reached = set()
        for i, j in chosen:
            pid = problem.people[i].id
            for c in problem.tasks[j].contacts:
                if len(threads.get(c, ())) <= 1 and pid not in threads.get(c, ()):
                    reached.add(c)
        terms["coverage"] = sum(
            round(SCALE * w["coverage"] * POINTS * influence.get(c, 1.0)) for c in reached
        )
    if w["balance"] and chosen:
        load: dict[int, int] = defaultdict(int)
        for (i, _), hours in loads.items():
            load[i] += round(100 * hours)
        peak = 0
        for i, hours_100 in load.items():
            person = problem.people[i]
            if person.capacity <= 0:
                continue
            need = UTILISATION_UNITS * (hours_100 + round(100 * person.current_load))
            peak = max(peak, math.ceil(need / round(100 * person.capacity)))
        terms["balance"] = -round(SCALE * w["balance"] * POINTS / UTILISATION_UNITS) * peak
    if w["stability"] and problem.current:
        index = {p.id: i for i, p in enumerate(problem.people)}
        tindex = {t.id: j for j, t in enumerate(problem.tasks)}
        current = {(index[a], tindex[b]) for a, b in problem.current}
        terms["stability"] = -round(SCALE * w["stability"]) * len(current ^ chosen)
    return terms
