"""On small random problems: the optimum equals brute force, every solution keeps every hard
rule, explanations add up (each utility, and the objective term by term, under any time limit),
the exact paths and CP-SAT agree, and a seed fixes the answer."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from solver import check, objective_terms, solve
from solver.model import Problem
from solver.pairs import candidate_pairs
from solver.transportation import is_transportation
from tests.solver.strategies import brute_force, problems

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems())
def test_optimum_equals_brute_force_and_keeps_every_rule(problem: Problem) -> None:
    assume(len(candidate_pairs(problem).pairs) <= 10)
    result = solve(problem, time_limit=10, workers=1)
    best = brute_force(problem)
    if best is None:
        assert result.status == "INFEASIBLE"
        assert result.infeasible, "an infeasible result names its reasons"
        return
    assert result.status == "OPTIMAL"
    assert result.objective == pytest.approx(best, abs=1e-6)
    assert result.bound == pytest.approx(best, abs=1e-6)
    assert check(problem, result) == []


@FAST
@given(problems())
def test_why_terms_add_up_to_each_utility(problem: Problem) -> None:
    result = solve(problem, time_limit=5, workers=1)
    for a in result.assignments:
        assert sum(w.value for w in a.why) == pytest.approx(a.utility, abs=1e-9)


@FAST
@given(problems(), st.sampled_from([0.001, 5.0]), st.sampled_from(["auto", "greedy"]))
def test_objective_terms_add_up_to_the_objective(
    problem: Problem, time_limit: float, method: str
) -> None:
    """Whatever the path and however early time ran out, the breakdown is the answer's."""
    result = solve(problem, time_limit=time_limit, workers=1, method=method)
    if result.objective is None:
        return
    terms = objective_terms(problem, result)
    assert sum(terms.values()) == pytest.approx(result.objective, abs=1e-6)
    assert terms["stability"] <= 0 and terms["balance"] <= 0 and terms["unfilled"] <= 0
    assert terms["coverage"] >= 0


@FAST
@given(problems(plain=True))
def test_exact_path_and_cp_sat_agree(problem: Problem) -> None:
    assert is_transportation(problem, candidate_pairs(problem).pairs)
    exact = solve(problem, workers=1)
    general = solve(problem, workers=1, method="cp-sat")
    assert general.stats.path in ("cp-sat", "precheck")
    assert exact.status == general.status
    if exact.status == "OPTIMAL":
        # An infeasible problem is handed to CP-SAT to name the clashing rules.
        assert exact.stats.path in ("flow", "assignment")
        assert exact.objective == pytest.approx(general.objective, abs=1e-6)
        assert check(problem, exact) == []


@settings(max_examples=15, deadline=None)
@given(problems(max_people=4, max_tasks=3))
def test_a_fixed_seed_and_worker_count_give_the_same_answer(problem: Problem) -> None:
    first = solve(problem, seed=7, workers=2)
    second = solve(problem, seed=7, workers=2)
    assert [(a.person, a.task) for a in first.assignments] == [
        (a.person, a.task) for a in second.assignments
    ]
    assert first.objective == second.objective
