"""The large-problem machinery agrees with the reference one: the numpy shortlist computes the
same utilities, pruning keeps what it promises, bounds stay above every solution."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import check, instances, parse_problem, solve
from solver.bound import upper_bound
from solver.instances import generate
from solver.pairs import candidate_pairs, holds
from solver.prune import prune
from solver.vectorised import shortlist
from solver.whatif import what_if


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000))
def test_shortlist_utilities_equal_the_reference(seed: int) -> None:
    problem = parse_problem(generate(people=60, tasks=15, seed=seed))
    reference = {(p.person, p.task): (p.utility, p.why) for p in candidate_pairs(problem).pairs}
    short = shortlist(problem)
    assert short.total_pairs == len(reference)
    for p in short.candidates.pairs:
        assert (p.utility, p.why) == reference[(p.person, p.task)]


def test_pruning_keeps_pins_mandatory_holders_and_the_given_team() -> None:
    problem = parse_problem(generate(people=400, tasks=80, seed=3))
    pairs = candidate_pairs(problem).pairs
    assert len(pairs) > 0
    keep = {(pairs[0].person, pairs[0].task)}
    kept = prune(problem, pairs * 1, keep) if len(pairs) >= 20_000 else pairs
    kept_keys = {(p.person, p.task) for p in kept}
    assert keep <= kept_keys
    for j, task in enumerate(problem.tasks):
        for r in task.skills:
            if r.mandatory:
                able = [
                    p
                    for p in pairs
                    if p.task == j and holds(problem.people[p.person].skills, r.skill, r.level)
                ]
                if able:
                    assert any((p.person, p.task) in kept_keys for p in able)


def test_the_full_problem_bound_is_above_the_solution_and_below_the_loose_one() -> None:
    problem = parse_problem(generate(people=300, tasks=60, seed=5))
    result = solve(problem, time_limit=10, workers=2)
    assert result.status in ("OPTIMAL", "FEASIBLE") and check(problem, result) == []
    lp = upper_bound(problem, candidate_pairs(problem).pairs)
    assert result.objective is not None and lp >= result.objective - 1e-6


def test_what_if_she_leaves_moves_as_few_people_as_it_must() -> None:
    data = {
        "format": "teamgraph-staffing/1",
        "people": [{"id": p, "capacity": 40, "skills": {"neg": 4}} for p in ("ann", "bob", "cleo")],
        "tasks": [
            {"id": t, "effort": 8, "skills": [{"skill": "neg", "level": 3, "mandatory": True}]}
            for t in ("t1", "t2")
        ],
        "pairs": [
            {"person": person, "task": task, "utility": utility}
            for person, task, utility in (
                ("ann", "t1", 9),
                ("bob", "t2", 9),
                ("cleo", "t1", 5),
                ("cleo", "t2", 5),
                ("ann", "t2", 1),
                ("bob", "t1", 1),
            )
        ],
        "eligibility": "pairs",
        "weights": {"coverage": 0, "balance": 0},
    }
    problem = parse_problem(data)
    outcome = what_if(problem, remove_people=["ann"], workers=1)
    before = {(a.person, a.task) for a in outcome.before.assignments}
    after = {(a.person, a.task) for a in outcome.result.assignments}
    assert ("ann", "t1") in before and all(p != "ann" for p, _ in after)
    assert ("bob", "t2") in after, "bob stays where he was"
    assert outcome.diff.lost == (("ann", "t1"),)
    assert [(m.person, m.task, m.change) for m in outcome.diff.moves] == [("cleo", "t1", "added")]
    assert outcome.diff.newly_unfilled == ()
    with pytest.raises(ValueError, match="remove_people"):
        what_if(problem, remove_people=["ghost"])


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 12), st.integers(0, 2**31 - 1))
def test_dense_assignments_match_scipy(n: int, seed: int) -> None:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    utility = np.random.default_rng(seed).integers(-50, 1000, size=(n, n))
    data = instances.assignment(utility.tolist())
    problem = parse_problem(data)
    result = solve(problem)
    rows, cols = linear_sum_assignment(utility, maximize=True)
    assert result.stats["path"] == "assignment" and result.status == "OPTIMAL"
    assert result.objective == pytest.approx(float(utility[rows, cols].sum()))
    assert check(problem, result) == []
    # One pair missing: no longer the dense case; another exact path finds the optimum without it.
    data["pairs"] = data["pairs"][1:]
    partial_problem = parse_problem(data)
    partial = solve(partial_problem)
    assert partial.stats["path"] != "assignment"
    assert check(partial_problem, partial) == []
    if n > 1:
        utility[0, 0] = -(10**9)
        rows, cols = linear_sum_assignment(utility, maximize=True)
        assert partial.objective == pytest.approx(float(utility[rows, cols].sum()))
