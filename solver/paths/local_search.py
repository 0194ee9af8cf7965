"""The local search path: large-neighbourhood search (local_search.py) for assignment-shaped
problems whose pairs carry loads of their own, where capacities bind (the generalized
assignment problem, and real staffing when everyone is busy).

Applies (method auto, no shortlist, more people than one neighbourhood holds) when every task
takes exactly one person, no pin, mandatory skill or global term (coverage, balance,
stability) plays, and the problem is not a transportation one (those have exact paths). Its
`bound` is the Lagrangian bound (the LP bound once the prices settle). When it cannot place
every required task it stands aside for CP-SAT, which explains or finds what it missed.
"""

from __future__ import annotations

import numpy as np

from solver.answer import build_result
from solver.attempt import Attempt
from solver.local_search import Instance, search, waiting_required
from solver.model import Problem, Result
from solver.pairs import SCALE, Pair
from solver.score import score
from solver.transportation import is_transportation

MORE_PEOPLE_THAN = 6  # below, CP-SAT on the whole problem is one neighbourhood
MARGIN = 0.3  # seconds kept for writing the answer


class LocalSearch:
    def applies(self, attempt: Attempt) -> bool:
        problem = attempt.problem
        return (
            attempt.options.method == "auto"
            and len(problem.people) > MORE_PEOPLE_THAN
            and attempt.shortlist is None
            and is_assignment_shaped(problem)
            and not is_transportation(problem, attempt.candidates.pairs)
        )

    def run(self, attempt: Attempt) -> Result | None:
        problem, options, candidates = attempt.problem, attempt.options, attempt.candidates
        inst = instance(problem, candidates.pairs)
        stats = attempt.stats("local-search")
        stats.build_seconds = round(attempt.seconds(), 4)
        budget = options.time_limit - attempt.seconds() - MARGIN
        outcome = search(
            inst,
            max(0.05, budget),
            seed=options.seed,
            workers=options.workers,
            stop=options.stop,
        )
        if waiting_required(inst, outcome.owner):
            return None
        chosen = {(int(i), j) for j, i in enumerate(outcome.owner.tolist()) if i >= 0}
        value = score(problem, candidates.pairs, chosen) / SCALE
        bound = max(value, np.floor(outcome.bound) / SCALE)
        stats.seconds = round(attempt.seconds(), 4)
        stats.first_solution_seconds = stats.seconds
        if outcome.optimal:
            bound = value
        status = "OPTIMAL" if bound <= value + 1e-9 else "FEASIBLE"
        return build_result(problem, candidates, chosen, status, value, bound, stats)


def is_assignment_shaped(problem: Problem) -> bool:
    w = problem.weights
    return (
        bool(problem.tasks)
        and not problem.pins
        and all(t.min_headcount == 1 and t.max_headcount == 1 for t in problem.tasks)
        and not any(r.mandatory for t in problem.tasks for r in t.skills)
        and not (w["coverage"] and problem.contacts)
        and not w["balance"]
        and not (w["stability"] and problem.current)
    )


def instance(problem: Problem, pairs: list[Pair]) -> Instance:
    n, m = len(problem.people), len(problem.tasks)
    utility = np.zeros((n, m), dtype=np.int64)
    load = np.zeros((n, m), dtype=np.int64)
    allowed = np.zeros((n, m), dtype=bool)
    people = np.fromiter((p.person for p in pairs), np.int64, len(pairs))
    tasks = np.fromiter((p.task for p in pairs), np.int64, len(pairs))
    utility[people, tasks] = np.fromiter((p.utility for p in pairs), np.int64, len(pairs))
    load[people, tasks] = np.fromiter((round(100 * p.load) for p in pairs), np.int64, len(pairs))
    allowed[people, tasks] = True
    room = np.array(
        [max(0, round(100 * (p.capacity - p.current_load))) for p in problem.people],
        dtype=np.int64,
    )
    penalty = round(SCALE * problem.weights["unfilled"])
    missing: list[int | None] = [None if t.required else -penalty for t in problem.tasks]
    return Instance(utility, load, allowed, room, missing)
