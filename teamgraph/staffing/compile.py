"""From the store to a `teamgraph-staffing/1` problem (see shared/design/PROBLEM_FORMAT.md).

The plan's open and in-progress tasks become the problem's tasks; candidates are the active
people who hold one of their skills (or everyone, when a task names no skill), plus whoever is
pinned or already assigned. Hours are counted over the plan's period by teamgraph.plans.capacity:

- capacity = weekly capacity x (days of the period not on time off) / 7;
- current_load = the share of the person's other plans' open or in-progress tasks' effort that
  falls in the period (each task's effort spread evenly over its window).

Which pairs the solver may choose is teamgraph.staffing.eligibility's rule: a pair the solver's
own rules (skills, conflicts, capacity) would admit but the rule refuses (an inactive person, no
room in the task's window) goes in as `forbidden`; a pinned pair never does (the solver says
why a pin cannot be honoured).

Kept assignments are pinned (`_pins`): pinned ones, the assignees of in-progress tasks and
manual assignments, unless the request releases them; the current team goes in as `current`,
every change to it costing `stability` points (DEFAULT_STABILITY unless the request says).

Relationships go in with their effective (decayed) strength, and only those strong enough to
count as threads, so the solver's coverage term and the network analytics agree on what a
thread is. Ids are prefixed (`p12`, `t7`, `c3`, `s40`, `a2`) so an exported problem reads on
its own and maps back to the store.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Contact, Relationship
from teamgraph.config import Settings
from teamgraph.errors import DomainError
from teamgraph.network.strength import effective_strength
from teamgraph.people.models import Person, Proficiency
from teamgraph.plans.models import (
    OPEN_TASK_STATUSES,
    Assignment,
    AssignmentSource,
    Plan,
    Task,
    TaskContact,
    TaskSkill,
    TaskStatus,
)
from teamgraph.rows import get_row
from teamgraph.staffing.eligibility import StaffingFacts, gather

PROBLEM_FORMAT = "teamgraph-staffing/1"
DECISION_ROLES = ("decision_maker", "economic_buyer")
# Re-planning keeps the current team unless there is a reason to change it: each change to it
# (a person taken off a task, or put on one) costs this many points, half a perfect skill
# match. So nobody is moved for a replacement less than 10 points better, and a task's optional
# extra hand (above its minimum) must bring more than 5 points.
DEFAULT_STABILITY = 5.0


@dataclass(frozen=True)
class StaffingOptions:
    """What the KAM lead may tune for one solve."""

    time_limit: float = 10.0
    workers: int = 2
    seed: int = 0
    weights: dict[str, float] = field(default_factory=dict)
    # What-if: solve as if these people had left.
    remove_people: frozenset[int] = frozenset()
    # Re-planning: cost of each change to the current assignment (0 = re-plan freely).
    stability: float = DEFAULT_STABILITY
    # (person, task) assignments the KAM lead lets the solver move although they are kept:
    # the assignees of in-progress tasks and manual assignments (see `_pins`).
    release: frozenset[tuple[int, int]] = frozenset()
    # What-if: a required task nobody else can take is left short (and says why) instead of
    # making the whole re-staffing infeasible.
    soft_required: bool = False


@dataclass(frozen=True)
class CompiledPlan:
    plan_id: int
    account_id: int
    problem: dict[str, Any]
    as_of: dt.date
    # What the problem's hours and eligible pairs were computed from (candidates read it).
    facts: StaffingFacts
    # What it was compiled with, so a proposal can be compiled again the same way.
    options: StaffingOptions = field(default_factory=StaffingOptions)


def pid(person_id: int) -> str:
    return f"p{person_id}"


def tid(task_id: int) -> str:
    return f"t{task_id}"


def cid(contact_id: int) -> str:
    return f"c{contact_id}"


def sid(skill_id: int) -> str:
    return f"s{skill_id}"


def aid(account_id: int) -> str:
    return f"a{account_id}"


def store_id(solver_id: str) -> int:
    """The store's primary key behind a prefixed solver id (`p12` -> 12)."""
    return int(solver_id[1:])


