"""A greedy team: pins first, then pairs by utility, within every hard rule it can check.

It serves as CP-SAT's hint (a good start makes the first solution come fast) and as the answer
of last resort when CP-SAT finds nothing in time. It honours capacity, headcount maximums,
pins and conflicts (absent from the candidates); mandatory skills are met by taking, for each
task, a holder of each mandatory skill first.
"""

from __future__ import annotations

from collections import defaultdict

from solver.model import Problem
from solver.pairs import Pair, holds


def greedy(problem: Problem, pairs: list[Pair]) -> set[tuple[int, int]]:
    free = [max(0.0, p.capacity - p.current_load) for p in problem.people]
    count: dict[int, int] = defaultdict(int)
    chosen: set[tuple[int, int]] = set()

    def take(pair: Pair) -> bool:
        task = problem.tasks[pair.task]
        if (pair.person, pair.task) in chosen or count[pair.task] >= task.max_headcount:
            return False
        if pair.load > free[pair.person] + 1e-9:
            return False
        chosen.add((pair.person, pair.task))
        free[pair.person] -= pair.load
        count[pair.task] += 1
        return True

    for pair in pairs:
        if pair.pinned:
            take(pair)
    by_task: dict[int, list[Pair]] = defaultdict(list)
    for pair in sorted(pairs, key=lambda p: (-p.utility, p.task, p.person)):
        by_task[pair.task].append(pair)
    # Mandatory skills first, scarce tasks (fewest candidates) first.
    for j in sorted(by_task, key=lambda t: len(by_task[t])):
        task = problem.tasks[j]
        for requirement in (r for r in task.skills if r.mandatory):
            if any(
                holds(problem.people[i].skills, requirement.skill, requirement.level)
                for i, t in chosen
                if t == j
            ):
                continue
            for pair in by_task[j]:
                if holds(
                    problem.people[pair.person].skills, requirement.skill, requirement.level
                ) and take(pair):
                    break
    # Then fill minimum headcounts, then add positive-utility members up to the maximum.
    for j in sorted(by_task, key=lambda t: len(by_task[t])):
        for pair in by_task[j]:
            if count[j] >= problem.tasks[j].min_headcount:
                break
            take(pair)
    for pair in sorted(pairs, key=lambda p: (-p.utility, p.task, p.person)):
        if pair.utility > 0:
            take(pair)
    # A task whose mandatory skills are unmet may not be staffed at all (it stays unfilled).
    for j, task in enumerate(problem.tasks):
        members = [i for i, t in chosen if t == j]
        if not members:
            continue
        unmet = any(
            r.mandatory
            and not any(holds(problem.people[i].skills, r.skill, r.level) for i in members)
            for r in task.skills
        )
        pinned = any(p.pinned and p.task == j for p in pairs)
        if unmet and not pinned:
            chosen -= {(i, j) for i in members}
    return chosen
