"""The requests bench/soak.py sends: the published operations (schema/operations/*.graphql) as
the role that would send each, writes that can repeat without end, and inputs the server must
refuse. Each action says whether it should succeed or be refused, so the soak tells a refusal
it asked for from one it did not.

`World` holds the ids the actions draw from: looked up in the store before the run, and kept
up to date with what the writes create (tasks, time off, proposals), within bounds.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account, Contact
from teamgraph.api.core.ids import to_global_id
from teamgraph.catalogue.models import Skill, SkillStatus
from teamgraph.people.models import Person
from teamgraph.plans.models import Plan, Task, TaskSkill

OPERATIONS = Path(__file__).resolve().parents[1] / "schema" / "operations"
PLAN_NAME = "FY27 claims transformation"  # the demo plan of the KAM lead's token (Amara)
KAM_ACCOUNT = "Northwind Health"
KEPT = 50  # ids remembered of what the writes create; older ones are cleaned up or forgotten
SOLVE_SECONDS = 1.0  # the solver's time limit in the soak's solves


@dataclass
class World:
    tokens: dict[str, str]  # role -> token
    amara: str
    plan: str
    account: str
    accounts: list[str]
    contacts: list[str]  # the KAM lead's account's
    people: list[str]
    emails: list[str]  # people HR's skills matrix names (generated ones)
    skills: list[tuple[str, str]]  # (id, name), active
    spare_skill: str  # the one retired and restored, again and again (not in `skills`)
    tasks: list[str]  # the KAM lead's plan's tasks (open when the run starts)
    foreign_task: str  # a task of a plan the KAM lead may not write to
    created_tasks: deque[str] = field(default_factory=lambda: deque(maxlen=KEPT))
    time_off: deque[str] = field(default_factory=lambda: deque(maxlen=KEPT))
    proposals: deque[str] = field(default_factory=lambda: deque(maxlen=KEPT))


def load_world(session: Session, tokens: dict[str, str]) -> World:
    def gid(model: type, pk: int) -> str:
        return str(to_global_id(model.__name__, pk))

    plan = session.execute(select(Plan.id, Plan.account_id).where(Plan.name == PLAN_NAME)).one()
    amara = session.scalar(select(Account.kam_id).where(Account.id == plan.account_id))
    assert amara is not None
    foreign = session.scalar(
        select(Task.id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Plan.account_id != plan.account_id)
    )
    assert foreign is not None
    people = session.execute(select(Person.id, Person.email).order_by(Person.id)).all()
    needed = select(TaskSkill.skill_id)
    skills = [
        (gid(Skill, row.id), row.name)
        for row in session.execute(
            select(Skill.id, Skill.name)
            .where(Skill.status == SkillStatus.ACTIVE)
            .order_by(Skill.id.in_(needed).desc(), Skill.id)  # the spare (last): no task's
        )
    ]
    return World(
        tokens=tokens,
        amara=gid(Person, amara),
        plan=gid(Plan, plan.id),
        account=gid(Account, plan.account_id),
        accounts=[gid(Account, pk) for pk in session.scalars(select(Account.id))],
        contacts=[
            gid(Contact, pk)
            for pk in session.scalars(
                select(Contact.id).where(Contact.account_id == plan.account_id)
            )
        ],
        people=[gid(Person, row.id) for row in people[:400]],
        emails=[row.email for row in people if "ledgerline" not in row.email][:400],
        skills=skills[:-1],
        spare_skill=skills[-1][0],
        tasks=[
            gid(Task, pk)
            for pk in session.scalars(
                select(Task.id).where(Task.plan_id == plan.id, Task.status == "open")
            )
        ],
        foreign_task=gid(Task, foreign),
    )


Variables = Callable[[World, random.Random], dict[str, Any]]


@dataclass(frozen=True)
class Action:
    """One kind of request. `expect`: "ok" (data, no error), "refused" (an error with a code, or a
    mutation's typed error) or "either" (a write that may meet what another client did)."""

    name: str
    role: str  # viewer | kam_lead | hr_admin | none (no token)
    query: str
    variables: Variables
    weight: int
    expect: str = "ok"
    operation: str | None = None
    method: str = "POST"
    remember: Callable[[World, dict[str, Any]], None] | None = None


def published(file: str) -> str:
    return (OPERATIONS / f"{file}.graphql").read_text(encoding="utf-8")


def _op(file: str, name: str, role: str, variables: Variables, weight: int, **kw: Any) -> Action:
    return Action(name, role, published(file), variables, weight, operation=name, **kw)


def _pick(items: list[str] | deque[str], rng: random.Random) -> str:
    return rng.choice(list(items))


def _skill(world: World, rng: random.Random) -> tuple[str, str]:
    return rng.choice(world.skills)


UPDATE_TASK = """
mutation UpdateTask($input: UpdateTaskInput!) {
  updateTask(input: $input) {
    __typename
    ... on UpdateTaskSuccess { task { id title effortHours status } plan { id version } }
    ... on Error { message field code }
  }
}"""
UPSERT_RELATIONSHIP = """
mutation UpsertRelationship($input: UpsertRelationshipInput!) {
  upsertRelationship(input: $input) {
    __typename
    ... on Error { message field code }
  }
}"""
RECORD_INTERACTION = """
mutation RecordInteraction($input: RecordInteractionInput!) {
  recordInteraction(input: $input) {
    __typename
    ... on Error { message field code }
  }
}"""


def _deep_query(levels: int) -> str:
    inner = "id"
    for _ in range(levels):
        inner = f"id children {{ {inner} }}"
    return f"query TooDeep {{ skillTree {{ {inner} }} }}"


def _remember(path: tuple[str, ...], into: str) -> Callable[[World, dict[str, Any]], None]:
    """Keep the id at `path` of a successful mutation's data in `world.<into>`."""

    def keep(world: World, data: dict[str, Any]) -> None:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str):
            getattr(world, into).append(value)

    return keep


