"""Capacity and eligibility have one owner each, checked on generated organisations through the
API: a person's load over a plan's period and a candidate's free hours equal the compiled
problem's hours and a day-by-day brute-force count; the people `candidates` calls eligible for
a task are exactly those the compiled problem lets the solver choose."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import solver
from solver.pairs import candidate_pairs
from teamgraph.api.core.ids import from_global_id
from teamgraph.config import Settings
from teamgraph.db import unit_of_work
from teamgraph.staffing.compile import compile_plan, pid, tid
from tests.api.graphql import Api, gid
from tests.api.organisations import (
    Built,
    Organisation,
    brute_hours,
    build,
    day,
    organisations,
    task_days,
)

LOAD = """
query($id: ID!, $from: Date!, $to: Date!) { node(id: $id) { ... on Person {
  load(from: $from, to: $to) { availableHours assignedHours freeHours
                               weeks { availableHours assignedHours } }
} } }
"""

CANDIDATES = """
query($task: ID!) { candidates(task: $task, first: 100, includeIneligible: true) {
  person { id } eligible blockedBy freeHours coversMandatorySkills missingMandatorySkills
} }
"""

CHECKED = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def compiled_problem(api: Api, built: Built) -> dict:
    with unit_of_work(api.sessions) as s:
        return compile_plan(s, built.plan_ids[0], settings=Settings()).problem


def open_tasks(org: Organisation) -> list[int]:
    return [t for t, task in enumerate(org.plans[0].tasks) if task.status != "done"]


def candidates(api: Api, task_id: int) -> dict[str, dict]:
    found = api.data(CANDIDATES, {"task": gid("Task", task_id)})["candidates"]
    return {c["person"]["id"]: c for c in found}


@CHECKED
@given(org=organisations())
def test_load_and_free_hours_agree_with_the_problem_and_a_day_by_day_count(
    api: Api, org: Organisation
) -> None:
    built = build(api.sessions, org)
    plan = org.plans[0]
    first, last = day(plan.start), day(plan.start + plan.days - 1)
    problem = compiled_problem(api, built) if open_tasks(org) else None
    people = {p["id"]: p for p in problem["people"]} if problem else {}
    for p, person_id in enumerate(built.person_ids):
        load = api.data(
            LOAD, {"id": gid("Person", person_id), "from": str(first), "to": str(last)}
        )["node"]["load"]
        capacity, assigned = brute_hours(org, p, first, last)
        assert load["availableHours"] == pytest.approx(capacity, abs=0.01)
        assert load["assignedHours"] == pytest.approx(assigned, abs=0.01)
        assert load["freeHours"] == pytest.approx(max(0.0, capacity - assigned), abs=0.02)
        assert sum(w["availableHours"] for w in load["weeks"]) == pytest.approx(capacity, abs=0.1)
        assert sum(w["assignedHours"] for w in load["weeks"]) == pytest.approx(assigned, abs=0.1)
        if pid(person_id) not in people:
            continue
        # The staffed plan's tasks lie in its period: their whole effort is booked there.
        booked = sum(
            plan.tasks[t].effort
            for q_p, q, t in org.assigned
            if q_p == p and q == 0 and plan.tasks[t].status != "done"
        )
        mine = people[pid(person_id)]
        assert mine["capacity"] == pytest.approx(load["availableHours"], abs=0.01)
        assert mine["current_load"] + booked == pytest.approx(load["assignedHours"], abs=0.02)
    for t in open_tasks(org):
        task_id = built.task_ids[0][t]
        window = task_days(org, 0, t)
        effort = plan.tasks[t].effort
        for person_id, c in candidates(api, task_id).items():
            p = built.person_ids.index(int_pk(person_id))
            capacity, assigned = brute_hours(org, p, *window, skip=frozenset({(0, t)}))
            assert c["freeHours"] == pytest.approx(capacity - assigned - effort, abs=0.02)
            if window == (first, last):
                mine = people[pid(built.person_ids[p])]
                others = sum(
                    plan.tasks[u].effort
                    for q_p, q, u in org.assigned
                    if q_p == p and q == 0 and u != t and plan.tasks[u].status != "done"
                )
                free = mine["capacity"] - mine["current_load"] - others - effort
                assert c["freeHours"] == pytest.approx(free, abs=0.03)


@CHECKED
@given(org=organisations())
def test_candidates_eligible_are_exactly_whom_the_solver_may_choose(
    api: Api, org: Organisation
) -> None:
    built = build(api.sessions, org)
    if not open_tasks(org):
        return
    data = compiled_problem(api, built)
    problem = solver.parse_problem(data)
    kept = {
        (problem.people[p.person].id, problem.tasks[p.task].id)
        for p in candidate_pairs(problem).pairs
    }
    barred = {c["person"] for c in data["conflicts"]}
    hours = {p["id"]: p["capacity"] - p["current_load"] for p in data["people"]}
    # Kept pairs (pins, work under way, manual assignments) are forced, not chosen: the rule
    # is about whom the solver may choose freely.
    kept_pairs = {(p["person"], p["task"]) for p in data["pins"]}
    for t in open_tasks(org):
        task_id = built.task_ids[0][t]
        effort = org.plans[0].tasks[t].effort
        may_choose = {
            person
            for person, task in kept
            if task == tid(task_id) and person not in barred and hours[person] >= effort
        }
        forced = {person for person, task in kept_pairs if task == tid(task_id)}
        listed = candidates(api, task_id)
        eligible = {pid(int_pk(g)) for g, c in listed.items() if c["eligible"]}
        assert eligible - forced == may_choose - forced
        for c in listed.values():
            assert c["eligible"] == (c["blockedBy"] == [])
            assert c["coversMandatorySkills"] == (c["missingMandatorySkills"] == [])


def int_pk(global_id: str) -> int:
    return from_global_id(global_id, expect="Person")[1]
