"""Every operation a front-end publishes in schema/operations/ runs end to end on the demo
seeds, as the role that would send it, and answers without errors (mutations: their success
type). A new operation must be added here: the first test fails until it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse
from sqlalchemy import select

from teamgraph.accounts.models import Account, Contact
from teamgraph.api.core.ids import to_global_id
from teamgraph.auth.models import ApiToken
from teamgraph.catalogue.models import Skill
from teamgraph.db import unit_of_work
from teamgraph.people.models import Person
from teamgraph.plans.models import Plan, Task
from tests.api.graphql import OPERATIONS, Api, published_document, subscribe


class Demo:
    """Ids of demo objects, looked up by name, as a front-end would hold them."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.proposals: list[str] = []
        self.time_off: list[str] = []
        self.jobs: list[str] = []

    def one(self, model: Any, column: Any, value: str) -> str:
        with unit_of_work(self.api.sessions) as session:
            pk = session.scalars(select(model.id).where(column == value)).one()
        return str(to_global_id(model.__name__, pk))

    def plan(self) -> str:
        return self.one(Plan, Plan.name, "FY27 claims transformation")

    def contact(self, account: str, name: str) -> str:
        with unit_of_work(self.api.sessions) as session:
            pk = session.scalars(
                select(Contact.id)
                .join(Account, Account.id == Contact.account_id)
                .where(Account.name == account, Contact.name == name)
            ).one()
        return str(to_global_id("Contact", pk))

    def account(self) -> str:
        return self.one(Account, Account.name, "Northwind Health")

    def task(self) -> str:
        with unit_of_work(self.api.sessions) as session:
            pk = session.scalars(
                select(Task.id)
                .join(Plan, Plan.id == Task.plan_id)
                .where(Plan.name == "FY27 claims transformation", Task.status == "open")
                .order_by(Task.id)
            ).first()
        return str(to_global_id("Task", pk or 0))

    def spare_token(self) -> str:
        """The global id of a token made to be revoked."""
        self.api.token("viewer")
        with unit_of_work(self.api.sessions) as session:
            pk = session.scalars(select(ApiToken.id).order_by(ApiToken.id.desc())).first()
        return str(to_global_id("ApiToken", pk or 0))

    def kam_token(self) -> str:
        with unit_of_work(self.api.sessions) as session:
            email = session.scalars(
                select(Person.email)
                .join(Account, Account.kam_id == Person.id)
                .where(Account.name == "Northwind Health")
            ).one()
        return self.api.token("kam_lead", email)


Variables = Callable[[Demo], dict[str, Any]]

