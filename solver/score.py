"""The objective of a set of chosen pairs, computed without CP-SAT, exactly as the model
scores it (scaled integers): the reported objective of every path, and a test oracle."""

from __future__ import annotations

import math
from collections import defaultdict

from solver.cpsat_model import UTILISATION_UNITS
from solver.model import Problem
from solver.pairs import POINTS, SCALE, Pair, threads_per_contact


def score(problem: Problem, pairs: list[Pair], chosen: set[tuple[int, int]]) -> int:
    w = problem.weights
    by_key = {(p.person, p.task): p for p in pairs}
    total = sum(by_key[k].utility for k in chosen)
    count: dict[int, int] = defaultdict(int)
    for _, j in chosen:
        count[j] += 1
    if w["unfilled"]:
        penalty = round(SCALE * w["unfilled"])
        total -= penalty * sum(
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
        total += sum(round(SCALE * w["coverage"] * POINTS * influence.get(c, 1.0)) for c in reached)
    if w["balance"] and pairs:
        load: dict[int, int] = defaultdict(int)
        for k in chosen:
            load[k[0]] += round(100 * by_key[k].load)
        peak = 0
        for i, hours in load.items():
            person = problem.people[i]
            if person.capacity <= 0:
                continue
            need = UTILISATION_UNITS * (hours + round(100 * person.current_load))
            peak = max(peak, math.ceil(need / round(100 * person.capacity)))
        total -= round(SCALE * w["balance"] * POINTS / UTILISATION_UNITS) * peak
    if w["stability"] and problem.current:
        index = {p.id: i for i, p in enumerate(problem.people)}
        tindex = {t.id: j for j, t in enumerate(problem.tasks)}
        current = {(index[a], tindex[b]) for a, b in problem.current}
        total -= round(SCALE * w["stability"]) * len(current ^ chosen)
    return total
