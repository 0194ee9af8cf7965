"""The greedy baseline path: the greedy team alone, as FEASIBLE, for benchmarks to compare with.

Applies when the caller asks for it (method "greedy") and the precheck found no clash.
"""

from __future__ import annotations

from solver.answer import build_result
from solver.attempt import Attempt
from solver.greedy import greedy_team
from solver.model import Result
from solver.pairs import SCALE
from solver.score import score


class GreedyBaseline:
    def applies(self, attempt: Attempt) -> bool:
        return attempt.options.method == "greedy"

    def run(self, attempt: Attempt) -> Result:
        problem, candidates = attempt.problem, attempt.candidates
        team = greedy_team(problem, candidates.pairs)
        stats = attempt.stats("greedy")
        stats.seconds = round(attempt.seconds(), 4)
        value = score(problem, candidates.pairs, team) / SCALE
        return build_result(problem, candidates, team, "FEASIBLE", value, None, stats)
