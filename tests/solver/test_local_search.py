"""The local search on capacity-tight assignment problems: it keeps every rule (the validator),
never makes a solution worse, and on small instances reaches CP-SAT's proved optimum."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import check, parse_problem, solve
from solver.attempt import Attempt, SolveOptions
from solver.local_search import WHOLE_FROM, descend, feasible, search, start, value_of
from solver.pairs import candidate_pairs
from solver.paths import LocalSearch, first_applicable
from solver.paths.local_search import instance


@st.composite
def tight_problems(draw: st.DrawFn, *, people: int = 7, tasks: int = 12) -> dict[str, Any]:
    """A small generalized assignment problem as a staffing problem: every pair its own load
    and utility, capacities about 80% of a fair share (some tasks optional, some pairs out)."""
    n = draw(st.integers(people, people + 1))
    m = draw(st.integers(tasks - 4, tasks))
    load = [[draw(st.integers(1, 9)) for _ in range(m)] for _ in range(n)]
    load[0][0], load[0][1] = 1, 9  # loads differ: not a transportation problem
    person, task, utility, loads = [], [], [], []
    for i in range(n):
        for j in range(m):
            if i > 0 and draw(st.integers(0, 9)) == 0:
                continue  # not a candidate
            person.append(f"p{i}")
            task.append(f"t{j}")
            utility.append(draw(st.integers(-20, 20)))
            loads.append(load[i][j])
    return {
        "format": "teamgraph-staffing/1",
        "people": [
            {"id": f"p{i}", "capacity": max(max(load[i]), int(1.6 * sum(load[i]) / n))}
            for i in range(n)
        ],
        "tasks": [
            {"id": f"t{j}", "effort": 1, "required": draw(st.integers(0, 4)) > 0} for j in range(m)
        ],
        "eligibility": "pairs",
        "pairs": {"person": person, "task": task, "utility": utility, "load": loads},
        "weights": {"skill": 0, "relationship": 0, "coverage": 0, "balance": 0, "unfilled": 7},
    }


@settings(max_examples=25, deadline=None)
@given(tight_problems())
def test_the_path_keeps_every_rule_and_reaches_the_cp_sat_optimum(data: dict[str, Any]) -> None:
    problem = parse_problem(data)
    exact = solve(problem, method="cp-sat", time_limit=10, workers=1)
    assert exact.status in ("OPTIMAL", "INFEASIBLE")
    if exact.status == "INFEASIBLE":
        return
    assert isinstance(first_applicable(Attempt(problem, SolveOptions())), LocalSearch)
    result = solve(problem, time_limit=1.5, workers=1)
    assert check(problem, result) == []
    if result.stats.path == "local-search":  # it stands aside when a required task stays out
        assert result.objective == exact.objective
        assert result.bound is not None and result.bound >= exact.objective - 1e-6


@settings(max_examples=25, deadline=None)
@given(tight_problems(people=9, tasks=30), st.integers(0, 1000))
def test_the_search_never_makes_a_solution_worse(data: dict[str, Any], seed: int) -> None:
    problem = parse_problem(data)
    inst = instance(problem, candidate_pairs(problem).pairs)
    rng = np.random.default_rng(seed)
    owner = start(inst, rng.uniform(0, 3, size=len(problem.people)))
    before = value_of(inst, owner)
    descended = descend(inst, owner, time.perf_counter() + 5)
    assert _rules_kept(inst, descended, owner)
    assert value_of(inst, descended) >= before or _placed_more(inst, descended, owner)
    outcome = search(inst, 0.3, seed=seed, owner=descended, people=3)
    assert _rules_kept(inst, outcome.owner, descended)
    assert outcome.value >= value_of(inst, descended) or _placed_more(
        inst, outcome.owner, descended
    )
    assert outcome.bound >= outcome.value - 1e-6 or not feasible(inst, outcome.owner)


def _rules_kept(inst: Any, owner: np.ndarray, before: np.ndarray) -> bool:
    """Capacity and candidate pairs always; every required task placed once it was."""
    placed = np.flatnonzero(owner >= 0)
    used = np.bincount(
        owner[placed], weights=inst.load[owner[placed], placed], minlength=len(inst.room)
    )
    was_feasible = feasible(inst, before)
    return bool(
        inst.allowed[owner[placed], placed].all()
        and (used <= inst.room).all()
        and (not was_feasible or feasible(inst, owner))
    )


def _placed_more(inst: Any, owner: np.ndarray, before: np.ndarray) -> bool:
    def waiting(o: np.ndarray) -> int:
        return sum(inst.missing[j] is None for j in np.flatnonzero(o < 0).tolist())

    return waiting(owner) < waiting(before)


def test_a_stop_ends_the_search_after_the_round_under_way() -> None:
    """A cancelled job's `stop()` is asked before each round: the search answers with what it
    has (every rule kept) instead of running to its time limit. The problem is above WHOLE_FROM
    pairs, so rounds run at once (no whole-problem CP-SAT first)."""
    rng = np.random.default_rng(7)
    n, m = 30, 700
    load = rng.integers(1, 10, size=(n, m))
    utility = rng.integers(-20, 21, size=(n, m))
    data = {
        "format": "teamgraph-staffing/1",
        "people": [{"id": f"p{i}", "capacity": int(1.6 * load[i].sum() / n)} for i in range(n)],
        "tasks": [{"id": f"t{j}", "effort": 1, "required": False} for j in range(m)],
        "eligibility": "pairs",
        "pairs": {
            "person": [f"p{i}" for i in range(n) for _ in range(m)],
            "task": [f"t{j}" for _ in range(n) for j in range(m)],
            "utility": utility.ravel().tolist(),
            "load": load.ravel().tolist(),
        },
        "weights": {"skill": 0, "relationship": 0, "coverage": 0, "balance": 0, "unfilled": 7},
    }
    problem = parse_problem(data)
    inst = instance(problem, candidate_pairs(problem).pairs)
    assert int(inst.allowed.sum()) > WHOLE_FROM
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2

    start_owner = start(inst, np.zeros(n))
    outcome = search(inst, 120, owner=start_owner, stop=stop)
    assert len(asked) == 3 and outcome.rounds == 2
    assert _rules_kept(inst, outcome.owner, start_owner)
