"""The CP-SAT path: every problem no earlier path answered (so it always applies).

The greedy team comes first: CP-SAT's hint, kept through pruning, and the answer when CP-SAT
finds nothing in time (reported as path "greedy") or stops below it. Large candidate sets are
pruned per task (prune.py); the pruned model's bound then speaks for the kept pairs only, so the
answer is bounded again over every eligible pair (bound.py), and a pruned model that is
infeasible is solved again without pruning before the problem is called infeasible.
"""

from __future__ import annotations

from dataclasses import replace

from solver.answer import build_result, keeps_every_rule
from solver.attempt import Attempt
from solver.bound import loose_bound, upper_bound
from solver.check import check
from solver.explain import clashing_rules
from solver.greedy import greedy_team
from solver.model import Result
from solver.pairs import SCALE
from solver.prune import prune
from solver.score import score


class CpSat:
    def applies(self, attempt: Attempt) -> bool:
        return True

    def run(self, attempt: Attempt) -> Result:
        # Imported on use (ortools' CP-SAT brings pandas: a third of a second at start-up), so
        # the exact paths answer without it.
        from ortools.sat.python import cp_model

        from solver import cpsat_model

        problem, options, candidates = attempt.problem, attempt.options, attempt.candidates
        every_pair = candidates.pairs
        hint = greedy_team(problem, every_pair)
        greedy_value = score(problem, every_pair, hint)
        greedy_ok = keeps_every_rule(problem, candidates, hint)
        greedy_at = attempt.seconds()
        pairs = prune(problem, every_pair, hint) if options.prune_pairs else every_pair
        stats = attempt.stats("cp-sat", pairs=len(pairs))
        # Shortlisted or pruned: CP-SAT sees only some of the eligible pairs.
        pruned = len(pairs) < attempt.eligible_pairs

        def full_bound() -> float:
            """A proved upper bound over every eligible pair, not only the ones CP-SAT saw."""
            if attempt.shortlist is not None:
                return loose_bound(problem, attempt.shortlist.loose_pair_bound)
            return upper_bound(problem, every_pair)

        built = cpsat_model.build(problem, pairs)
        for key, var in built.x.items():
            built.model.add_hint(var, key in hint)
        stats.build_seconds = round(attempt.seconds(), 4)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.01, options.time_limit - attempt.seconds())
        solver.parameters.num_workers = options.workers
        solver.parameters.random_seed = options.seed
        callback = cpsat_model.SolutionTimer(attempt.started, options.progress)
        with cpsat_model.stopping(solver, options.stop):
            status = solver.solve(built.model, callback)
        stats.seconds = round(attempt.seconds(), 4)
        stats.first_solution_seconds = None if callback.first is None else round(callback.first, 4)
        if greedy_ok:
            # The greedy team keeps every hard rule: a feasible answer from the moment it exists.
            first = stats.first_solution_seconds
            stats.first_solution_seconds = round(
                greedy_at if first is None else min(first, greedy_at), 4
            )
            stats.greedy_objective = greedy_value / SCALE
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = {key for key, var in built.x.items() if solver.boolean_value(var)}
            # The team's own score (CP-SAT's value at the optimum): CP-SAT's value of a solution
            # not proved optimal may count a reached contact or the peak utilisation short of
            # what the team does, and the objective reported is the sum of its terms
            # (score.objective_terms).
            reached = score(problem, every_pair, chosen)
            value = reached / SCALE
            bound = solver.best_objective_bound / SCALE
            name = "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE"
            if greedy_ok and greedy_value > reached:
                # CP-SAT stopped before it caught up with its own hint: never answer worse.
                chosen, value, name = hint, greedy_value / SCALE, "FEASIBLE"
            if pruned:
                # CP-SAT's bound holds for the kept pairs only: bound the problem as given. An LP
                # bound within tolerance of the value proves the value optimal after all.
                stats.pruned_bound = round(bound, 3)
                bound = max(full_bound(), value)
                name = "OPTIMAL" if bound <= value + 1e-6 else "FEASIBLE"
            return build_result(problem, candidates, chosen, name, value, bound, stats)
        if status == cp_model.INFEASIBLE and pruned:
            # Infeasible with the kept pairs proves nothing about the rest: try them all.
            remaining = options.time_limit - attempt.seconds()
            if remaining > 0.1:
                unpruned = replace(
                    options, time_limit=remaining, method="cp-sat", prune_pairs=False
                )
                return self.run(attempt.restart(unpruned))
            return Result("UNKNOWN", None, None, stats=stats)
        if status == cp_model.INFEASIBLE:
            return Result(
                "INFEASIBLE",
                None,
                None,
                infeasible=tuple(clashing_rules(problem, pairs)),
                stats=stats,
            )
        # Time ran out with no solution: the greedy team, if it keeps every hard rule.
        fallback = build_result(
            problem,
            candidates,
            hint,
            "FEASIBLE",
            score(problem, every_pair, hint) / SCALE,
            full_bound(),
            replace(stats, path="greedy"),
        )
        if check(problem, fallback):
            return Result("UNKNOWN", None, None, stats=stats)
        return fallback
