"""Solves as jobs through the API, on each database: `assembleTeam` answers at once with a
queued job; the `solveJob` subscription pushes its progress in order and ends with the result;
`node(id:)` polls the same; cancel stops a running solve; only who may write to the plan sees
or cancels its jobs; a token's queued jobs are capped; what-if scenarios fan out."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import select

from teamgraph.people.models import Person
from tests.api.graphql import Api, gid, subscribe
from tests.jobs.conftest import Plans

JOB = """
  id kind status error cancelRequested attempts startedAt finishedAt
  progress { elapsedSeconds solutionsFound bestObjective bound gap }
  proposal { id solverStatus objective }
"""
START = f"""
mutation($plan: ID!, $limit: Float) {{
  assembleTeam(input: {{ planId: $plan, timeLimit: $limit }}) {{
    __typename ... on Error {{ code field message }}
    ... on AssembleTeamSuccess {{ proposal {{ id }} job {{ {JOB} }} }}
  }}
}}
"""
FOLLOW = f"subscription($id: ID!) {{ solveJob(id: $id) {{ {JOB} }} }}"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on SolveJob {{ {JOB} }} }} }}"
CANCEL = """
mutation($id: ID!) { cancelSolveJob(input: { jobId: $id }) {
  __typename ... on Error { code field message } ... on CancelSolveJobSuccess { job { id status } }
} }
"""
WHAT_IF = f"""
mutation($plan: ID!, $scenarios: [[ID!]!]) {{
  whatIf(input: {{ planId: $plan, scenarios: $scenarios }}) {{
    __typename ... on Error {{ code field message }}
    ... on WhatIfSuccess {{ coverageNow {{ covered }} jobs {{ {JOB} removePeople {{ id }}
      whatIf {{ lost {{ person {{ id }} }} proposal {{ id }} }} }} }}
  }}
}}
"""
ORDER = {"QUEUED": 0, "RUNNING": 1, "SUCCEEDED": 2, "FAILED": 2, "CANCELLED": 2}


def last_people(api: Api, count: int) -> list[int]:
    """Keys of the people generated last (the small plan's organisation)."""
    with api.sessions() as session:
        return list(session.scalars(select(Person.id).order_by(Person.id.desc()).limit(count)))


def start(api: Api, plan: str, token: str, limit: float) -> dict[str, Any]:
    got = api.data(START, {"plan": plan, "limit": limit}, as_token=token)["assembleTeam"]
    assert got["__typename"] == "AssembleTeamSuccess", got
    return dict(got)


def poll(api: Api, job: str, token: str, until: Any, seconds: float = 120) -> dict[str, Any]:
    """The job (through node(id:)) once `until(job)` holds; bounded, so a stuck job fails."""
    deadline = time.monotonic() + seconds
    while True:
        found = api.data(NODE, {"id": job}, as_token=token)["node"]
        if until(found) or time.monotonic() > deadline:
            return dict(found)
        time.sleep(0.1)


def test_a_solve_answers_at_once_and_streams_its_progress_to_the_result(
    solving: Api, plans: Plans
) -> None:
    token = solving.token("kam_lead", plans.large_kam)
    got = start(solving, plans.large, token, limit=8)
    assert got["proposal"] is None  # nothing is solved yet: the answer came at once
    job = got["job"]
    assert job["status"] == "QUEUED" and job["proposal"] is None

    events = [
        e["data"]["solveJob"]
        for e in subscribe(solving.client, FOLLOW, {"id": job["id"]}, token=token)
    ]

    statuses = [ORDER[e["status"]] for e in events]
    assert statuses == sorted(statuses), [e["status"] for e in events]
    found = [e["progress"]["solutionsFound"] for e in events]
    assert found == sorted(found)
    last = events[-1]
    assert last["status"] == "SUCCEEDED" and last["error"] is None
    assert last["proposal"]["solverStatus"] in ("OPTIMAL", "FEASIBLE")
    assert last["progress"]["bestObjective"] == last["proposal"]["objective"]
    assert all(e["proposal"] is None for e in events[:-1])
    running = [e for e in events if e["status"] == "RUNNING" and e["progress"]["solutionsFound"]]
    assert running, "no progress was pushed while CP-SAT improved the team"
    assert running[0]["progress"]["bestObjective"] <= last["progress"]["bestObjective"]
    # Polling gives the same answer.
    assert solving.data(NODE, {"id": job["id"]}, as_token=token)["node"] == last


def test_cancel_stops_a_running_solve(solving: Api, plans: Plans) -> None:
    token = solving.token("kam_lead", plans.large_kam)
    job = start(solving, plans.large, token, limit=60)["job"]["id"]
    poll(solving, job, token, lambda j: j["progress"]["solutionsFound"] > 0)

    cancelled = solving.data(CANCEL, {"id": job}, as_token=token)["cancelSolveJob"]
    assert cancelled["__typename"] == "CancelSolveJobSuccess", cancelled

    events = subscribe(solving.client, FOLLOW, {"id": job}, token=token)
    last = events[-1]["data"]["solveJob"]
    assert last["status"] == "CANCELLED" and last["cancelRequested"] and last["proposal"] is None
    # Stopped, not left to run out its minute (a generous bound: the point is that it stops).
    assert last["progress"]["elapsedSeconds"] < 30
    again = solving.data(CANCEL, {"id": job}, as_token=token)["cancelSolveJob"]
    assert (again["__typename"], again["code"]) == ("ConflictError", "CONFLICT")


def test_only_who_may_write_to_the_plan_sees_or_cancels_its_jobs(
    solving: Api, plans: Plans
) -> None:
    token = solving.token("kam_lead", plans.small_kam)
    job = start(solving, plans.small, token, limit=2)["job"]["id"]
    other_kam = solving.token("kam_lead", plans.large_kam)  # leads the other account only
    for outsider in (solving.tokens["viewer"], solving.tokens["hr_admin"], other_kam):
        hidden = solving.post(NODE, {"id": job}, as_token=outsider).json()
        assert hidden["data"]["node"] is None  # as for any object this token may not see
        assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        events = subscribe(solving.client, FOLLOW, {"id": job}, token=outsider)
        assert [e["data"]["solveJob"] for e in events] == [None]
        refused = solving.data(CANCEL, {"id": job}, as_token=outsider)["cancelSolveJob"]
        assert refused["code"] == "FORBIDDEN", refused
        started = solving.data(START, {"plan": plans.small, "limit": 1}, as_token=outsider)
        assert started["assembleTeam"]["code"] == "FORBIDDEN"
    assert poll(solving, job, token, lambda j: j["status"] == "SUCCEEDED")["status"] == "SUCCEEDED"


def test_a_tokens_queued_jobs_are_capped(solving: Api, plans: Plans) -> None:
    """TEAMGRAPH_MAX_QUEUED_JOBS is 3 here."""
    token = solving.token("kam_lead", plans.small_kam)
    leaving = [[gid("Person", last_people(solving, 1)[0])]] * 4
    refused = solving.data(WHAT_IF, {"plan": plans.small, "scenarios": leaving}, as_token=token)
    got = refused["whatIf"]
    assert (got["__typename"], got["code"]) == ("ConflictError", "TOO_MANY_JOBS"), got
    assert "at most 3" in got["message"]
    # Nothing was queued: three still fit, and each comes back with its own answer.
    fanned = solving.data(WHAT_IF, {"plan": plans.small, "scenarios": leaving[:3]}, as_token=token)[
        "whatIf"
    ]
    assert fanned["__typename"] == "WhatIfSuccess", fanned
    assert fanned["coverageNow"] is None  # not solved yet
    ends = [
        poll(solving, j["id"], token, lambda j: j["status"] == "SUCCEEDED") for j in fanned["jobs"]
    ]
    assert [j["status"] for j in ends] == ["SUCCEEDED"] * 3
    assert len({j["proposal"]["id"] for j in ends}) == 3


def test_what_if_scenarios_fan_out_one_job_each(solving: Api, plans: Plans) -> None:
    token = solving.token("kam_lead", plans.small_kam)
    a, b = last_people(solving, 2)
    scenarios = [[gid("Person", a)], [gid("Person", a), gid("Person", b)]]
    got = solving.data(WHAT_IF, {"plan": plans.small, "scenarios": scenarios}, as_token=token)
    jobs = got["whatIf"]["jobs"]
    assert [{p["id"] for p in j["removePeople"]} for j in jobs] == [set(s) for s in scenarios]
    ends = [poll(solving, j["id"], token, lambda j: j["status"] == "SUCCEEDED") for j in jobs]
    assert all(e["status"] == "SUCCEEDED" for e in ends)
    outcome = solving.data(
        "query($id: ID!) { node(id: $id) { ... on SolveJob { kind whatIf { proposal { id } } "
        "removePeople { id } } } }",
        {"id": jobs[1]["id"]},
        as_token=token,
    )["node"]
    assert outcome["kind"] == "WHAT_IF"
    assert {p["id"] for p in outcome["removePeople"]} == set(scenarios[1])
    assert outcome["whatIf"]["proposal"]["id"] == ends[1]["proposal"]["id"]


def test_the_api_keeps_answering_while_solves_run(solving: Api, plans: Plans) -> None:
    token = solving.token("kam_lead", plans.large_kam)
    job = start(solving, plans.large, token, limit=8)["job"]["id"]
    poll(solving, job, token, lambda j: j["status"] == "RUNNING")
    answers = [
        solving.data(
            "query($id: ID!) { node(id: $id) { ... on Plan { name } } }", {"id": plans.small}
        )
        for _ in range(5)
    ]
    assert all(a["node"]["name"] for a in answers)
    # The plan query was answered while the solve was still running beside it.
    assert solving.data(NODE, {"id": job}, as_token=token)["node"]["status"] == "RUNNING"
    solving.data(CANCEL, {"id": job}, as_token=token)
    poll(solving, job, token, lambda j: j["status"] == "CANCELLED")