# (file, operation) -> (role: viewer | hr_admin | kam, variables). Order matters: later
# operations use what earlier ones made (proposals).
CASES: dict[tuple[str, str], tuple[str, Variables]] = {
    ("browse-people", "BrowsePeople"): ("viewer", lambda d: {"first": 5}),
    ("browse-people", "PeopleWithSkills"): (
        "viewer",
        lambda d: {"first": 5, "filter": {"skill": "Negotiation", "minLevel": 3}},
    ),
    ("maintain-catalogue", "SkillTree"): ("viewer", lambda d: {}),
    ("maintain-catalogue", "SearchSkills"): ("viewer", lambda d: {"search": "neg"}),
    ("maintain-catalogue", "SetProficiency"): (
        "hr_admin",
        lambda d: {
            "input": {
                "personId": d.one(Person, Person.email, "amara.okafor@ledgerline.example"),
                "skillId": d.one(Skill, Skill.name, "Negotiation"),
                "level": 5,
            }
        },
    ),
    ("maintain-catalogue", "ImportSkillsMatrix"): (
        "hr_admin",
        lambda d: {
            "input": {
                "csv": "person,skill,level\namara.okafor@ledgerline.example,SQL,2\n",
                "dryRun": True,
            }
        },
    ),
    ("maintain-catalogue", "MergeSkills"): (
        "hr_admin",
        lambda d: {
            "input": {
                "from": d.one(Skill, Skill.name, "Storytelling"),
                "into": d.one(Skill, Skill.name, "Executive communication"),
            }
        },
    ),
    ("maintain-catalogue", "SkillRetirementImpact"): (
        "viewer",
        lambda d: {"skill": d.one(Skill, Skill.name, "Contract negotiation")},
    ),
    ("maintain-catalogue", "RetireSkill"): (
        "hr_admin",
        lambda d: {
            "input": {
                "skillId": d.one(Skill, Skill.name, "Partner management"),
                "replacedById": d.one(Skill, Skill.name, "Negotiation"),
            }
        },
    ),
    ("maintain-catalogue", "RestoreSkill"): (
        "hr_admin",
        lambda d: {"input": {"skillId": d.one(Skill, Skill.name, "Partner management")}},
    ),
    ("keep-time-off", "PersonTimeOff"): (
        "hr_admin",
        lambda d: {"person": d.one(Person, Person.email, "hugo.moreau@ledgerline.example")},
    ),
    ("keep-time-off", "AddTimeOff"): (
        "hr_admin",
        lambda d: {
            "input": {
                "personId": d.one(Person, Person.email, "hugo.moreau@ledgerline.example"),
                "startDate": "2030-04-01",
                "endDate": "2030-04-05",
                "reason": "holiday",
            }
        },
    ),
    ("keep-time-off", "RemoveTimeOff"): (
        "hr_admin",
        lambda d: {"input": {"timeOffId": d.time_off[0]}},
    ),
    ("keep-time-off", "ImportTimeOff"): (
        "hr_admin",
        lambda d: {
            "input": {
                "csv": "person;start;end\nhugo.moreau@ledgerline.example;2030-05-01;2030-05-02\n"
            }
        },
    ),
    ("manage-tokens", "ApiTokens"): ("hr_admin", lambda d: {"first": 10}),
    ("manage-tokens", "RevokeToken"): (
        "hr_admin",
        lambda d: {"input": {"tokenId": d.spare_token()}},
    ),
    ("plan-and-accounts", "AccountWithContacts"): ("viewer", lambda d: {"id": d.account()}),
    ("plan-and-accounts", "PlanOverview"): ("viewer", lambda d: {"id": d.plan()}),
    ("plan-and-accounts", "CreateTask"): (
        "kam",
        lambda d: {
            "input": {"planId": d.plan(), "kind": "PITCH", "title": "Demo pitch", "effortHours": 4}
        },
    ),
    ("plan-and-accounts", "Assign"): (
        "kam",
        lambda d: {
            "input": {
                "taskId": d.task(),
                "personId": d.one(Person, Person.email, "amara.okafor@ledgerline.example"),
            }
        },
    ),
    ("review-coverage", "AccountsAtAGlance"): ("viewer", lambda d: {"tier": "STRATEGIC"}),
    ("review-coverage", "AccountCoverage"): ("viewer", lambda d: {"account": d.account()}),
    ("review-coverage", "IntroductionPaths"): (
        "viewer",
        lambda d: {
            "contact": d.contact("Northwind Health", "Zoe Bernard"),
            "from": d.one(Person, Person.email, "amara.okafor@ledgerline.example"),
        },
    ),
    ("review-coverage", "TalentMap"): ("viewer", lambda d: {}),
    ("review-coverage", "CoverageGraphColumns"): ("viewer", lambda d: {"account": d.account()}),
    ("find-candidates", "FindCandidates"): ("viewer", lambda d: {"task": d.task()}),
    ("staff-a-plan", "PlanToStaff"): ("viewer", lambda d: {"plan": d.plan()}),
    ("staff-a-plan", "AssembleTeam"): ("kam", lambda d: {"plan": d.plan(), "timeLimit": 3}),
    ("staff-a-plan", "ProposalToReview"): ("viewer", lambda d: {"id": d.proposals[0]}),
    ("staff-a-plan", "CompareProposals"): (
        "viewer",
        lambda d: {"a": d.proposals[0], "b": d.proposals[0]},
    ),
    ("staff-a-plan", "WhyNot"): (
        "viewer",
        lambda d: {
            "person": d.one(Person, Person.email, "amara.okafor@ledgerline.example"),
            "task": d.task(),
            "proposal": d.proposals[0],
            "timeLimit": 2,
        },
    ),
    ("staff-a-plan", "AcceptProposal"): (
        "kam",
        lambda d: {"proposal": d.proposals[0], "confirmRemovals": True},
    ),
    ("staff-a-plan", "WhatIfTheyLeave"): (
        "kam",
        lambda d: {
            "plan": d.plan(),
            "people": [d.one(Person, Person.email, "amara.okafor@ledgerline.example")],
        },
    ),
    ("staff-a-plan", "DiscardProposal"): ("kam", lambda d: {"proposal": d.proposals[-1]}),
    ("follow-a-solve", "StartAssembly"): ("kam", lambda d: {"plan": d.plan(), "timeLimit": 2}),
    ("follow-a-solve", "CancelSolveJob"): ("kam", lambda d: {"job": d.jobs[0]}),
    ("follow-a-solve", "WhatIfScenarios"): (
        "kam",
        lambda d: {
            "plan": d.plan(),
            "scenarios": [[d.one(Person, Person.email, "priya.nair@ledgerline.example")]],
        },
    ),
    ("follow-a-solve", "FollowSolveJob"): ("kam", lambda d: {"job": d.jobs[-1]}),
    ("follow-a-solve", "SolveJobStatus"): ("kam", lambda d: {"job": d.jobs[-1]}),
}


def published() -> list[tuple[str, str]]:
    found = []
    for path in sorted(OPERATIONS.glob("*.graphql")):
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.name:
                found.append((path.stem, definition.name.value))
    return found


def test_every_published_operation_has_a_case() -> None:
    assert sorted(published()) == sorted(CASES)


def test_published_operations_run_on_the_demo_seeds(demo: Api) -> None:
    world = Demo(demo)
    kam = world.kam_token()
    for (file, name), (role, variables) in CASES.items():
        token = kam if role == "kam" else demo.tokens[role]
        if name == "FollowSolveJob":  # a subscription: over the websocket, to the job's end
            events = subscribe(
                demo.client,
                published_document(file),
                variables(world),
                token=token,
                operation_name=name,
            )
            assert all("errors" not in e for e in events), events
            assert events[-1]["data"]["solveJob"]["status"] == "SUCCEEDED", events[-1]
            continue
        response = demo.client.post(
            "/graphql",
            json={
                "query": published_document(file),
                "operationName": name,
                "variables": variables(world),
            },
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, (name, response.text)
        body = response.json()
        assert "errors" not in body, (name, body["errors"])
        (field,) = body["data"].values()
        if isinstance(field, dict) and "__typename" in field:
            assert field["__typename"].endswith("Success"), (name, field)
        if name in ("AssembleTeam", "WhatIfTheyLeave"):
            world.proposals.append(field["proposal"]["id"])
        if name == "StartAssembly":
            world.jobs.append(field["job"]["id"])
        if name == "WhatIfScenarios":
            world.jobs.append(field["jobs"][0]["id"])
        if name == "AddTimeOff":
            world.time_off.append(field["timeOff"]["id"])


@pytest.mark.parametrize("file", sorted(p.stem for p in OPERATIONS.glob("*.graphql")))
def test_operation_files_are_named_for_their_use_case(file: str) -> None:
    assert file == file.lower() and "_" not in file and " " not in file