def _cancel_created(world: World, rng: random.Random) -> dict[str, Any]:
    task = world.created_tasks.popleft() if world.created_tasks else _pick(world.tasks, rng)
    status = "CANCELLED" if task not in world.tasks else "OPEN"
    return {"input": {"taskId": task, "status": status}}


def _remove_time_off(world: World, rng: random.Random) -> dict[str, Any]:
    # An id already removed (another client's, or merged away) is NOT_FOUND: "either".
    period = world.time_off.popleft() if world.time_off else "VGltZU9mZjo5OTk5OTk5"
    return {"input": {"timeOffId": period}}


def _skills_matrix(world: World, rng: random.Random) -> dict[str, Any]:
    rows = [
        f"{rng.choice(world.emails)},{_skill(world, rng)[1]},{rng.randint(1, 5)}" for _ in range(3)
    ]
    return {"input": {"csv": "person,skill,level\n" + "\n".join(rows) + "\n"}}


def _time_off(world: World, rng: random.Random) -> dict[str, Any]:
    day = rng.randint(1, 20)
    return {
        "input": {
            "personId": _pick(world.people, rng),
            "startDate": f"2031-{rng.randint(1, 12):02d}-{day:02d}",
            "endDate": f"2031-12-{day + rng.randint(0, 8):02d}",
            "reason": "soak",
        }
    }


