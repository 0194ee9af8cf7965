"""A solver-independent checker: does a result keep every hard rule, and what is it worth?"""

from __future__ import annotations

from collections import defaultdict

from solver.model import Problem, Result
from solver.pairs import holds


def check(problem: Problem, result: Result) -> list[str]:
    """Every hard rule the result breaks (empty when it keeps them all)."""
    if result.status not in ("OPTIMAL", "FEASIBLE"):
        return []
    people = {p.id: p for p in problem.people}
    tasks = {t.id: t for t in problem.tasks}
    forbidden = {(o.person, o.task) for o in problem.pairs if o.forbidden}
    conflicts = set(problem.conflicts)
    violations: list[str] = []
    load: dict[str, float] = defaultdict(float)
    members: dict[str, list[str]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for a in result.assignments:
        if a.person not in people or a.task not in tasks:
            violations.append(f"unknown pair {a.person} -> {a.task}")
            continue
        if (a.person, a.task) in seen:
            violations.append(f"{a.person} assigned twice to {a.task}")
        seen.add((a.person, a.task))
        task = tasks[a.task]
        load[a.person] += a.load
        members[a.task].append(a.person)
        if (a.person, a.task) in forbidden:
            violations.append(f"forbidden pair {a.person} -> {a.task}")
        if task.account is not None and (a.person, task.account) in conflicts:
            violations.append(f"{a.person} has a conflict of interest with {task.account}")
    for pid, hours in load.items():
        person = people[pid]
        if hours + person.current_load > person.capacity + 1e-6:
            violations.append(
                f"{pid} over capacity: {hours + person.current_load:g} > {person.capacity:g}"
            )
    for tid, task in tasks.items():
        team = members.get(tid, [])
        if len(team) > task.max_headcount:
            violations.append(f"{tid} has {len(team)} people, more than {task.max_headcount}")
        if task.required and len(team) < task.min_headcount:
            violations.append(
                f"required {tid} has {len(team)} people, fewer than {task.min_headcount}"
            )
        if team:
            for r in task.skills:
                if r.mandatory and not any(holds(people[p].skills, r.skill, r.level) for p in team):
                    violations.append(f"{tid} lacks mandatory {r.skill} at level {r.level}")
    for pin_person, pin_task in problem.pins:
        if (pin_person, pin_task) not in seen:
            violations.append(f"pin {pin_person} -> {pin_task} not honoured")
    return violations
