"""The precheck path: an answer of INFEASIBLE, with exact wording, for clashes certain without
search.

Applies when the candidate pairs show one: a pin on a pair barred by a conflict of interest or
forbidden, a required task with fewer eligible people than its minimum, or a required task whose
mandatory skill no eligible person holds. Cheaper and clearer than CP-SAT's assumptions core.
"""

from __future__ import annotations

from solver.attempt import Attempt
from solver.explain import certain_clashes
from solver.model import Result


class Precheck:
    def applies(self, attempt: Attempt) -> bool:
        return bool(certain_clashes(attempt.problem, attempt.candidates))

    def run(self, attempt: Attempt) -> Result:
        clashes = certain_clashes(attempt.problem, attempt.candidates)
        stats = attempt.stats("precheck")
        stats.seconds = round(attempt.seconds(), 4)
        return Result("INFEASIBLE", None, None, infeasible=tuple(clashes), stats=stats)
