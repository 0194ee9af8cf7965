"""Each path is chosen when it should be: one tiny problem per path, checked against the path
list's choice (`first_applicable`) and the `path` the result reports."""

from __future__ import annotations

from typing import Any

import pytest

from solver import check, instances, parse_problem, shortlist, solve
from solver.attempt import Attempt, SolveOptions
from solver.paths import (
    PATHS,
    CandidateAssignment,
    CpSat,
    DenseAssignment,
    Flow,
    GreedyBaseline,
    LocalSearch,
    Precheck,
    first_applicable,
)

NO_GLOBALS = {"coverage": 0, "balance": 0}


def problem(people: int, tasks: list[dict[str, Any]], **extra: Any) -> Any:
    data = {
        "format": "teamgraph-staffing/1",
        "people": [{"id": f"p{i}", "capacity": 8, "skills": {"neg": 3}} for i in range(people)],
        "tasks": tasks,
        "eligibility": "all",
        "weights": dict(NO_GLOBALS),
    }
    data.update(extra)
    return parse_problem(data)


def plain(task_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": task_id, "effort": 8, "skills": [{"skill": "neg", "level": 2}], **extra}


def chosen(p: Any, method: str = "auto") -> type:
    return type(first_applicable(Attempt(p, SolveOptions(method=method))))


def test_the_paths_are_tried_in_the_documented_order() -> None:
    assert [type(path) for path in PATHS] == [
        DenseAssignment,
        Precheck,
        CandidateAssignment,
        Flow,
        LocalSearch,
        GreedyBaseline,
        CpSat,
    ]


def test_a_square_matrix_of_given_utilities_takes_the_dense_assignment_path() -> None:
    p = parse_problem(instances.dense_assignment([[3, 1], [2, 5]]))
    assert chosen(p) is DenseAssignment
    result = solve(p, workers=1)
    assert (result.stats.path, result.status, result.objective) == ("assignment", "OPTIMAL", 8)
    assert result.stats.pairs == 4 and result.stats.pairs_pruned == 0
    assert chosen(p, "cp-sat") is CpSat, "only method auto takes the exact paths"


def test_a_clash_certain_without_search_takes_the_precheck_path() -> None:
    p = problem(1, [plain("t", headcount={"min": 2, "max": 2})])
    assert chosen(p) is Precheck and chosen(p, "greedy") is Precheck
    result = solve(p, workers=1)
    assert result.stats.path == "precheck" and result.status == "INFEASIBLE"
    assert result.stats.build_seconds is None
    assert "first_solution_seconds" not in result.stats.to_json()


def test_one_person_per_task_with_computed_utilities_takes_the_candidate_assignment_path() -> None:
    p = problem(2, [plain("t0"), plain("t1")])
    assert p.pair_table is None, "no given utilities: not the dense case"
    assert chosen(p) is CandidateAssignment
    result = solve(p, workers=1)
    assert result.stats.path == "assignment" and result.status == "OPTIMAL"
    assert check(p, result) == [] and len(result.assignments) == 2


def test_other_transportation_problems_take_the_flow_path() -> None:
    p = problem(3, [plain("t0"), plain("t1", headcount={"min": 1, "max": 2})])
    assert chosen(p) is Flow
    result = solve(p, workers=1)
    assert result.stats.path == "flow" and result.status == "OPTIMAL"
    assert len(result.assignments) == 3 and check(p, result) == []
    assert solve(problem(0, [])).stats.path == "flow", "an empty problem too"


def test_the_flow_path_stands_aside_when_a_required_minimum_cannot_be_met() -> None:
    # Each task alone has an eligible person, so the precheck passes; together they need two.
    p = problem(1, [plain("t0"), plain("t1")])
    assert chosen(p) is Flow
    result = solve(p, workers=1)
    assert result.stats.path == "cp-sat" and result.status == "INFEASIBLE"
    assert result.infeasible


def test_method_greedy_takes_the_greedy_baseline_path() -> None:
    p = problem(3, [plain("t0"), plain("t1")])
    assert chosen(p, "greedy") is GreedyBaseline
    result = solve(p, method="greedy")
    assert result.stats.path == "greedy" and result.status == "FEASIBLE"
    assert result.bound is None and check(p, result) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"tasks": [plain("t", skills=[{"skill": "neg", "level": 2, "mandatory": True}])]},
        {"pins": [{"person": "p0", "task": "t"}]},
        {"weights": {"balance": 1}},
        {"tasks": [plain("t"), {"id": "u", "effort": 4}]},  # unequal loads
    ],
)
def test_anything_beyond_capacity_and_headcount_takes_the_cp_sat_path(
    changes: dict[str, Any],
) -> None:
    p = problem(2, changes.pop("tasks", [plain("t")]), **changes)
    assert chosen(p) is CpSat
    result = solve(p, workers=1)
    assert result.stats.path == "cp-sat" and result.status == "OPTIMAL"
    assert result.stats.build_seconds is not None and check(p, result) == []


def test_a_shortlisted_problem_skips_the_exact_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    p = problem(3, [plain("t0"), plain("t1", headcount={"min": 1, "max": 2})])
    monkeypatch.setattr(shortlist, "SHORTLIST_FROM", 4)  # 3 people x 2 tasks is now large
    assert chosen(p) is CpSat
    result = solve(p, workers=1, prune_pairs=False)
    assert result.stats.path == "cp-sat" and check(p, result) == []
