"""The large-problem machinery agrees with the reference one: the numpy shortlist computes the
same utilities, pruning keeps what it promises and loses no optimum here, bounds stay above
every solution, the dense assignment path matches scipy."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import check, instances, parse_problem, solve
from solver.bound import upper_bound
from solver.instances import generate
from solver.pairs import candidate_pairs, holds
from solver.prune import PRUNE_FROM, prune
from solver.shortlist import shortlist
from solver.whatif import what_if


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000))
def test_shortlist_utilities_equal_the_reference(seed: int) -> None:
    problem = parse_problem(generate(people=60, tasks=15, seed=seed))
    reference = {(p.person, p.task): (p.utility, p.why) for p in candidate_pairs(problem).pairs}
    shortlisted = shortlist(problem)
    assert shortlisted.total_pairs == len(reference)
    for p in shortlisted.candidates.pairs:
        assert (p.utility, p.why) == reference[(p.person, p.task)]


def _above_the_pruning_threshold(**changes: Any) -> dict[str, Any]:
    """A generated portfolio where everyone is eligible for everything: ~24,000 pairs."""
    data = generate(people=300, tasks=80, seed=3, **changes)
    data["eligibility"] = "all"
    return data


def test_pruning_keeps_pins_mandatory_holders_and_the_given_team() -> None:
    data = _above_the_pruning_threshold()
    pairs = candidate_pairs(parse_problem(data)).pairs
    worst = min((p for p in pairs if p.task == 0), key=lambda p: p.utility)
    runner_up = min((p for p in pairs if p.task == 1), key=lambda p: p.utility)
    ids = {"person": data["people"][worst.person]["id"], "task": data["tasks"][0]["id"]}
    data["pins"] = [ids]
    data["current"] = [
        {"person": data["people"][runner_up.person]["id"], "task": data["tasks"][1]["id"]}
    ]
    problem = parse_problem(data)
    pairs = candidate_pairs(problem).pairs
    assert len(pairs) >= PRUNE_FROM, "the instance must be large enough for pruning to run"
    keep = {(pairs[0].person, pairs[0].task)}
    kept = prune(problem, pairs, keep)
    kept_keys = {(p.person, p.task) for p in kept}
    assert len(kept) < len(pairs) // 4, "pruning dropped most pairs"
    assert keep <= kept_keys
    assert (worst.person, 0) in kept_keys, "a pinned pair survives whatever its utility"
    assert (runner_up.person, 1) in kept_keys, "a current pair survives whatever its utility"
    mandatory = 0
    for j, task in enumerate(problem.tasks):
        for r in task.skills:
            if r.mandatory:
                able = [
                    p
                    for p in pairs
                    if p.task == j and holds(problem.people[p.person].skills, r.skill, r.level)
                ]
                if able:
                    mandatory += 1
                    assert any((p.person, p.task) in kept_keys for p in able)
    assert mandatory > 0, "the instance has mandatory skills to keep holders of"


def test_pruning_leaves_the_optimum_unchanged() -> None:
    # A transportation problem (equal efforts, no mandatory skills, no global terms): the flow
    # path solves it exactly, an oracle for CP-SAT on the pruned pairs.
    data = _above_the_pruning_threshold(mandatory_share=0)
    for task in data["tasks"]:
        task["effort"] = 8.0
    data["weights"] = {"coverage": 0, "balance": 0}
    problem = parse_problem(data)
    oracle = solve(problem, workers=2)
    assert oracle.stats.path == "flow" and oracle.status == "OPTIMAL"
    assert oracle.stats.pairs >= PRUNE_FROM and oracle.stats.pairs_pruned == 0
    pruned = solve(problem, method="cp-sat", workers=2, time_limit=30)
    assert pruned.stats.path == "cp-sat"
    assert pruned.stats.pairs_pruned > 0 and pruned.stats.pairs < oracle.stats.pairs // 4
    assert pruned.stats.pruned_bound is not None
    assert pruned.status in ("OPTIMAL", "FEASIBLE") and check(problem, pruned) == []
    assert pruned.objective == pytest.approx(oracle.objective, abs=1e-6)
    assert pruned.bound is not None and pruned.bound >= oracle.objective - 1e-6


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
    data = instances.dense_assignment(utility.tolist())
    problem = parse_problem(data)
    result = solve(problem)
    rows, cols = linear_sum_assignment(utility, maximize=True)
    assert result.stats.path == "assignment" and result.status == "OPTIMAL"
    assert result.objective == pytest.approx(float(utility[rows, cols].sum()))
    assert check(problem, result) == []
    # One pair missing: the sparse case, solved on the listed pairs by the same path.
    data["pairs"] = data["pairs"][1:]
    partial_problem = parse_problem(data)
    partial = solve(partial_problem)
    assert (partial.stats.path == "assignment") == (n > 1)
    assert check(partial_problem, partial) == []
    if n > 1:
        utility[0, 0] = -(10**9)
        rows, cols = linear_sum_assignment(utility, maximize=True)
        assert partial.objective == pytest.approx(float(utility[rows, cols].sum()))
