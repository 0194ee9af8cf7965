"""Candidate pruning: keep, per task, the pairs that can matter.

Below `PRUNE_FROM` candidate pairs nothing is pruned. Above it each task keeps its best
K = max(MIN_KEEP, PER_SEAT x max headcount) pairs by utility, and, whatever their rank:
pinned pairs, the current team (for stability), the greedy team (so CP-SAT's hint stays
feasible and the answer is never worse than greedy) and, for each mandatory skill, its best
K holders (so the only holders of a skill are never pruned).
"""

from __future__ import annotations

from collections import defaultdict

from solver.model import Problem
from solver.pairs import Pair, holds

PRUNE_FROM = 20_000
MIN_KEEP = 12
PER_SEAT = 6


def prune(problem: Problem, pairs: list[Pair], keep: set[tuple[int, int]]) -> list[Pair]:
    if len(pairs) < PRUNE_FROM:
        return pairs
    index = {p.id: i for i, p in enumerate(problem.people)}
    tindex = {t.id: j for j, t in enumerate(problem.tasks)}
    forced = set(keep) | {(index[a], tindex[b]) for a, b in problem.current}
    by_task: dict[int, list[Pair]] = defaultdict(list)
    for pair in pairs:
        by_task[pair.task].append(pair)
    kept: set[tuple[int, int]] = set()
    for j, task_pairs in by_task.items():
        task = problem.tasks[j]
        k = max(MIN_KEEP, PER_SEAT * task.max_headcount)
        ranked = sorted(task_pairs, key=lambda p: (-p.utility, p.person))
        kept.update((p.person, p.task) for p in ranked[:k])
        for r in task.skills:
            if r.mandatory:
                able = [
                    p for p in ranked if holds(problem.people[p.person].skills, r.skill, r.level)
                ]
                kept.update((p.person, p.task) for p in able[:k])
    return [
        p for p in pairs if (p.person, p.task) in kept or (p.person, p.task) in forced or p.pinned
    ]
