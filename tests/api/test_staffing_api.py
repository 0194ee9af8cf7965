"""Staffing through HTTP, on the demo seeds: the published operations (find candidates, staff
a plan, what if someone leaves) end to end, role rules and typed errors of every staffing
mutation, a long solve that does not hold up other requests, and the SQL cost of coverage and
proposals. The coverage queries alone are in test_coverage_api.py."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from teamgraph.accounts.models import Account, Contact, Relationship
from teamgraph.db import unit_of_work
from teamgraph.people.models import Person
from teamgraph.plans.models import Plan, Task, TaskSkill
from teamgraph.staffing import assemble
from tests.api.graphql import Api, counting, gid


def plan_of(api: Api, name: str) -> tuple[int, int, str]:
    """(plan id, account id, the account KAM's email)."""
    with unit_of_work(api.sessions) as session:
        plan = session.scalars(select(Plan).where(Plan.name == name)).one()
        account = session.get(Account, plan.account_id)
        assert account is not None and account.kam_id is not None
        kam = session.get(Person, account.kam_id)
        assert kam is not None
        return plan.id, account.id, kam.email


# --- find candidates --------------------------------------------------------------------------


def open_task(api: Api, plan_name: str, *, with_mandatory: bool = True) -> int:
    with unit_of_work(api.sessions) as session:
        query = (
            select(Task.id)
            .join(Plan, Plan.id == Task.plan_id)
            .where(Plan.name == plan_name, Task.status == "open")
            .order_by(Task.id)
        )
        if with_mandatory:
            query = query.where(
                Task.id.in_(select(TaskSkill.task_id).where(TaskSkill.mandatory.is_(True)))
            )
        return int(session.scalars(query).first() or 0)


def test_candidates_are_ranked_with_reasons_and_coverage_effects(demo: Api) -> None:
    task = open_task(demo, "FY27 retail operations renewal")
    assert task
    everyone = demo.published(
        "find-candidates",
        "FindCandidates",
        {"task": gid("Task", task), "first": 100, "includeIneligible": True},
    )["candidates"]
    eligible = [c for c in everyone if c["eligible"]]
    assert eligible and len(eligible) < len(everyone), "some qualify, some do not"
    assert all(c["blockedBy"] for c in everyone if not c["eligible"])
    assert all(not c["blockedBy"] for c in eligible)
    assert everyone[: len(eligible)] == eligible, "the eligible come first"
    scores = [c["score"] for c in eligible]
    assert scores == sorted(scores, reverse=True)
    for c in everyone:
        assert sum(t["points"] for t in c["why"]) == pytest.approx(c["score"], abs=1e-3)
        new = {x["id"] for x in c["newThreads"]}
        assert {x["id"] for x in c["newlyCovered"]} <= new
        assert {x["id"] for x in c["soleThreadsRelieved"]} <= new
        assert c["fitsCapacity"] == (c["freeHours"] >= 0)
    top = demo.published(
        "find-candidates", "FindCandidates", {"task": gid("Task", task), "first": 3}
    )
    assert top["candidates"] == eligible[:3]
    too_many = demo.post(
        "query($t: ID!) { candidates(task: $t, first: 1000) { score } }", {"t": gid("Task", task)}
    ).json()
    assert too_many["errors"][0]["extensions"] == {"code": "INVALID", "field": "first"}


# --- staff a plan -------------------------------------------------------------------------------


def test_from_an_empty_plan_to_an_accepted_team(demo: Api) -> None:
    plan, _, kam = plan_of(demo, "Supply chain finance pilot")
    token = demo.token("kam_lead", kam)
    first = demo.published(
        "staff-a-plan", "AssembleTeam", {"plan": gid("Plan", plan)}, as_token=token
    )
    proposal = first["assembleTeam"]["proposal"]
    assert first["assembleTeam"]["__typename"] == "AssembleTeamSuccess"
    assert proposal["solverStatus"] in ("OPTIMAL", "FEASIBLE") and proposal["status"] == "OPEN"
    assert proposal["assignments"]
    for a in proposal["assignments"]:
        assert sum(t["points"] for t in a["why"]) == pytest.approx(a["utility"], abs=1e-3)
    before, after = proposal["coverageBefore"], proposal["coverageAfter"]
    for figure in ("breadthIndex", "covered", "multiThreaded", "decisionMakersCovered"):
        assert after[figure] >= before[figure], figure
    assert after["breadthIndex"] > before["breadthIndex"]

    second = demo.published(
        "staff-a-plan",
        "AssembleTeam",
        {"plan": gid("Plan", plan), "weights": {"skill": 0.2, "relationship": 3}},
        as_token=token,
    )["assembleTeam"]["proposal"]
    listed = demo.published("staff-a-plan", "PlanToStaff", {"plan": gid("Plan", plan)})
    assert [p["id"] for p in listed["plan"]["proposals"]][:2] == [second["id"], proposal["id"]]

    diff = demo.published(
        "staff-a-plan", "CompareProposals", {"a": proposal["id"], "b": second["id"]}
    )["compareProposals"]
    pairs_a = {(a["person"]["id"], a["task"]["id"]) for a in proposal["assignments"]}
    pairs_b = {(a["person"]["id"], a["task"]["id"]) for a in second["assignments"]}
    moved = {(m["person"]["id"], m["task"]["id"], m["change"]) for m in diff["moves"]}
    assert moved == {(p, t, "REMOVED") for p, t in pairs_a - pairs_b} | {
        (p, t, "ADDED") for p, t in pairs_b - pairs_a
    }
    assert diff["objectiveChange"] == pytest.approx(second["objective"] - proposal["objective"])

    accepted = demo.published(
        "staff-a-plan", "AcceptProposal", {"proposal": proposal["id"]}, as_token=token
    )["acceptProposal"]
    assert accepted["__typename"] == "AcceptProposalSuccess"
    assert accepted["proposal"]["status"] == "ACCEPTED"
    team = {(a["person"]["id"], a["task"]["id"]) for a in accepted["assignments"]}
    assert team == pairs_a
    assert all(a["source"] == "SOLVER" for a in accepted["assignments"])

    again = demo.published(
        "staff-a-plan", "AcceptProposal", {"proposal": proposal["id"]}, as_token=token
    )
    assert again["acceptProposal"]["code"] == "CONFLICT"
    # Accepting one supersedes the plan's other open proposals.
    superseded = demo.published(
        "staff-a-plan", "AcceptProposal", {"proposal": second["id"]}, as_token=token
    )
    assert superseded["acceptProposal"]["code"] == "CONFLICT"
    assert "superseded" in superseded["acceptProposal"]["message"]
    listed = demo.published("staff-a-plan", "PlanToStaff", {"plan": gid("Plan", plan)})
    statuses = {p["id"]: p["status"] for p in listed["plan"]["proposals"]}
    assert (statuses[proposal["id"]], statuses[second["id"]]) == ("ACCEPTED", "SUPERSEDED")


def test_what_if_she_leaves(demo: Api) -> None:
    plan, _, kam = plan_of(demo, "FY27 claims transformation")
    token = demo.token("kam_lead", kam)
    proposal = demo.published(
        "staff-a-plan", "AssembleTeam", {"plan": gid("Plan", plan)}, as_token=token
    )["assembleTeam"]["proposal"]
    demo.published("staff-a-plan", "AcceptProposal", {"proposal": proposal["id"]}, as_token=token)
    counts: dict[str, int] = {}
    for a in proposal["assignments"]:
        counts[a["person"]["id"]] = counts.get(a["person"]["id"], 0) + 1
    leaver = max(counts, key=lambda p: (counts[p], p))
    found = demo.published(
        "staff-a-plan",
        "WhatIfTheyLeave",
        {"plan": gid("Plan", plan), "people": [leaver]},
        as_token=token,
    )["whatIf"]
    assert found["__typename"] == "WhatIfSuccess"
    assert {x["task"]["id"] for x in found["lost"]} == {
        a["task"]["id"] for a in proposal["assignments"] if a["person"]["id"] == leaver
    }
    assert leaver not in {a["person"]["id"] for a in found["proposal"]["assignments"]}
    assert found["coverageWithout"]["covered"] <= found["coverageNow"]["covered"]
    # Minimal change: everyone who stays keeps their tasks unless a task needed them elsewhere.
    kept = {(a["person"]["id"], a["task"]["id"]) for a in found["proposal"]["assignments"]}
    staying = {(a["person"]["id"], a["task"]["id"]) for a in proposal["assignments"]} - {
        (leaver, x["task"]["id"]) for x in found["lost"]
    }
    dropped = {
        (m["person"]["id"], m["task"]["id"]) for m in found["moves"] if m["change"] == "REMOVED"
    }
    assert staying - kept == dropped
    assert found["proposal"]["solverStatus"] in ("OPTIMAL", "FEASIBLE")
    short = {u["task"]["id"] for u in found["proposal"]["unfilled"]}
    assert {t["id"] for t in found["newlyUnfilled"]} <= short
    assert all(u["reasons"] for u in found["proposal"]["unfilled"])


# --- roles and typed errors -----------------------------------------------------------------------

ASSEMBLE = (
    "mutation($p: ID!) { assembleTeam(input: {planId: $p, timeLimit: 2, wait: true}) { __typename "
    "... on Error { code field message } } }"
)
WHAT_IF = (
    "mutation($p: ID!, $x: [ID!]!) { whatIf(input: {planId: $p, removePeople: $x, wait: true}) "
    "{ __typename ... on Error { code field message } } }"
)
ACCEPT = (
    "mutation($x: ID!) { acceptProposal(input: {proposalId: $x}) { __typename "
    "... on Error { code field message } } }"
)


def test_only_the_accounts_kam_lead_may_staff_it(demo: Api) -> None:
    plan, account, kam = plan_of(demo, "FY27 retail operations renewal")
    with unit_of_work(demo.sessions) as session:
        other = session.scalars(
            select(Person.email)
            .join(Account, Account.kam_id == Person.id)
            .where(Account.id != account)
        ).first()
    assert other is not None
    own = demo.token("kam_lead", kam)
    made = demo.data(
        ASSEMBLE.replace("__typename", "__typename ... on AssembleTeamSuccess { proposal { id } }"),
        {"p": gid("Plan", plan)},
        as_token=own,
    )
    proposal = made["assembleTeam"]["proposal"]["id"]
    someone = gid("Person", 1)
    calls = [
        (ASSEMBLE, {"p": gid("Plan", plan)}, "assembleTeam"),
        (WHAT_IF, {"p": gid("Plan", plan), "x": [someone]}, "whatIf"),
        (ACCEPT, {"x": proposal}, "acceptProposal"),
    ]
    for query, variables, field in calls:
        assert demo.post(query, variables, role="").status_code == 401
        for token in (
            demo.tokens["viewer"],
            demo.tokens["hr_admin"],
            demo.token("kam_lead", other),
        ):
            data = demo.data(query, variables, as_token=token)
            assert data[field]["code"] == "FORBIDDEN", (field, data)
    done = demo.data(ACCEPT, {"x": proposal}, as_token=own)
    assert done["acceptProposal"]["__typename"] == "AcceptProposalSuccess"


@pytest.mark.parametrize(
    ("query", "variables", "field", "code", "where"),
    [
        (ASSEMBLE, {"p": "bogus"}, "assembleTeam", "NOT_FOUND", "planId"),
        (
            "mutation($p: ID!) { assembleTeam(input: {planId: $p, timeLimit: 0}) "
            "{ ... on Error { code field } } }",
            {"p": "PLAN"},
            "assembleTeam",
            "INVALID",
            "timeLimit",
        ),
        (
            "mutation($p: ID!) { assembleTeam(input: {planId: $p, weights: {skill: -1}}) "
            "{ ... on Error { code field } } }",
            {"p": "PLAN"},
            "assembleTeam",
            "INVALID",
            "weights.skill",
        ),
        (WHAT_IF, {"p": "PLAN", "x": []}, "whatIf", "INVALID", "removePeople"),
        (WHAT_IF, {"p": "PLAN", "x": ["bogus"]}, "whatIf", "NOT_FOUND", "removePeople[0]"),
        (ACCEPT, {"x": "bogus"}, "acceptProposal", "NOT_FOUND", "proposalId"),
    ],
)
def test_bad_staffing_input_is_a_typed_error(
    demo: Api, query: str, variables: dict[str, Any], field: str, code: str, where: str
) -> None:
    plan, _, kam = plan_of(demo, "FY27 retail operations renewal")
    variables = {k: gid("Plan", plan) if v == "PLAN" else v for k, v in variables.items()}
    data = demo.data(query, variables, as_token=demo.token("kam_lead", kam))
    assert (data[field]["code"], data[field]["field"]) == (code, where)


def test_a_long_solve_does_not_hold_up_other_requests(
    demo: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another request is answered while a solve is provably still running: the solve the API
    calls waits for a signal that this test only gives after the other answer came back."""
    real = assemble.solver.solve
    solving, release = threading.Event(), threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        solving.set()
        assert release.wait(timeout=60), "the test never released the solve"
        return real(*args, **kwargs)

    monkeypatch.setattr(assemble.solver, "solve", held)
    plan, _, kam = plan_of(demo, "FY27 retail operations renewal")
    token = demo.token("kam_lead", kam)
    outcome: dict[str, Any] = {}

    def solve() -> None:
        outcome["data"] = demo.data(ASSEMBLE, {"p": gid("Plan", plan)}, as_token=token)

    worker = threading.Thread(target=solve)
    worker.start()
    try:
        assert solving.wait(timeout=60), "the solve never started"
        answer = demo.data("{ people(first: 1) { totalCount } }")
        assert answer["people"]["totalCount"] > 0
        assert worker.is_alive() and "data" not in outcome, "the solve is still running"
    finally:
        release.set()
        worker.join()
    assert outcome["data"]["assembleTeam"]["__typename"] == "AssembleTeamSuccess"


# --- no N+1 -----------------------------------------------------------------------------------

COVERAGE_AND_PROPOSALS = """
query($account: ID!) {
  account(id: $account) {
    coverage {
      soleThreads { contact { name } person { name } }
      keyPeople { person { name } contactsLost { name } }
      busFactor { people { name } decisionMaker { name } }
      stale { person { name } contact { name } }
    }
    plans {
      proposals { assignments { person { name } task { title } } unfilled { task { title } } }
    }
  }
}
"""


def test_nested_coverage_and_proposals_cost_the_same_statements_at_any_size(demo: Api) -> None:
    with unit_of_work(demo.sessions) as session:
        ids = {name: pk for name, pk in session.execute(select(Account.name, Account.id))}

    def statements(account: str) -> int:
        with counting(demo) as seen:
            data = demo.data(COVERAGE_AND_PROPOSALS, {"account": gid("Account", ids[account])})
        assert data["account"]["coverage"]["soleThreads"] is not None
        return len(seen)

    # More contacts, relationships and people on the account: the same statements.
    before = statements("Contoso Bank")
    with unit_of_work(demo.sessions) as session:
        people = session.scalars(select(Person.id).order_by(Person.id.desc()).limit(3)).all()
        for i, person in enumerate(people):
            contact = Contact(
                account_id=ids["Contoso Bank"], name=f"New contact {i}", buying_role="champion"
            )
            session.add(contact)
            session.flush()
            session.add(Relationship(person_id=person, contact_id=contact.id, strength=0.8))
    assert statements("Contoso Bank") == before
    plan, _, kam = plan_of(demo, "Supply chain finance pilot")
    token = demo.token("kam_lead", kam)
    sizes = []
    for _ in range(2):  # more proposals with more assignments: the same statements
        demo.published("staff-a-plan", "AssembleTeam", {"plan": gid("Plan", plan)}, as_token=token)
        sizes.append(statements("Fabrikam Motors"))
    assert sizes[0] == sizes[1], sizes