def mix() -> list[Action]:
    """The weighted mix the clients draw from (the solves run on their own cadence)."""
    reads = [
        _op("browse-people", "BrowsePeople", "viewer", lambda w, r: {"first": 20}, 8),
        _op(
            "browse-people",
            "PeopleWithSkills",
            "hr_admin",
            lambda w, r: {"first": 20, "filter": {"skill": _skill(w, r)[1], "minLevel": 3}},
            6,
        ),
        _op("maintain-catalogue", "SkillTree", "viewer", lambda w, r: {}, 3),
        _op(
            "maintain-catalogue",
            "SearchSkills",
            "viewer",
            lambda w, r: {"search": _skill(w, r)[1][: r.randint(1, 4)]},
            8,
        ),
        _op(
            "maintain-catalogue",
            "SkillRetirementImpact",
            "viewer",
            lambda w, r: {"skill": _skill(w, r)[0]},
            2,
        ),
        _op(
            "keep-time-off",
            "PersonTimeOff",
            "hr_admin",
            lambda w, r: {"person": _pick(w.people, r)},
            3,
        ),
        _op("manage-tokens", "ApiTokens", "hr_admin", lambda w, r: {"first": 10}, 2),
        _op(
            "plan-and-accounts",
            "AccountWithContacts",
            "viewer",
            lambda w, r: {"id": _pick(w.accounts, r), "first": 20},
            5,
        ),
        _op("plan-and-accounts", "PlanOverview", "kam_lead", lambda w, r: {"id": w.plan}, 5),
        _op("review-coverage", "AccountsAtAGlance", "viewer", lambda w, r: {"first": 20}, 2),
        _op(
            "review-coverage",
            "AccountCoverage",
            "kam_lead",
            lambda w, r: {"account": _pick(w.accounts, r)},
            5,
        ),
        _op(
            "review-coverage",
            "CoverageGraphColumns",
            "viewer",
            lambda w, r: {"account": _pick(w.accounts, r)},
            3,
        ),
        _op(
            "review-coverage",
            "IntroductionPaths",
            "kam_lead",
            lambda w, r: {"contact": _pick(w.contacts, r), "from": w.amara},
            3,
        ),
        _op("review-coverage", "TalentMap", "viewer", lambda w, r: {}, 1),
        _op(
            "find-candidates",
            "FindCandidates",
            "kam_lead",
            lambda w, r: {"task": _pick(w.tasks, r), "first": 5},
            3,
        ),
        _op("staff-a-plan", "PlanToStaff", "kam_lead", lambda w, r: {"plan": w.plan}, 3),
        _op(
            "staff-a-plan",
            "CompareProposals",
            "viewer",
            lambda w, r: (
                {"a": _pick(w.proposals, r), "b": _pick(w.proposals, r)}
                if w.proposals
                else {"a": w.plan, "b": w.plan}
            ),
            1,
            expect="either",  # before the first solve there is nothing to compare
        ),
        _op(
            "staff-a-plan",
            "ProposalToReview",
            "viewer",
            lambda w, r: {"id": _pick(w.proposals, r) if w.proposals else w.plan},
            2,
        ),
    ]
    writes = [
        Action(
            "UpdateTask",
            "kam_lead",
            UPDATE_TASK,
            lambda w, r: {
                "input": {"taskId": _pick(w.tasks, r), "effortHours": float(r.randint(4, 40))}
            },
            4,
            operation="UpdateTask",
        ),
        Action(
            "UpsertRelationship",
            "kam_lead",
            UPSERT_RELATIONSHIP,
            lambda w, r: {
                "input": {
                    "personId": w.amara,
                    "contactId": _pick(w.contacts, r),
                    "strength": round(r.uniform(0.2, 1.0), 2),
                }
            },
            3,
            operation="UpsertRelationship",
        ),
        Action(
            "RecordInteraction",
            "kam_lead",
            RECORD_INTERACTION,
            lambda w, r: {
                "input": {
                    "accountId": w.account,
                    "date": f"2026-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}",
                    "kind": "MEETING",
                    "personIds": [w.amara],
                    "contactIds": [_pick(w.contacts, r)],
                }
            },
            2,
            operation="RecordInteraction",
        ),
        _op(
            "plan-and-accounts",
            "CreateTask",
            "kam_lead",
            lambda w, r: {
                "input": {
                    "planId": w.plan,
                    "kind": "RESEARCH",
                    "title": f"Soak task {r.randint(1, 10**6)}",
                    "effortHours": float(r.randint(2, 16)),
                }
            },
            2,
            remember=_remember(("createTask", "task", "id"), "created_tasks"),
        ),
        Action(
            "CancelTask",
            "kam_lead",
            UPDATE_TASK,
            _cancel_created,
            2,
            operation="UpdateTask",
        ),
        _op(
            "plan-and-accounts",
            "Assign",
            "kam_lead",
            lambda w, r: {"input": {"taskId": _pick(w.tasks, r), "personId": _pick(w.people, r)}},
            2,
            expect="either",  # the person may be on it already, or not have the time
        ),
        _op(
            "keep-time-off",
            "AddTimeOff",
            "hr_admin",
            _time_off,
            2,
            remember=_remember(("addTimeOff", "timeOff", "id"), "time_off"),
        ),
        _op("keep-time-off", "RemoveTimeOff", "hr_admin", _remove_time_off, 2, expect="either"),
        _op(
            "maintain-catalogue",
            "SetProficiency",
            "hr_admin",
            lambda w, r: {
                "input": {
                    "personId": _pick(w.people, r),
                    "skillId": _skill(w, r)[0],
                    "level": r.randint(1, 5),
                }
            },
            3,
        ),
        _op("maintain-catalogue", "ImportSkillsMatrix", "hr_admin", _skills_matrix, 1),
        _op(
            "keep-time-off",
            "ImportTimeOff",
            "hr_admin",
            lambda w, r: {
                "input": {
                    "csv": f"person;start;end\n{r.choice(w.emails)};2032-0{r.randint(1, 9)}-01;"
                    f"2032-0{r.randint(1, 9)}-0{r.randint(2, 9)}\n"
                }
            },
            1,
            expect="either",  # the end may fall before the start: that file is refused
        ),
        # One skill retired and restored; concurrent clients may do either twice: "either".
        _op(
            "maintain-catalogue",
            "RetireSkill",
            "hr_admin",
            lambda w, r: {"input": {"skillId": w.spare_skill}},
            1,
            expect="either",
        ),
        _op(
            "maintain-catalogue",
            "RestoreSkill",
            "hr_admin",
            lambda w, r: {"input": {"skillId": w.spare_skill}},
            1,
            expect="either",
        ),
    ]
    refused = [
        _op(
            "maintain-catalogue",
            "SetProficiency",
            "viewer",
            lambda w, r: {"input": {"personId": w.amara, "skillId": _skill(w, r)[0], "level": 3}},
            1,
            expect="refused",
        ),
        Action(
            "UpdateForeignTask",
            "kam_lead",
            UPDATE_TASK,
            lambda w, r: {"input": {"taskId": w.foreign_task, "effortHours": 5.0}},
            1,
            expect="refused",
            operation="UpdateTask",
        ),
        _op(
            "browse-people",
            "BrowsePeople",
            "viewer",
            lambda w, r: {"first": 1000},
            1,
            expect="refused",
        ),
        _op(
            "manage-tokens",
            "RevokeToken",
            "viewer",
            lambda w, r: {"input": {"tokenId": "QXBpVG9rZW46MQ=="}},
            1,
            expect="refused",
        ),
        _op(
            "maintain-catalogue",
            "MergeSkills",
            "hr_admin",
            lambda w, r: {"input": {"from": w.spare_skill, "into": w.spare_skill}},
            1,
            expect="refused",
        ),
        _op(
            "find-candidates",
            "FindCandidates",
            "viewer",
            lambda w, r: {"task": f"no-such-task-{r.randint(1, 999)}"},
            1,
            expect="refused",
        ),
        _op(
            "maintain-catalogue",
            "SearchSkills",
            "viewer",
            lambda w, r: {"search": "ne\u0000g"},
            1,
            expect="refused",
        ),
        _op(
            "keep-time-off",
            "AddTimeOff",
            "hr_admin",
            lambda w, r: {
                "input": {"personId": w.amara, "startDate": "2031-05-02", "endDate": "2031-05-01"}
            },
            1,
            expect="refused",
        ),
        Action("TooDeep", "viewer", _deep_query(12), lambda w, r: {}, 1, "refused"),
        Action("ParseError", "viewer", "query { people(first: ", lambda w, r: {}, 1, "refused"),
        Action(
            "UnknownField",
            "viewer",
            "query { people(first: 1) { edges { node { salary } } } }",
            lambda w, r: {},
            1,
            expect="refused",
        ),
        Action("NoToken", "none", "query { __typename }", lambda w, r: {}, 1, "refused"),
        _op(
            "staff-a-plan",
            "DiscardProposal",
            "kam_lead",
            lambda w, r: {"proposal": "UHJvcG9zYWw6MQ=="},
            1,
            expect="either",
            method="GET",  # a mutation over GET: 405
        ),
    ]
    return reads + writes + refused


