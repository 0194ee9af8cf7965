"""Re-planning and what-if: "what if she leaves", "what if we add this task".

The current team becomes `current` and the `stability` weight makes every change cost, so the
new plan moves as few people as it must; the difference lists who moved and what became (or
stopped being) unfilled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from solver.model import Problem, Result, Task
from solver.solve import solve


@dataclass(frozen=True)
class Move:
    person: str
    task: str
    change: str  # "added" or "removed"


@dataclass(frozen=True)
class Difference:
    moves: tuple[Move, ...]
    lost: tuple[tuple[str, str], ...]  # assignments of people who were removed
    newly_unfilled: tuple[str, ...]
    no_longer_unfilled: tuple[str, ...]
    objective_change: float | None


@dataclass(frozen=True)
class WhatIf:
    before: Result
    result: Result
    diff: Difference


def difference(before: Result, after: Result, removed: Iterable[str] = ()) -> Difference:
    gone = set(removed)
    old = {(a.person, a.task) for a in before.assignments}
    new = {(a.person, a.task) for a in after.assignments}
    lost = tuple(sorted(pair for pair in old if pair[0] in gone))
    moves = [Move(p, t, "removed") for p, t in sorted(old - new) if p not in gone]
    moves += [Move(p, t, "added") for p, t in sorted(new - old)]
    unfilled_before = {u.task for u in before.unfilled}
    unfilled_after = {u.task for u in after.unfilled}
    change = None
    if before.objective is not None and after.objective is not None:
        change = round(after.objective - before.objective, 3)
    return Difference(
        moves=tuple(moves),
        lost=lost,
        newly_unfilled=tuple(sorted(unfilled_after - unfilled_before)),
        no_longer_unfilled=tuple(sorted(unfilled_before - unfilled_after)),
        objective_change=change,
    )


def what_if(
    problem: Problem,
    *,
    before: Result | None = None,
    remove_people: Iterable[str] = (),
    add_tasks: Iterable[Task] = (),
    stability: float = 1.0,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
) -> WhatIf:
    """Solve again without `remove_people` and with `add_tasks`, changing as little as it must.

    `before` is the team in force (solved from `problem` when not given).
    """
    before = before or solve(problem, time_limit=time_limit, workers=workers, seed=seed)
    gone = set(remove_people)
    unknown = gone - {p.id for p in problem.people}
    if unknown:
        raise ValueError(f"remove_people: unknown people {sorted(unknown)}")
    extra = tuple(add_tasks)
    kept = {(a.person, a.task) for a in before.assignments if a.person not in gone}
    changed = replace(
        problem,
        people=tuple(p for p in problem.people if p.id not in gone),
        tasks=problem.tasks + extra,
        relationships=tuple(r for r in problem.relationships if r.person not in gone),
        conflicts=tuple(c for c in problem.conflicts if c[0] not in gone),
        pins=tuple(p for p in problem.pins if p[0] not in gone),
        pairs=tuple(o for o in problem.pairs if o.person not in gone),
        pair_table=None,  # its indices speak of the people before the change
        current=tuple(sorted(kept)),
        weights={**problem.weights, "stability": stability},
    )
    after = solve(changed, time_limit=time_limit, workers=workers, seed=seed)
    return WhatIf(before=before, result=after, diff=difference(before, after, gone))
