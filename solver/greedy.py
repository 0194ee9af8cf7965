"""A greedy team: pins first, then pairs by utility, within every hard rule it can check.

It serves as CP-SAT's hint (a good start makes the first solution come fast), keeps its pairs
through pruning, and is the answer of last resort when CP-SAT finds nothing in time. It honours
capacity, headcount maximums and pins (conflicts and forbidden pairs are not candidates);
mandatory skills are met by seating, for each task, a holder of each mandatory skill first,
and a task whose mandatory skills cannot be met is left empty (it stays unfilled).
"""

from __future__ import annotations

from collections import defaultdict

from solver.model import Problem
from solver.pairs import Pair, holds


def greedy_team(problem: Problem, pairs: list[Pair]) -> set[tuple[int, int]]:
    free = [max(0.0, p.capacity - p.current_load) for p in problem.people]
    members: dict[int, list[int]] = defaultdict(list)
    chosen: set[tuple[int, int]] = set()

    def take(pair: Pair) -> bool:
        task = problem.tasks[pair.task]
        if (pair.person, pair.task) in chosen or len(members[pair.task]) >= task.max_headcount:
            return False
        if pair.load > free[pair.person] + 1e-9:
            return False
        chosen.add((pair.person, pair.task))
        members[pair.task].append(pair.person)
        free[pair.person] -= pair.load
        return True

    for pair in pairs:
        if pair.pinned:
            take(pair)
    ranked = sorted(pairs, key=lambda p: (-p.utility, p.task, p.person))
    by_task: dict[int, list[Pair]] = defaultdict(list)
    for pair in ranked:
        by_task[pair.task].append(pair)
    scarce_first = sorted(by_task, key=lambda t: (len(by_task[t]), t))

    def held(j: int, skill: str, level: int) -> bool:
        return any(holds(problem.people[i].skills, skill, level) for i in members[j])

    for j in scarce_first:
        for r in problem.tasks[j].skills:
            if r.mandatory and not held(j, r.skill, r.level):
                for pair in by_task[j]:
                    if holds(problem.people[pair.person].skills, r.skill, r.level) and take(pair):
                        break
    for j in scarce_first:
        for pair in by_task[j]:
            if len(members[j]) >= problem.tasks[j].min_headcount:
                break
            take(pair)
    for pair in ranked:
        if pair.utility > 0:
            take(pair)
    pinned_tasks = {p.task for p in pairs if p.pinned}
    for j, team in list(members.items()):
        if not team or j in pinned_tasks:
            continue
        if any(r.mandatory and not held(j, r.skill, r.level) for r in problem.tasks[j].skills):
            chosen -= {(i, j) for i in team}
            members[j] = []
    return chosen