def invented_names(world: World, rng: random.Random) -> Action:
    """A request under a name never seen before, and a query text never seen before: neither
    may leave anything behind in the server (metrics labels, parse and validation caches)."""
    n = rng.randint(1, 10**9)
    return Action(
        "InventedName",
        "viewer",
        f"query Made{n} {{ people(first: {n % 50 + 1}) {{ totalCount }} }}",
        lambda w, r: {},
        0,
        operation=f"Made{n}",
    )


SOLVES: list[Action] = [
    _op(
        "staff-a-plan",
        "AssembleTeam",
        "kam_lead",
        lambda w, r: {"plan": w.plan, "timeLimit": SOLVE_SECONDS},
        0,
        remember=_remember(("assembleTeam", "proposal", "id"), "proposals"),
    ),
    _op(
        "staff-a-plan",
        "WhyNot",
        "viewer",
        lambda w, r: {
            "person": _pick(w.people, r),
            "task": _pick(w.tasks, r),
            "timeLimit": SOLVE_SECONDS,
        },
        0,
    ),
    _op(
        "staff-a-plan",
        "DiscardProposal",
        "kam_lead",
        lambda w, r: {"proposal": w.proposals.popleft() if w.proposals else w.plan},
        0,
        expect="either",
    ),
    _op(
        "staff-a-plan",
        "WhatIfTheyLeave",
        "kam_lead",
        lambda w, r: {"plan": w.plan, "people": [_pick(w.people, r)]},
        0,
        expect="either",
    ),
    _op(
        "staff-a-plan",
        "AssembleTeam",
        "kam_lead",
        lambda w, r: {"plan": w.plan, "timeLimit": SOLVE_SECONDS},
        0,
        remember=_remember(("assembleTeam", "proposal", "id"), "proposals"),
    ),
    _op(
        "staff-a-plan",
        "AcceptProposal",
        "kam_lead",
        lambda w, r: {
            "proposal": w.proposals.pop() if w.proposals else w.plan,
            "confirmRemovals": True,
        },
        0,
        expect="either",  # a proposal that no longer fits the plan is refused
    ),
]
"""On their own cadence, in this order, round and round: assemble (a proposal), why not,
discard the proposal, what if someone leaves, assemble and accept."""
