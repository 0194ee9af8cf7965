"""Candidate pairs (person, task) and their utilities, with the objective's integer scaling.

Scaling: CP-SAT needs integers, so every term is counted in thousandths of a point
(`SCALE` = 1000) and the reported objective is the integer objective / SCALE. A pair's
utility U(p, t), in points, is either the pair's explicit `utility` or the sum of:

- skill        = weights.skill x 10 x fit, where fit = sum_r w_r q_r / sum_r w_r over the
                 task's skill requirements r (weight w_r, level L_r) and p's level l:
                 q = 0 without the skill, 0.5 l / L below the level, 1 + 0.05 (l - L) at or
                 above it (an expert edges out a bare match); a task without skills has fit 0;
- relationship = weights.relationship x 10 x the mean strength of p's relationships with the
                 task's contacts (0 when the task engages none);
- continuity   = weights.continuity x 10 when p is already on the task's account team;
- cost         = - weights.cost x p.cost x load.

Each pair's integer utility is round(SCALE x U), and its `why` terms are the same rounded
parts, so they add up to the utility exactly. With only explicit utilities weighted, the
objective is therefore exactly the sum of the chosen pairs' utilities (to 1/1000).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from solver.model import Person, Problem, Task

SCALE = 1000
POINTS = 10.0
UTILISATION_UNITS = 1000  # balance works in per-mille of capacity


@dataclass(frozen=True)
class Pair:
    person: int  # index into problem.people
    task: int  # index into problem.tasks
    utility: int  # scaled
    load: float
    why: tuple[tuple[str, int], ...]  # scaled parts, adding up to `utility`
    pinned: bool = False


def skill_fit(levels: dict[str, int], task: Task) -> float:
    total = sum(r.weight for r in task.skills)
    if not task.skills or total <= 0:
        return 0.0
    score = 0.0
    for r in task.skills:
        level = levels.get(r.skill, 0)
        if level <= 0:
            quality = 0.0
        elif level < r.level:
            quality = 0.5 * level / r.level
        else:
            quality = 1.0 + 0.05 * (level - r.level)
        score += r.weight * quality
    return score / total


def holds(levels: dict[str, int], skill: str, level: int) -> bool:
    return levels.get(skill, 0) >= level


@dataclass(frozen=True)
class Candidates:
    pairs: list[Pair]
    # Why a (person, task) was left out, for explanations: "conflict", "forbidden", "skills".
    excluded: dict[tuple[int, int], str]
    # Pins that cannot be honoured, with the reason.
    impossible_pins: list[tuple[int, int, str]]


def candidate_pairs(problem: Problem) -> Candidates:
    """Eligible pairs with their utilities. With `skills` eligibility, a task's candidates come
    from an index of who holds each skill at which level, so the work grows with the pairs that
    exist, not with people x tasks."""
    weights = problem.weights
    person_index = {p.id: i for i, p in enumerate(problem.people)}
    task_index = {t.id: j for j, t in enumerate(problem.tasks)}
    conflicts = set(problem.conflicts)
    overrides = {(person_index[o.person], task_index[o.task]): o for o in problem.pairs}
    pinned_by_task: dict[int, set[int]] = defaultdict(set)
    for p, t in problem.pins:
        pinned_by_task[task_index[t]].add(person_index[p])
    listed_by_task: dict[int, set[int]] = defaultdict(set)
    for (i, j), o in overrides.items():
        if not o.forbidden:
            listed_by_task[j].add(i)
    holders: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, person in enumerate(problem.people):
        for skill, level in person.skills.items():
            holders[skill].append((i, level))
    strength: dict[tuple[str, str], float] = {
        (r.person, r.contact): r.strength for r in problem.relationships
    }
    everyone = range(len(problem.people))
    pairs: list[Pair] = []
    excluded: dict[tuple[int, int], str] = {}
    impossible: list[tuple[int, int, str]] = []
    for j, task in enumerate(problem.tasks):
        if problem.eligibility == "all" or (problem.eligibility == "skills" and not task.skills):
            candidates: Iterable[int] = everyone
        elif problem.eligibility == "pairs":
            candidates = listed_by_task[j]
        else:
            candidates = {
                i for r in task.skills for i, level in holders.get(r.skill, ()) if level >= r.level
            }
        pinned = pinned_by_task.get(j, set())
        for i in sorted(set(candidates) | pinned):
            person = problem.people[i]
            override = overrides.get((i, j))
            if task.account is not None and (person.id, task.account) in conflicts:
                excluded[(i, j)] = "conflict"
                if i in pinned:
                    impossible.append((i, j, "conflict"))
                continue
            if override is not None and override.forbidden:
                excluded[(i, j)] = "forbidden"
                if i in pinned:
                    impossible.append((i, j, "forbidden"))
                continue
            load = (
                override.load if override is not None and override.load is not None else task.effort
            )
            why: tuple[tuple[str, int], ...]
            if override is not None and override.utility is not None:
                why = (("utility", round(SCALE * override.utility)),)
            else:
                why = _parts(problem, weights, person, task, load, strength)
            pairs.append(Pair(i, j, sum(v for _, v in why), load, why, i in pinned))
    return Candidates(pairs, excluded, impossible)


def _parts(
    problem: Problem,
    weights: dict[str, float],
    person: Person,
    task: Task,
    load: float,
    strength: dict[tuple[str, str], float],
) -> tuple[tuple[str, int], ...]:
    skill = (
        round(SCALE * weights["skill"] * POINTS * skill_fit(person.skills, task))
        if weights["skill"]
        else 0
    )
    rel = 0
    if task.contacts and weights["relationship"]:
        mean = sum(strength.get((person.id, c), 0.0) for c in task.contacts) / len(task.contacts)
        rel = round(SCALE * weights["relationship"] * POINTS * mean)
    cont = 0
    if weights["continuity"] and task.account is not None and task.account in person.accounts:
        cont = round(SCALE * weights["continuity"] * POINTS)
    cost = -round(SCALE * weights["cost"] * person.cost * load) if weights["cost"] else 0
    return tuple(
        (term, value)
        for term, value in (
            ("skill", skill),
            ("relationship", rel),
            ("continuity", cont),
            ("cost", cost),
        )
        if value
    )


def threads_per_contact(problem: Problem) -> dict[str, set[str]]:
    """Who holds a relationship with each contact (the problem lists threads only)."""
    holders: dict[str, set[str]] = defaultdict(set)
    for r in problem.relationships:
        if r.strength > 0:
            holders[r.contact].add(r.person)
    return holders
