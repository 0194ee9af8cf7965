"""The format: invalid problems are rejected with every error's JSON path; the CLI's exits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

from solver import (
    ProblemError,
    parse_problem,
    problem_to_json,
    result_from_json,
    result_to_json,
    solve,
)
from tests.solver.strategies import problems

VALID = {
    "format": "teamgraph-staffing/1",
    "people": [{"id": "p1", "capacity": 40, "skills": {"neg": 4}}],
    "tasks": [
        {"id": "t1", "effort": 16, "skills": [{"skill": "neg", "level": 3, "mandatory": True}]}
    ],
}


def errors(data: object) -> list[str]:
    with pytest.raises(ProblemError) as caught:
        parse_problem(data)
    return caught.value.errors


@pytest.mark.parametrize(
    "patch, expected",
    [
        ({"format": "v2"}, "format: must be 'teamgraph-staffing/1'"),
        ({"people": None}, "people: is required"),
        ({"people": [{"id": "p1"}]}, "people[0].capacity: must be a number"),
        ({"people": [{"id": "p1", "capacity": -1}]}, "people[0].capacity: must be >= 0"),
        (
            {"people": [{"id": "p1", "capacity": 1, "skills": {"neg": 6}}]},
            "people[0].skills.neg: must be an integer <= 5",
        ),
        (
            {"tasks": [{"id": "t1", "effort": 1, "headcount": {"min": -1}}]},
            "tasks[0].headcount.min: must be an integer >= 0",
        ),
        (
            {"tasks": [{"id": "t1", "effort": 1, "headcount": {"min": 3, "max": 2}}]},
            "tasks[0].headcount.max: must be >= headcount.min",
        ),
        ({"tasks": [{"id": "t1", "effort": "x"}]}, "tasks[0].effort: must be a number"),
        (
            {"tasks": [{"id": "t1", "effort": 1, "skills": [{"skill": "neg", "level": 0}]}]},
            "tasks[0].skills[0].level: must be an integer >= 1",
        ),
        ({"pins": [{"person": "ghost", "task": "t1"}]}, "pins[0].person: unknown person 'ghost'"),
        ({"pairs": [{"person": "p1", "task": "t9"}]}, "pairs[0].task: unknown task 't9'"),
        ({"eligibility": "vibes"}, "eligibility: must be one of skills, all, pairs"),
        (
            {"weights": {"charisma": 1}},
            "weights.charisma: unknown weight (known: skill, relationship, coverage, balance, "
            "continuity, cost, stability, unfilled)",
        ),
        ({"weights": {"skill": -1}}, "weights.skill: must be >= 0"),
        (
            {"relationships": [{"person": "p1", "contact": "c1", "strength": 2}]},
            "relationships[0].strength: must be <= 1",
        ),
    ],
)
def test_each_error_names_its_path(patch: dict[str, object], expected: str) -> None:
    data = {**VALID, **patch}
    data = {k: v for k, v in data.items() if v is not None}
    assert expected in errors(data)


def test_every_error_is_reported_at_once() -> None:
    found = errors(
        {
            "format": "x",
            "people": [{"id": ""}],
            "tasks": [{"effort": -2}, {"id": "t", "effort": 1}, {"id": "t", "effort": 1}],
        }
    )
    assert len(found) >= 5
    assert "tasks[2].id: duplicate id 't'" in found


@settings(max_examples=30, deadline=None)
@given(problems())
def test_problems_round_trip_through_json(problem: object) -> None:
    assert parse_problem(problem_to_json(problem)) == problem  # type: ignore[arg-type]


SEARCHED = ["path", "pairs", "pairs_pruned", "build_seconds", "seconds", "first_solution_seconds"]


@pytest.mark.parametrize(
    "method, patch, keys",
    [
        (
            "auto",
            {"weights": {"balance": 0}, "tasks": [{"id": "t1", "effort": 8, "required": False}]},
            SEARCHED,
        ),
        ("greedy", {}, ["path", "pairs", "pairs_pruned", "seconds"]),
        ("cp-sat", {}, [*SEARCHED, "greedy_objective"]),
    ],
)
def test_results_write_their_stats_keys_and_read_back(
    method: str, patch: dict[str, object], keys: list[str]
) -> None:
    problem = parse_problem({**VALID, **patch})
    result = solve(problem, method=method, workers=1)
    written = result_to_json(result)
    assert list(written["stats"]) == keys
    assert (written["stats"]["path"] == "flow") == (method == "auto")
    assert result_from_json(written) == result


def test_cli_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(VALID))
    out = tmp_path / "result.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "solver",
            str(good),
            "--time-limit",
            "5",
            "--workers",
            "1",
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(out.read_text())
    assert result["format"] == "teamgraph-result/1" and result["status"] == "OPTIMAL"
    assert result["assignments"][0]["person"] == "p1"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**VALID, "tasks": [{"id": "t1", "effort": -1}]}))
    run = subprocess.run(
        [sys.executable, "-m", "solver", str(bad)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == ["tasks[0].effort: must be >= 0"]
    infeasible = tmp_path / "infeasible.json"
    infeasible.write_text(
        json.dumps({**VALID, "people": [{"id": "p1", "capacity": 1, "skills": {"neg": 4}}]})
    )
    run = subprocess.run(
        [sys.executable, "-m", "solver", str(infeasible)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and json.loads(run.stdout)["status"] == "INFEASIBLE"
