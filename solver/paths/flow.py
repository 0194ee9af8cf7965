"""The flow path: a transportation problem (see transportation.py) solved as a min-cost flow.

Applies (method auto, no shortlist) to every transportation problem that is not one-to-one
(those go to the candidate assignment path), including one without candidate pairs. A task's
first `min` slots carry the `unfilled` reward (or, for required tasks, a reward larger than
anything else); the rest carry none. When a required minimum cannot be met it stands aside,
and CP-SAT names the rules that clash.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from solver.attempt import Attempt
from solver.model import Problem, Result
from solver.pairs import SCALE, Pair
from solver.transportation import is_one_to_one, optimal_result, slots, transportation_applies


class Flow:
    def applies(self, attempt: Attempt) -> bool:
        return transportation_applies(attempt) and not is_one_to_one(
            attempt.problem, attempt.candidates.pairs
        )

    def run(self, attempt: Attempt) -> Result | None:
        problem, pairs = attempt.problem, attempt.candidates.pairs
        if not pairs:
            nobody_needed = all(not t.required or t.min_headcount == 0 for t in problem.tasks)
            return optimal_result(attempt, "flow", set()) if nobody_needed else None
        chosen = _min_cost_flow(problem, pairs, slots(problem, pairs[0].load))
        return None if chosen is None else optimal_result(attempt, "flow", chosen)


def _min_cost_flow(
    problem: Problem, pairs: list[Pair], slots: list[int]
) -> set[tuple[int, int]] | None:
    n, m = len(problem.people), len(problem.tasks)
    source, sink = n + m, n + m + 1
    penalty = round(SCALE * problem.weights["unfilled"])
    # A reward for required minimums above any possible gain, so they are filled first.
    forced = (
        1
        + sum(abs(p.utility) for p in pairs)
        + penalty * sum(t.min_headcount for t in problem.tasks)
    )
    supply = sum(slots)
    tails = [source] * n + [p.person for p in pairs]
    heads = list(range(n)) + [n + p.task for p in pairs]
    caps = slots + [1] * len(pairs)
    costs = [0] * n + [-p.utility for p in pairs]
    for j, task in enumerate(problem.tasks):
        if task.min_headcount:
            tails.append(n + j)
            heads.append(sink)
            caps.append(task.min_headcount)
            costs.append(-(forced if task.required else penalty))
        if task.max_headcount > task.min_headcount:
            tails.append(n + j)
            heads.append(sink)
            caps.append(task.max_headcount - task.min_headcount)
            costs.append(0)
    tails.append(source)  # unused slots
    heads.append(sink)
    caps.append(supply)
    costs.append(0)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(caps, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    if flow.solve() != flow.OPTIMAL:
        return None
    chosen = {(p.person, p.task) for k, p in enumerate(pairs) if flow.flow(n + k) > 0}
    filled = [0] * m
    for _, j in chosen:
        filled[j] += 1
    if any(t.required and filled[j] < t.min_headcount for j, t in enumerate(problem.tasks)):
        return None
    return chosen
