"""Staffing and the relationship web through HTTP, on the demo seeds: the published operations
(staff a plan, review coverage, find candidates) end to end, role rules and typed errors of
every staffing mutation, and a long solve that does not hold up other requests."""

from __future__ import annotations

import math
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from teamgraph.accounts.models import Account, Contact, Relationship
from teamgraph.catalogue.models import Skill
from teamgraph.config import Settings
from teamgraph.db import unit_of_work
from teamgraph.network.store import account_coverage
from teamgraph.people.models import Person, Proficiency
from teamgraph.plans.models import Plan, Task
from teamgraph.staffing import assemble
from tests.api.conftest import Api

OPERATIONS = Path(__file__).resolve().parents[2] / "schema" / "operations"


def operation(file: str, name: str) -> str:
    """The named operation of a published file, with the file's fragments."""
    text = (OPERATIONS / f"{file}.graphql").read_text(encoding="utf-8")
    return text + "\n" if name in text else pytest.fail(f"{name} not in {file}")  # type: ignore[return-value]


def gid(type_name: str, pk: int) -> str:
    from teamgraph.api.core.ids import to_global_id

    return str(to_global_id(type_name, pk))


def run(api: Api, file: str, name: str, variables: dict[str, Any], **who: Any) -> Any:
    response = api.client.post(
        "/graphql",
        json={
            "query": (OPERATIONS / f"{file}.graphql").read_text(encoding="utf-8"),
            "operationName": name,
            "variables": variables,
        },
        headers={"Authorization": f"Bearer {who.get('token') or api.tokens['viewer']}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def plan_of(api: Api, name: str) -> tuple[int, int, str]:
    """(plan id, account id, the account KAM's email)."""
    with unit_of_work(api.sessions) as session:
        plan = session.scalars(select(Plan).where(Plan.name == name)).one()
        account = session.get(Account, plan.account_id)
        assert account is not None and account.kam_id is not None
        kam = session.get(Person, account.kam_id)
        assert kam is not None
        return plan.id, account.id, kam.email


# --- review coverage ------------------------------------------------------------------------


def test_account_coverage_matches_the_network_figures(demo: Api) -> None:
    with unit_of_work(demo.sessions) as session:
        accounts = session.execute(select(Account.id, Account.name)).all()
    for account_id, name in accounts:
        data = run(
            demo, "review-coverage", "AccountCoverage", {"account": gid("Account", account_id)}
        )
        coverage = data["account"]["coverage"]
        with unit_of_work(demo.sessions) as session:
            expected = account_coverage(session, account_id, settings=Settings())
        breadth = coverage["breadth"]
        assert breadth["index"] == expected.breadth.index, name
        assert breadth["covered"] == expected.breadth.covered
        assert breadth["contacts"] == expected.breadth.contacts
        assert sum(t["contacts"] for t in breadth["threadsDistribution"]) == breadth["contacts"]
        assert len(coverage["soleThreads"]) == len(expected.risk.sole_threads)
        assert [s["contact"]["id"] for s in coverage["soleThreads"]] == [
            gid("Contact", s.contact[1]) for s in expected.risk.sole_threads
        ]
        assert coverage["busFactor"]["size"] == expected.risk.bus_factor.size
        assert [p["id"] for p in coverage["busFactor"]["people"]] == [
            gid("Person", p[1]) for p in expected.risk.bus_factor.people
        ]
        nodes = {n["id"] for n in coverage["graph"]["nodes"]}
        assert len(nodes) == breadth["contacts"] + breadth["peopleEngaged"]
        assert all(
            e["source"] in nodes and e["target"] in nodes for e in coverage["graph"]["edges"]
        )
        flagged_sole = {
            n["id"] for n in coverage["graph"]["nodes"] if "sole_threaded" in n["flags"]
        }
        assert flagged_sole == {s["contact"]["id"] for s in coverage["soleThreads"]}
        again = run(
            demo, "review-coverage", "AccountCoverage", {"account": gid("Account", account_id)}
        )
        assert again == data, "the drawing is stable between calls"


def test_graph_columns_hold_the_same_picture_as_the_objects(demo: Api) -> None:
    with unit_of_work(demo.sessions) as session:
        account = session.scalars(select(Account.id).where(Account.name == "Contoso Bank")).one()
    variables = {"account": gid("Account", account)}
    graph = run(demo, "review-coverage", "AccountCoverage", variables)["account"]["coverage"]
    columns = run(demo, "review-coverage", "CoverageGraphColumns", variables)["account"][
        "coverage"
    ]["graph"]["columns"]
    nodes = [
        {
            "id": columns["ids"][i],
            "kind": columns["kinds"][i],
            "label": columns["labels"][i],
            "buyingRole": columns["buyingRoles"][i],
            "influence": columns["influences"][i],
            "flags": columns["flags"][i],
            "x": columns["xs"][i],
            "y": columns["ys"][i],
        }
        for i in range(len(columns["ids"]))
    ]
    assert nodes == graph["graph"]["nodes"]
    edges = [
        {
            "source": columns["ids"][s],
            "target": columns["ids"][t],
            "kind": k,
            "strength": w,
        }
        for s, t, k, w in zip(
            columns["edgeSources"],
            columns["edgeTargets"],
            columns["edgeKinds"],
            columns["edgeStrengths"],
            strict=True,
        )
    ]
    assert edges == graph["graph"]["edges"]


def test_fragile_and_deep_accounts_differ_as_seeded(demo: Api) -> None:
    with unit_of_work(demo.sessions) as session:
        ids = {name: pk for name, pk in session.execute(select(Account.name, Account.id))}

    def cov(name: str) -> dict[str, Any]:
        data = run(
            demo, "review-coverage", "AccountCoverage", {"account": gid("Account", ids[name])}
        )
        return dict(data["account"]["coverage"])

    deep, fragile = cov("Northwind Health"), cov("Contoso Bank")
    assert deep["breadth"]["index"] > fragile["breadth"]["index"]
    assert len(fragile["soleThreads"]) > len(deep["soleThreads"])


def test_introduction_paths_run_from_the_person_to_the_contact(demo: Api) -> None:
    with unit_of_work(demo.sessions) as session:
        account = session.scalars(select(Account).where(Account.name == "Northwind Health")).one()
        targets = list(session.scalars(select(Contact.id).where(Contact.account_id == account.id)))
        assert account.kam_id is not None
        source = account.kam_id
    indirect = 0
    for target in targets:
        paths = run(
            demo,
            "review-coverage",
            "IntroductionPaths",
            {"contact": gid("Contact", target), "from": gid("Person", source), "first": 4},
        )["introductionPaths"]
        scores = [p["score"] for p in paths]
        assert scores == sorted(scores, reverse=True) and len(paths) <= 4
        for path in paths:
            steps = path["steps"]
            assert steps[0]["node"]["id"] == gid("Person", source)
            assert steps[0]["strength"] is None
            assert steps[-1]["node"]["id"] == gid("Contact", target)
            product = math.prod(s["strength"] for s in steps[1:])
            assert path["score"] == pytest.approx(product, abs=1e-3)
            indirect += len(steps) > 2
    assert indirect, "a KAM of a deep account reaches some contacts through others"
    bad = demo.post('query { introductionPaths(contact: "nope", from: "nope") { score } }').json()
    assert bad["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_talent_map_counts_holders_and_flags_gaps(demo: Api) -> None:
    data = run(demo, "review-coverage", "TalentMap", {"demandedOnly": False})["talentMap"]
    with unit_of_work(demo.sessions) as session:
        holders = {
            name: count
            for name, count in session.execute(
                select(Skill.name, func.count(Proficiency.person_id))
                .join(Proficiency, Proficiency.skill_id == Skill.id)
                .join(Person, Person.id == Proficiency.person_id)
                .where(Person.active.is_(True))
                .group_by(Skill.name)
            )
        }
    for skill in data["skills"]:
        assert sum(skill["peopleByLevel"]) == holders.get(skill["name"], 0), skill["name"]
    gaps = {s["name"] for s in data["gaps"]}
    assert gaps == {s["name"] for s in data["skills"] if s["tasks"] and s["gap"]}


# --- find candidates --------------------------------------------------------------------------


def open_task(api: Api, plan_name: str, *, with_mandatory: bool = True) -> int:
    from teamgraph.plans.models import TaskSkill

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
    everyone = run(
        demo,
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
    top = run(demo, "find-candidates", "FindCandidates", {"task": gid("Task", task), "first": 3})
    assert top["candidates"] == eligible[:3]
    too_many = demo.post(
        "query($t: ID!) { candidates(task: $t, first: 1000) { score } }", {"t": gid("Task", task)}
    ).json()
    assert too_many["errors"][0]["extensions"] == {"code": "INVALID", "field": "first"}


# --- staff a plan -------------------------------------------------------------------------------


def test_from_an_empty_plan_to_an_accepted_team(demo: Api) -> None:
    plan, _, kam = plan_of(demo, "Supply chain finance pilot")
    token = demo.token("kam_lead", kam)
    first = run(demo, "staff-a-plan", "AssembleTeam", {"plan": gid("Plan", plan)}, token=token)
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

    second = run(
        demo,
        "staff-a-plan",
        "AssembleTeam",
        {"plan": gid("Plan", plan), "weights": {"skill": 0.2, "relationship": 3}},
        token=token,
    )["assembleTeam"]["proposal"]
    listed = run(demo, "staff-a-plan", "PlanToStaff", {"plan": gid("Plan", plan)})
    assert [p["id"] for p in listed["plan"]["proposals"]][:2] == [second["id"], proposal["id"]]

    diff = run(demo, "staff-a-plan", "CompareProposals", {"a": proposal["id"], "b": second["id"]})[
        "compareProposals"
    ]
    pairs_a = {(a["person"]["id"], a["task"]["id"]) for a in proposal["assignments"]}
    pairs_b = {(a["person"]["id"], a["task"]["id"]) for a in second["assignments"]}
    moved = {(m["person"]["id"], m["task"]["id"], m["change"]) for m in diff["moves"]}
    assert moved == {(p, t, "REMOVED") for p, t in pairs_a - pairs_b} | {
        (p, t, "ADDED") for p, t in pairs_b - pairs_a
    }
    assert diff["objectiveChange"] == pytest.approx(second["objective"] - proposal["objective"])

    accepted = run(
        demo, "staff-a-plan", "AcceptProposal", {"proposal": proposal["id"]}, token=token
    )["acceptProposal"]
    assert accepted["__typename"] == "AcceptProposalSuccess"
    assert accepted["proposal"]["status"] == "ACCEPTED"
    team = {(a["person"]["id"], a["task"]["id"]) for a in accepted["assignments"]}
    assert team == pairs_a
    assert all(a["source"] == "SOLVER" for a in accepted["assignments"])

    again = run(demo, "staff-a-plan", "AcceptProposal", {"proposal": proposal["id"]}, token=token)
    assert again["acceptProposal"]["code"] == "CONFLICT"
    stale = run(demo, "staff-a-plan", "AcceptProposal", {"proposal": second["id"]}, token=token)
    assert stale["acceptProposal"]["code"] == "CONFLICT"
    assert "changed since" in stale["acceptProposal"]["message"]


def test_what_if_she_leaves(demo: Api) -> None:
    plan, _, kam = plan_of(demo, "FY27 claims transformation")
    token = demo.token("kam_lead", kam)
    proposal = run(demo, "staff-a-plan", "AssembleTeam", {"plan": gid("Plan", plan)}, token=token)[
        "assembleTeam"
    ]["proposal"]
    run(demo, "staff-a-plan", "AcceptProposal", {"proposal": proposal["id"]}, token=token)
    counts: dict[str, int] = {}
    for a in proposal["assignments"]:
        counts[a["person"]["id"]] = counts.get(a["person"]["id"], 0) + 1
    leaver = max(counts, key=lambda p: (counts[p], p))
    found = run(
        demo,
        "staff-a-plan",
        "WhatIfTheyLeave",
        {"plan": gid("Plan", plan), "people": [leaver]},
        token=token,
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
    "mutation($p: ID!) { assembleTeam(input: {planId: $p, timeLimit: 2}) { __typename "
    "... on Error { code field message } } }"
)
WHAT_IF = (
    "mutation($p: ID!, $x: [ID!]!) { whatIf(input: {planId: $p, removePeople: $x}) "
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
    real = assemble.solver.solve

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(2.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(assemble.solver, "solve", slow)
    plan, _, kam = plan_of(demo, "FY27 retail operations renewal")
    token = demo.token("kam_lead", kam)
    outcome: dict[str, Any] = {}

    def solve() -> None:
        outcome["data"] = demo.data(ASSEMBLE, {"p": gid("Plan", plan)}, as_token=token)

    worker = threading.Thread(target=solve)
    started = time.perf_counter()
    worker.start()
    time.sleep(0.3)
    demo.data("{ people(first: 1) { totalCount } }")
    answered = time.perf_counter() - started
    worker.join()
    finished = time.perf_counter() - started
    assert outcome["data"]["assembleTeam"]["__typename"] == "AssembleTeamSuccess"
    assert answered < 1.5 < finished, (answered, finished)


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
    from tests.api.test_accounts_api import counting

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
        run(demo, "staff-a-plan", "AssembleTeam", {"plan": gid("Plan", plan)}, token=token)
        sizes.append(statements("Fabrikam Motors"))
    assert sizes[0] == sizes[1], sizes
