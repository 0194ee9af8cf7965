"""The fast reader (msgspec + bulk checks) and the columnar form of `pairs`: the same problem as
the plain reader from either form, and the same errors, each with its JSON path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import ProblemError, instances, parse_problem, problem_to_json, solve
from solver.fast_read import read_problem

PEOPLE = ["p0", "p1", "p2"]
TASKS = ["t0", "t1"]


@st.composite
def pair_rows(draw: st.DrawFn, *, valid: bool = True) -> list[dict[str, Any]]:
    """Pairs of the object form; with valid=False some values are wrong (type, range, id)."""
    people = st.sampled_from(PEOPLE) if valid else st.sampled_from([*PEOPLE, "ghost", ""])
    tasks = st.sampled_from(TASKS) if valid else st.sampled_from([*TASKS, "t9", 3])
    utility = st.integers(-50, 100) | st.floats(-10, 10, allow_nan=False)
    load = st.sampled_from([0, 1.5, 8])
    if not valid:
        utility = utility | st.sampled_from(["x", None, True])
        load = load | st.sampled_from([-1, "8", None])
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row: dict[str, Any] = {"person": draw(people), "task": draw(tasks)}
        for key, values in (
            ("utility", utility),
            ("load", load),
            ("forbidden", st.booleans() if valid else st.booleans() | st.just("no")),
        ):
            if draw(st.booleans()):
                row[key] = draw(values)
        rows.append(row)
    return rows


def problem_with(pairs: Any) -> dict[str, Any]:
    return {
        "format": "teamgraph-staffing/1",
        "people": [{"id": p, "capacity": 8} for p in PEOPLE],
        "tasks": [{"id": t, "effort": 4, "required": False} for t in TASKS],
        "eligibility": "pairs",
        "pairs": pairs,
    }


def fast_errors(data: dict[str, Any]) -> list[str] | None:
    try:
        read_problem(json.dumps(data).encode())
    except ProblemError as error:
        return error.errors
    return None


def plain_errors(data: dict[str, Any]) -> list[str] | None:
    try:
        parse_problem(data)
    except ProblemError as error:
        return error.errors
    return None


@settings(max_examples=60, deadline=None)
@given(pair_rows())
def test_both_forms_and_both_readers_give_the_same_problem(rows: list[dict[str, Any]]) -> None:
    data = problem_with(rows)
    expected = parse_problem(data)
    columns = instances.columnar(data)
    assert parse_problem(columns) == expected
    assert read_problem(json.dumps(data)) == expected
    assert read_problem(json.dumps(columns).encode()) == expected
    # And back: the problem written out reads again as itself, in either form.
    written = problem_to_json(read_problem(json.dumps(columns)))
    assert parse_problem(written) == expected
    assert read_problem(json.dumps(instances.columnar(written))) == expected


@settings(max_examples=80, deadline=None)
@given(pair_rows(valid=False), st.booleans())
def test_the_fast_reader_reports_the_plain_readers_errors(
    rows: list[dict[str, Any]], columnar: bool
) -> None:
    data = problem_with(rows)
    if columnar:
        data = instances.columnar(data)
    assert fast_errors(data) == plain_errors(data)


@pytest.mark.parametrize(
    "pairs, expected",
    [
        (
            [{"person": "p0", "task": "t0"}, {"person": "ghost", "task": "t0", "load": -1}],
            ["pairs[1].person: unknown person 'ghost'", "pairs[1].load: must be >= 0"],
        ),
        ([{"person": "p0", "task": "t0", "utility": None}], ["pairs[0].utility: must be a number"]),
        (
            {"person": ["p0", ""], "task": ["t0", "t7"], "load": [1, -2]},
            [
                "pairs.person[1]: must be a non-empty string",
                "pairs.task[1]: unknown task 't7'",
                "pairs.load[1]: must be >= 0",
            ],
        ),
        (
            {"person": ["p0"], "task": ["t0"], "utility": ["high"]},
            ["pairs.utility[0]: must be a number"],
        ),
        (
            {"person": ["p0", "p1"], "task": ["t0"]},
            ["pairs.task: must have 2 entries, as pairs.person has"],
        ),
        ({"task": ["t0"]}, ["pairs.person: is required"]),
        (
            {"person": [], "task": [], "weight": []},
            ["pairs.weight: unknown column (known: person, task, utility, load, forbidden)"],
        ),
    ],
)
def test_pair_errors_name_their_path(pairs: Any, expected: list[str]) -> None:
    data = problem_with(pairs)
    assert plain_errors(data) == expected
    assert fast_errors(data) == expected


def test_the_rest_of_the_problem_keeps_its_messages_in_the_fast_reader() -> None:
    data = problem_with({"person": ["p0"], "task": ["t0"]})
    data["tasks"][1]["headcount"] = {"min": -1}
    data["format"] = "v2"
    assert fast_errors(data) == [
        "format: must be 'teamgraph-staffing/1'",
        "tasks[1].headcount.min: must be an integer >= 0",
    ]
    assert fast_errors({"people": "nobody"}) == plain_errors({"people": "nobody"})
    with pytest.raises(ValueError):
        read_problem(b"{not json")


def test_a_sparse_assignment_is_solved_from_its_columns_like_scipy() -> None:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    data = instances.sparse_assignment(30, per_task=5, seed=4)
    utility = np.full((30, 30), -np.inf)
    for pair in data["pairs"]:
        utility[int(pair["person"][1:]), int(pair["task"][1:])] = pair["utility"]
    rows, cols = linear_sum_assignment(utility, maximize=True)
    for form in (data, instances.columnar(data)):
        result = solve(read_problem(json.dumps(form)), workers=1)
        assert result.stats.path == "assignment" and result.status == "OPTIMAL"
        assert result.objective == pytest.approx(float(utility[rows, cols].sum()))


def test_a_sparse_assignment_without_a_perfect_matching_is_explained() -> None:
    # Both tasks list only p0: no perfect matching, so the path stands aside.
    data = problem_with({"person": ["p0", "p0"], "task": ["t0", "t1"], "utility": [1, 2]})
    data["people"] = data["people"][:2]
    data["tasks"] = [{"id": t, "effort": 1} for t in TASKS]
    data["people"] = [{"id": p, "capacity": 1} for p in ("p0", "p1")]
    data["weights"] = {"coverage": 0, "balance": 0}
    result = solve(read_problem(json.dumps(data)), workers=1)
    assert result.status == "INFEASIBLE" and result.stats.path != "assignment"


def test_the_cli_reads_the_columnar_form(tmp_path: Path) -> None:
    path = tmp_path / "columns.json"
    path.write_text(json.dumps(instances.columnar(instances.dense_assignment([[3, 1], [2, 5]]))))
    run = subprocess.run(
        [sys.executable, "-m", "solver", str(path), "--workers", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["objective"] == 8 and result["stats"]["path"] == "assignment"
    path.write_text(json.dumps(problem_with({"person": ["p0"], "task": ["t5"]})))
    run = subprocess.run(
        [sys.executable, "-m", "solver", str(path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == ["pairs.task[0]: unknown task 't5'"]
