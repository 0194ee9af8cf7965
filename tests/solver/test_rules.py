"""Each hard rule: a tiny feasible case and a tiny infeasible one, with its reason named."""

from __future__ import annotations

from typing import Any

import pytest

from solver import check, parse_problem, solve

NO_GLOBALS = {"coverage": 0, "balance": 0}


def problem(people: list[dict[str, Any]], tasks: list[dict[str, Any]], **extra: Any) -> Any:
    data = {
        "format": "teamgraph-staffing/1",
        "people": people,
        "tasks": tasks,
        "weights": dict(NO_GLOBALS),
    }
    data.update(extra)
    return parse_problem(data)


def team(result: Any) -> set[tuple[str, str]]:
    return {(a.person, a.task) for a in result.assignments}


def solved(p: Any) -> Any:
    result = solve(p, workers=1, time_limit=5)
    assert check(p, result) == []
    return result


def test_capacity_counts_current_load() -> None:
    people = [{"id": "a", "capacity": 20, "current_load": 10}, {"id": "b", "capacity": 20}]
    tasks = [{"id": "t", "effort": 15}]
    assert team(solved(problem(people, tasks, eligibility="all"))) == {("b", "t")}
    result = solved(problem(people[:1], tasks, eligibility="all"))
    assert result.status == "INFEASIBLE"
    assert any(
        "t needs 1 people but only" in r or "capacity of a" in r or "required task t" in r
        for r in result.infeasible
    )


def test_headcount_min_and_max() -> None:
    people = [{"id": f"p{i}", "capacity": 40} for i in range(4)]
    tasks = [{"id": "t", "effort": 8, "headcount": {"min": 2, "max": 3}}]
    result = solved(problem(people, tasks, eligibility="all"))
    assert 2 <= len(result.assignments) <= 3
    understaffed = solved(problem(people[:1], tasks, eligibility="all"))
    assert understaffed.status == "INFEASIBLE"
    assert understaffed.infeasible == ("required task t needs 2 people but only 1 are eligible",)


def test_optional_task_may_stay_short_with_reasons() -> None:
    people = [{"id": "a", "capacity": 4}]
    tasks = [{"id": "t", "effort": 8, "required": False, "headcount": {"min": 1, "max": 1}}]
    result = solved(problem(people, tasks, eligibility="all"))
    assert result.status == "OPTIMAL" and result.assignments == ()
    (unfilled,) = result.unfilled
    assert unfilled.task == "t" and unfilled.missing == 1
    assert unfilled.reasons == ("no eligible person has capacity left",)


def test_mandatory_skill_held_by_an_assignee() -> None:
    people = [
        {"id": "novice", "capacity": 40, "skills": {"neg": 2}},
        {"id": "expert", "capacity": 40, "skills": {"neg": 4}},
    ]
    tasks = [{"id": "t", "effort": 8, "skills": [{"skill": "neg", "level": 3, "mandatory": True}]}]
    assert team(solved(problem(people, tasks, eligibility="all"))) == {("expert", "t")}
    result = solved(problem(people[:1], tasks, eligibility="all"))
    assert result.status == "INFEASIBLE"
    assert result.infeasible == (
        "required task t needs neg at level 3 and no available person holds it",
    )


def test_optional_task_without_the_mandatory_skill_stays_unfilled() -> None:
    people = [{"id": "novice", "capacity": 40, "skills": {"neg": 2}}]
    tasks = [
        {
            "id": "t",
            "effort": 8,
            "required": False,
            "skills": [{"skill": "neg", "level": 3, "mandatory": True}],
        }
    ]
    result = solved(problem(people, tasks, eligibility="all"))
    assert result.assignments == ()
    assert result.unfilled[0].reasons[0] == "no one holds neg at level 3 or above"


def test_conflicts_of_interest() -> None:
    people = [{"id": "a", "capacity": 40}, {"id": "b", "capacity": 40}]
    tasks = [{"id": "t", "effort": 8, "account": "acme"}]
    result = solved(
        problem(
            people,
            tasks,
            eligibility="all",
            conflicts=[{"person": "a", "account": "acme"}],
            pairs=[{"person": "a", "task": "t", "utility": 50}],
        )
    )
    assert team(result) == {("b", "t")}
    blocked = solved(
        problem(
            people[:1], tasks, eligibility="all", conflicts=[{"person": "a", "account": "acme"}]
        )
    )
    assert blocked.status == "INFEASIBLE"


def test_pins_hold_and_clashing_pins_are_named() -> None:
    people = [{"id": "a", "capacity": 40}, {"id": "b", "capacity": 40}]
    tasks = [{"id": "t", "effort": 8}]
    pinned = solved(
        problem(
            people,
            tasks,
            eligibility="all",
            pins=[{"person": "a", "task": "t"}],
            pairs=[{"person": "b", "task": "t", "utility": 99}],
        )
    )
    assert team(pinned) == {("a", "t")}
    clash = solved(
        problem(
            people,
            tasks,
            eligibility="all",
            pins=[{"person": "a", "task": "t"}],
            conflicts=[{"person": "a", "account": "acme"}],
            **{},
        )
    )
    assert clash.status == "OPTIMAL"  # the task names no account: the conflict does not apply
    tasks[0]["account"] = "acme"
    clash = solved(
        problem(
            people,
            tasks,
            eligibility="all",
            pins=[{"person": "a", "task": "t"}],
            conflicts=[{"person": "a", "account": "acme"}],
        )
    )
    assert clash.status == "INFEASIBLE"
    assert clash.infeasible == ("pin a -> t clashes with a's conflict of interest with acme",)


