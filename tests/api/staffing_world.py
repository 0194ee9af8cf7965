"""A small staffing world the accept and review tests build on the module's app: an account
whose KAM has a token, people with skills of their own (fresh names, so other worlds' people
never qualify), and an empty plan of three tasks; plus the GraphQL those tests send."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from teamgraph.db import unit_of_work
from teamgraph.people.service import set_proficiency
from teamgraph.plans.tasks import SkillNeed, create_task
from tests import factories
from tests.api.graphql import Api, gid

_serial = itertools.count(1)

# Who holds what (level): Ana and Ben negotiate, Cal, Dee and Eve research, Fay knows contract
# law (and a little negotiation); Kam leads the account and holds nothing the tasks need.
HOLDINGS = {
    "ana": {"negotiation": 5},
    "ben": {"negotiation": 3},
    "cal": {"research": 4},
    "dee": {"research": 3},
    "eve": {"research": 5, "pricing": 3},
    "fay": {"contract_law": 5, "negotiation": 2},
}


@dataclass
class StaffingWorld:
    n: int
    plan: str
    account: str
    people: dict[str, str]  # short name -> global id
    names: dict[str, str]  # short name -> full name
    skills: dict[str, str]  # skill key -> global id
    tasks: dict[str, str]  # negotiate, research, support -> global id
    pks: dict[str, int]
    token: str  # the account KAM's kam_lead token

    def who(self, person_id: str) -> str:
        """The short name behind a person's global id."""
        return next(k for k, v in self.people.items() if v == person_id)

    def what(self, task_id: str) -> str:
        return next(k for k, v in self.tasks.items() if v == task_id)


def make_staffing_world(api: Api) -> StaffingWorld:
    n = next(_serial)
    with unit_of_work(api.sessions) as s:
        skills = {
            key: factories.skill(s, f"{key.replace('_', ' ').title()} S{n}")
            for key in ("negotiation", "research", "contract_law", "pricing")
        }
        kam = factories.person(s, name=f"Kam S{n}", email=f"kam.s{n}@example.com")
        people = {"kam": kam}
        for short, holds in HOLDINGS.items():
            person = factories.person(
                s, name=f"{short.title()} S{n}", email=f"{short}.s{n}@example.com"
            )
            people[short] = person
            for key, level in holds.items():
                set_proficiency(s, person_id=person.id, skill_id=skills[key].id, level=level)
        account = factories.account(s, name=f"Staffed S{n}", kam_id=kam.id)
        plan = factories.plan(s, account.id, name=f"Staffing plan S{n}")
        tasks = {
            "negotiate": create_task(
                s,
                plan_id=plan.id,
                kind="negotiation",
                title=f"Negotiate terms S{n}",
                effort_hours=8,
                skills=[
                    SkillNeed(skills["negotiation"].id, 3, mandatory=True),
                    SkillNeed(skills["pricing"].id, 2),
                ],
            ),
            "research": create_task(
                s,
                plan_id=plan.id,
                kind="research",
                title=f"Research the market S{n}",
                effort_hours=8,
                headcount_max=2,
                skills=[SkillNeed(skills["research"].id, 3)],
            ),
            "support": create_task(
                s,
                plan_id=plan.id,
                kind="support",
                title=f"Support the rollout S{n}",
                effort_hours=8,
                headcount_max=2,
                skills=[SkillNeed(skills["research"].id, 3)],
            ),
        }
        pks = {f"person:{k}": p.id for k, p in people.items()}
        pks.update({f"task:{k}": t.id for k, t in tasks.items()})
        pks.update({f"skill:{k}": sk.id for k, sk in skills.items()})
        pks.update(plan=plan.id, account=account.id)
        world = StaffingWorld(
            n=n,
            plan=gid("Plan", plan.id),
            account=gid("Account", account.id),
            people={k: gid("Person", p.id) for k, p in people.items()},
            names={k: p.name for k, p in people.items()},
            skills={k: gid("Skill", sk.id) for k, sk in skills.items()},
            tasks={k: gid("Task", t.id) for k, t in tasks.items()},
            pks=pks,
            token="",
        )
        kam_email = kam.email
    world.token = api.token("kam_lead", kam_email)
    return world


