"""`solve`: walk the paths of solver/paths/ in order; the first that applies and answers wins.

Which path runs when is listed in one place, solver/paths/__init__.py; each path's module holds
its code and says when it applies.
"""

from __future__ import annotations

from solver.attempt import Attempt, Progress, SolveOptions, Stop
from solver.model import Problem, Result
from solver.paths import PATHS

__all__ = ["Progress", "SolveOptions", "Stop", "solve"]


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    progress: Progress | None = None,
    stop: Stop | None = None,
    method: str = "auto",
    prune_pairs: bool = True,
) -> Result:
    """Solve `problem`. `method`: "auto" (an exact path when one applies, else CP-SAT),
    "cp-sat" (skip the exact paths) or "greedy" (the greedy team alone: a baseline).
    `progress(objective, bound, seconds)` hears of each solution CP-SAT finds; when `stop()`
    turns true (asked a few times a second, from another thread) CP-SAT stops and the answer
    is the best found so far."""
    attempt = Attempt(
        problem,
        SolveOptions(
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            progress=progress,
            stop=stop,
            method=method,
            prune_pairs=prune_pairs,
        ),
    )
    for path in PATHS:
        if path.applies(attempt):
            result = path.run(attempt)
            if result is not None:
                return result
    raise AssertionError("unreachable: the CP-SAT path applies to every problem and answers")