def test_two_pins_beyond_capacity_name_the_rules_that_clash() -> None:
    people = [{"id": "a", "capacity": 10}]
    tasks = [
        {"id": "t1", "effort": 8, "required": False},
        {"id": "t2", "effort": 8, "required": False},
    ]
    result = solved(
        problem(
            people,
            tasks,
            eligibility="all",
            pins=[{"person": "a", "task": "t1"}, {"person": "a", "task": "t2"}],
        )
    )
    assert result.status == "INFEASIBLE"
    assert set(result.infeasible) == {"capacity of a", "pin a -> t1", "pin a -> t2"}


def test_forbidden_pairs_and_pair_overrides() -> None:
    people = [{"id": "a", "capacity": 40}, {"id": "b", "capacity": 40}]
    tasks = [{"id": "t", "effort": 8}]
    result = solved(
        problem(
            people,
            tasks,
            eligibility="all",
            pairs=[
                {"person": "a", "task": "t", "forbidden": True},
                {"person": "b", "task": "t", "utility": 3, "load": 2},
            ],
        )
    )
    assert team(result) == {("b", "t")}
    assert result.assignments[0].load == 2 and result.assignments[0].utility == 3


def test_only_explicit_utilities_make_the_objective_their_sum() -> None:
    people = [{"id": f"p{i}", "capacity": 16} for i in range(3)]
    tasks = [{"id": f"t{j}", "effort": 8, "headcount": {"min": 0, "max": 2}} for j in range(3)]
    utilities = [[7.5, 1.25, 3], [2, 9.125, 4], [6, 6, 6]]
    pairs = [
        {"person": f"p{i}", "task": f"t{j}", "utility": utilities[i][j]}
        for i in range(3)
        for j in range(3)
    ]
    zero = {
        k: 0
        for k in (
            "skill",
            "relationship",
            "coverage",
            "balance",
            "continuity",
            "cost",
            "stability",
            "unfilled",
        )
    }
    p = parse_problem(
        {
            "format": "teamgraph-staffing/1",
            "people": people,
            "tasks": tasks,
            "pairs": pairs,
            "eligibility": "pairs",
            "weights": zero,
        }
    )
    result = solved(p)
    assert result.objective == pytest.approx(sum(a.utility for a in result.assignments), abs=1e-9)
    assert result.objective == pytest.approx(7.5 + 3 + 9.125 + 4 + 6 + 6)


def test_stability_keeps_the_current_team_unless_the_gain_is_worth_it() -> None:
    people = [{"id": "a", "capacity": 40}, {"id": "b", "capacity": 40}]
    tasks = [{"id": "t", "effort": 8}]
    pairs = [{"person": "a", "task": "t", "utility": 5}, {"person": "b", "task": "t", "utility": 6}]
    current = [{"person": "a", "task": "t"}]
    stay = solved(
        problem(
            people,
            tasks,
            eligibility="pairs",
            pairs=pairs,
            current=current,
            weights={**NO_GLOBALS, "stability": 1},
        )
    )
    assert team(stay) == {("a", "t")}  # moving gains 1 and costs 2 changes
    move = solved(
        problem(
            people,
            tasks,
            eligibility="pairs",
            pairs=pairs,
            current=current,
            weights={**NO_GLOBALS, "stability": 0.25},
        )
    )
    assert team(move) == {("b", "t")}


def test_coverage_prefers_a_new_thread_to_a_sole_threaded_contact() -> None:
    people = [{"id": "knows", "capacity": 40}, {"id": "new", "capacity": 40}]
    tasks = [{"id": "t", "effort": 8, "contacts": ["c"]}]
    base = dict(
        eligibility="all",
        contacts=[{"id": "c", "influence": 1.0}],
        relationships=[{"person": "knows", "contact": "c", "strength": 0.3}],
    )
    without = solved(problem(people, tasks, **base, weights={"coverage": 0, "balance": 0}))
    assert team(without) == {("knows", "t")}  # 3 points of relationship utility
    with_coverage = solved(problem(people, tasks, **base, weights={"coverage": 1, "balance": 0}))
    assert team(with_coverage) == {("new", "t")}  # 10 points for a second thread


def test_the_default_weights_give_a_sole_threaded_decision_maker_a_second_thread() -> None:
    """The KAM trap, in small: the KAM is the better skill match and the decision maker's only
    thread; a colleague who meets the level takes the task with the default weights, so the
    decision maker gains a second thread (with coverage weighted 1, the KAM kept it)."""
    people = [
        {"id": "kam", "capacity": 40, "skills": {"neg": 5}},
        {"id": "colleague", "capacity": 40, "skills": {"neg": 3}},
    ]
    tasks = [{"id": "t", "effort": 8, "skills": [{"skill": "neg", "level": 3}], "contacts": ["dm"]}]
    base = dict(
        contacts=[{"id": "dm", "influence": 0.6, "decision_maker": True}],
        relationships=[{"person": "kam", "contact": "dm", "strength": 1.0}],
    )
    assert team(solved(problem(people, tasks, **base, weights={}))) == {("colleague", "t")}
    assert team(solved(problem(people, tasks, **base, weights={"coverage": 1}))) == {("kam", "t")}
