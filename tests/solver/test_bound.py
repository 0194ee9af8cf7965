"""The full-problem LP bound (GLOP): the optimum of the same relaxation as scipy's HiGHS finds
it (the oracle, written out apart in lp_oracle.py), never below the true optimum (maximising:
the bound is an upper one), and nothing the product runs needs scipy."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, assume, given, settings

from solver import parse_problem
from solver.bound import lp_optimum, relaxation, upper_bound
from solver.instances import generate
from solver.model import Problem
from solver.pairs import SCALE, candidate_pairs
from tests.solver.lp_oracle import scipy_bound
from tests.solver.strategies import brute_force, problems

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(problems(max_people=5, max_tasks=4))
def test_the_bound_is_the_lp_optimum_scipy_finds(problem: Problem) -> None:
    pairs = candidate_pairs(problem).pairs
    oracle = scipy_bound(problem, pairs)
    glop = lp_optimum(relaxation(problem, pairs))
    if oracle is None:
        assert glop is None, "GLOP solved a relaxation HiGHS finds infeasible"
        return
    assert glop is not None, "GLOP found no optimum where HiGHS did"
    assert glop / SCALE == pytest.approx(oracle, abs=1e-6)
    assert upper_bound(problem, pairs) == pytest.approx(oracle, abs=1e-6)


@SETTINGS
@given(problems())
def test_the_bound_is_never_below_the_optimum(problem: Problem) -> None:
    pairs = candidate_pairs(problem).pairs
    assume(len(pairs) <= 10)
    best = brute_force(problem)
    assume(best is not None)
    assert upper_bound(problem, pairs) >= best - 1e-6


def test_a_staffing_instance_is_bounded_like_scipy_bounds_it() -> None:
    """Every term at once on a generated organisation (coverage, balance, optional tasks)."""
    problem = parse_problem(generate(people=120, tasks=30, seed=4))
    pairs = candidate_pairs(problem).pairs
    assert upper_bound(problem, pairs) == pytest.approx(scipy_bound(problem, pairs), abs=1e-6)


BLOCK_SCIPY = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys

    class NoScipy:
        def find_spec(self, name, path=None, target=None):
            if name == "scipy" or name.startswith("scipy."):
                raise ImportError(f"scipy is blocked: {name}")
            return None

    sys.meta_path.insert(0, NoScipy())
    import solver, teamgraph
    from solver.bound import upper_bound
    from solver.pairs import candidate_pairs

    for package in (solver, teamgraph):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if module.name != "teamgraph.migrations.env":  # alembic runs it, with its context
                importlib.import_module(module.name)
    problem = solver.parse_problem(json.loads(sys.stdin.read()))
    result = solver.solve(problem, workers=1, method="cp-sat")
    print(json.dumps({
        "bound": upper_bound(problem, candidate_pairs(problem).pairs),
        "status": result.status,
        "scipy": [name for name in sys.modules if name.split(".")[0] == "scipy"],
    }))
    """
)


def test_the_solver_and_teamgraph_run_without_scipy() -> None:
    """Every module imports, a problem is solved and bounded, with scipy refused on import."""
    data = generate(people=40, tasks=10, seed=3)
    problem = parse_problem(data)
    run = subprocess.run(
        [sys.executable, "-c", BLOCK_SCIPY],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer["scipy"] == []
    assert answer["status"] in ("OPTIMAL", "FEASIBLE")
    oracle = scipy_bound(problem, candidate_pairs(problem).pairs)
    assert answer["bound"] == pytest.approx(oracle, abs=1e-6)