# --- the GraphQL the tests send -----------------------------------------------------------

ERRORS = "... on Error { message field code }"
PROPOSAL = """
  id status solverStatus objective
  objectiveTerms { term points }
  assignments { person { id } task { id } }
  additions { role source person { id } task { id } }
  removals { role source person { id } task { id } }
"""
ASSEMBLE = f"""
mutation($input: AssembleTeamInput!) {{
  assembleTeam(input: $input) {{
    __typename {ERRORS} ... on AssembleTeamSuccess {{ proposal {{ {PROPOSAL} }} }}
  }}
}}
"""
ACCEPT = f"""
mutation($input: AcceptProposalInput!) {{
  acceptProposal(input: $input) {{
    __typename {ERRORS}
    ... on AcceptProposalSuccess {{
      proposal {{ id status }}
      assignments {{ role source pinned person {{ id }} task {{ id }} }}
    }}
  }}
}}
"""
DISCARD = f"""
mutation($input: DiscardProposalInput!) {{
  discardProposal(input: $input) {{
    __typename {ERRORS} ... on DiscardProposalSuccess {{ proposal {{ id status }} }}
  }}
}}
"""
UPDATE_TASK = f"""
mutation($input: UpdateTaskInput!) {{
  updateTask(input: $input) {{ __typename {ERRORS} }}
}}
"""
ASSIGN = f"""
mutation($input: AssignInput!) {{ assign(input: $input) {{ __typename {ERRORS} }} }}
"""
TEAM = """
query($plan: ID!) {
  plan(id: $plan) {
    tasks(first: 10) { edges { node { id assignments { role source person { id } } } } }
    proposals { id status }
  }
}
"""
WHY_NOT = """
query($person: ID!, $task: ID!, $proposal: ID) {
  whyNot(person: $person, task: $task, proposal: $proposal, timeLimit: 5) {
    eligible blockedBy chosen objective objectiveWith cost solverStatus explanation
    termChanges { term points }
    moves { change person { id } task { id } }
  }
}
"""


def assemble(api: Api, world: StaffingWorld, **input: Any) -> dict[str, Any]:
    """A new proposal for the world's plan (fails the test unless it is one)."""
    got = api.data(
        ASSEMBLE,
        {"input": {"planId": world.plan, "timeLimit": 10, "wait": True, **input}},
        as_token=world.token,
    )["assembleTeam"]
    assert got["__typename"] == "AssembleTeamSuccess", got
    proposal: dict[str, Any] = got["proposal"]
    assert proposal["solverStatus"] == "OPTIMAL", proposal
    return proposal


def accept(api: Api, world: StaffingWorld, proposal: str, **input: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.data(
        ACCEPT, {"input": {"proposalId": proposal, **input}}, as_token=world.token
    )["acceptProposal"]
    return result


def edit_task(api: Api, world: StaffingWorld, task: str, **fields: Any) -> None:
    got = api.data(
        UPDATE_TASK, {"input": {"taskId": world.tasks[task], **fields}}, as_token=world.token
    )["updateTask"]
    assert got["__typename"] == "UpdateTaskSuccess", got


def team(api: Api, world: StaffingWorld) -> set[tuple[str, str, str, str]]:
    """The plan's current team as (person, task, role, source), in short names."""
    plan = api.data(TEAM, {"plan": world.plan})["plan"]
    return {
        (world.who(a["person"]["id"]), world.what(edge["node"]["id"]), a["role"], a["source"])
        for edge in plan["tasks"]["edges"]
        for a in edge["node"]["assignments"]
    }


def statuses(api: Api, world: StaffingWorld) -> dict[str, str]:
    return {p["id"]: p["status"] for p in api.data(TEAM, {"plan": world.plan})["plan"]["proposals"]}


def pairs(world: StaffingWorld, listed: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(person, task) in short names, from a list of objects with person and task ids."""
    return {(world.who(x["person"]["id"]), world.what(x["task"]["id"])) for x in listed}