def compile_plan(
    session: Session,
    plan_id: int,
    *,
    settings: Settings,
    options: StaffingOptions | None = None,
    as_of: dt.date | None = None,
) -> CompiledPlan:
    options = options or StaffingOptions()
    as_of = as_of or dt.date.today()
    plan = get_row(session, Plan, plan_id, field="plan")
    tasks = list(
        session.scalars(
            select(Task)
            .where(Task.plan_id == plan_id, Task.status.in_(OPEN_TASK_STATUSES))
            .order_by(Task.id)
        )
    )
    if not tasks:
        raise DomainError("the plan has no open or in-progress task to staff", field="plan")
    task_ids = [t.id for t in tasks]
    requirements: dict[int, list[TaskSkill]] = defaultdict(list)
    for req in session.scalars(
        select(TaskSkill).where(TaskSkill.task_id.in_(task_ids)).order_by(TaskSkill.skill_id)
    ):
        requirements[req.task_id].append(req)
    engaged: dict[int, list[int]] = defaultdict(list)
    for task_id, contact_id in session.execute(
        select(TaskContact.task_id, TaskContact.contact_id)
        .where(TaskContact.task_id.in_(task_ids))
        .order_by(TaskContact.contact_id)
    ):
        engaged[task_id].append(contact_id)
    assignments = list(
        session.scalars(
            select(Assignment).where(Assignment.task_id.in_(task_ids)).order_by(Assignment.id)
        )
    )

    candidates = _candidates(session, tasks, requirements, assignments, options.remove_people)
    contacts = list(
        session.scalars(
            select(Contact)
            .where(Contact.account_id == plan.account_id, Contact.left_company.is_(False))
            .order_by(Contact.id)
        )
    )
    contact_ids = {c.id for c in contacts}
    relationships = []
    for rel in session.scalars(
        select(Relationship)
        .join(Person, Person.id == Relationship.person_id)
        .where(Relationship.contact_id.in_(contact_ids), Person.active.is_(True))
        .order_by(Relationship.id)
    ):
        if rel.person_id in options.remove_people:
            continue
        strength = effective_strength(
            rel.strength,
            rel.last_interaction,
            as_of=as_of,
            half_life_days=settings.decay_half_life_days,
        )
        if strength >= settings.thread_threshold:
            relationships.append(
                {
                    "person": pid(rel.person_id),
                    "contact": cid(rel.contact_id),
                    "strength": round(strength, 4),
                }
            )
            # Thread holders are in the problem even when they are not candidates: the coverage
            # term counts the threads each contact already has.
            candidates.add(rel.person_id)
    facts = gather(session, plan, tasks, requirements, candidates)
    people = _people(facts)
    # Who is barred and who is inactive are read once, by eligibility's facts.
    conflicts = [
        {"person": pid(p), "account": aid(plan.account_id)}
        for p in sorted(facts.people)
        if facts.people[p].conflicted
    ]
    staffed = [a for a in assignments if a.person_id not in options.remove_people]
    pins = _pins(facts, tasks, staffed, options.release)
    problem: dict[str, Any] = {
        "format": PROBLEM_FORMAT,
        "people": people,
        "tasks": [
            {
                "id": tid(t.id),
                "effort": t.effort_hours,
                "headcount": {"min": t.headcount_min, "max": t.headcount_max},
                "required": t.required and not options.soft_required,
                "skills": [
                    {
                        "skill": sid(r.skill_id),
                        "level": r.level,
                        "mandatory": r.mandatory,
                        "weight": r.weight,
                    }
                    for r in requirements[t.id]
                ],
                "account": aid(plan.account_id),
                "contacts": [cid(c) for c in engaged[t.id] if c in contact_ids],
            }
            for t in tasks
        ],
        "contacts": [
            {
                "id": cid(c.id),
                "account": aid(plan.account_id),
                # Influence 1..5 becomes 0.2..1: a new thread to the most influential contact
                # is worth 10 points x the coverage weight (2 by default: two perfect skill
                # matches; a decision maker at 3 of 5 earns 12, above the strongest thread's
                # relationship utility, so the KAM does not keep every task of theirs).
                "influence": c.influence / 5,
                "decision_maker": c.buying_role in DECISION_ROLES,
            }
            for c in contacts
        ],
        "relationships": relationships,
        "conflicts": conflicts,
        "pins": pins,
        "current": [{"person": pid(a.person_id), "task": tid(a.task_id)} for a in staffed],
        "eligibility": "skills",
        "weights": {**options.weights, "stability": options.stability},
    }
    # A kept pair is never forbidden: the solver reports an impossible pin itself.
    kept = {(store_id(p["person"]), store_id(p["task"])) for p in pins}
    forbidden = _forbidden_pairs(facts, kept)
    if forbidden:
        problem["pairs"] = forbidden
    return CompiledPlan(
        plan_id=plan.id,
        account_id=plan.account_id,
        problem=problem,
        as_of=as_of,
        facts=facts,
        options=options,
    )


def _pins(
    facts: StaffingFacts,
    tasks: list[Task],
    staffed: list[Assignment],
    release: frozenset[tuple[int, int]],
) -> list[dict[str, str]]:
    """The assignments the solver must keep: pinned ones, and, unless the request releases
    them, the assignees of in-progress tasks (work under way) and manual assignments (a
    person's decision). Someone no longer active is never forced onto a team."""
    in_progress = {t.id for t in tasks if t.status == TaskStatus.IN_PROGRESS}
    kept = [
        a
        for a in staffed
        if a.person_id in facts.people
        and facts.people[a.person_id].active
        and (
            a.pinned
            or (
                (a.task_id in in_progress or a.source == AssignmentSource.MANUAL)
                and (a.person_id, a.task_id) not in release
            )
        )
    ]
    return [
        {"person": pid(a.person_id), "task": tid(a.task_id)}
        for a in sorted(kept, key=lambda a: (a.task_id, a.person_id))
    ]


def _candidates(
    session: Session,
    tasks: list[Task],
    requirements: dict[int, list[TaskSkill]],
    assignments: list[Assignment],
    removed: frozenset[int],
) -> set[int]:
    active = select(Person.id).where(Person.active.is_(True))
    if any(not requirements[t.id] for t in tasks):
        found = set(session.scalars(active))
    else:
        skills = {r.skill_id for reqs in requirements.values() for r in reqs}
        found = set(
            session.scalars(
                active.join(Proficiency, Proficiency.person_id == Person.id)
                .where(Proficiency.skill_id.in_(skills))
                .distinct()
            )
        )
    found |= {a.person_id for a in assignments}
    return found - set(removed)


def _people(facts: StaffingFacts) -> list[dict[str, Any]]:
    people = []
    for person_id in sorted(facts.people):
        capacity, current_load = facts.problem_hours(person_id)
        people.append(
            {
                "id": pid(person_id),
                "capacity": capacity,
                "current_load": current_load,
                "skills": {
                    sid(skill): level
                    for skill, level in sorted(facts.people[person_id].levels.items())
                },
            }
        )
    return people


def _forbidden_pairs(facts: StaffingFacts, pinned: set[tuple[int, int]]) -> list[dict[str, Any]]:
    """The pairs the solver's own rules would admit that eligibility refuses."""
    pairs = []
    for task_id in sorted(facts.tasks):
        for person_id in sorted(facts.people):
            if (person_id, task_id) in pinned or not facts.admitted_by_solver_rules(
                person_id, task_id
            ):
                continue
            verdict = facts.verdict(person_id, task_id)
            if not verdict.eligible and not verdict.solver_knows:
                pairs.append({"person": pid(person_id), "task": tid(task_id), "forbidden": True})
    return pairs
