"""Who works on what: assigning, unassigning and pinning people on tasks, the plan's team, and
"who has the ball" (open work by owner, by due date, overdue flagged).

Assignment rules: the person exists and is active; has no conflict of interest with the plan's
account; is not already on the task; the task is still open (OPEN_TASK_STATUSES); the task keeps
at most `headcount_max` people and at most one lead.

The other side of the conflict rule lives here too: a conflict of interest is not recorded
while the person is on one of the account's tasks (`add_conflict`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import ConflictOfInterest
from teamgraph.accounts.service import get_account, has_conflict
from teamgraph.errors import ConflictError, DomainError, NotFoundError
from teamgraph.inputs import check_choice, clean_text
from teamgraph.people.models import Person
from teamgraph.people.service import get_person
from teamgraph.plans.models import (
    OPEN_TASK_STATUSES,
    Assignment,
    AssignmentRole,
    AssignmentSource,
    Plan,
    Task,
)
from teamgraph.plans.service import touch_plan
from teamgraph.plans.tasks import get_task


def _assignment(session: Session, task_id: int, person_id: int) -> Assignment | None:
    return session.scalar(
        select(Assignment).where(Assignment.task_id == task_id, Assignment.person_id == person_id)
    )


def _lead(session: Session, task_id: int) -> Assignment | None:
    return session.scalar(
        select(Assignment).where(
            Assignment.task_id == task_id, Assignment.role == AssignmentRole.LEAD
        )
    )


def assign(
    session: Session,
    *,
    task_id: int,
    person_id: int,
    role: str = AssignmentRole.MEMBER,
    pinned: bool = False,
    source: str = AssignmentSource.MANUAL,
    expected_version: int | None = None,
) -> Assignment:
    """Put a person on a task (see the module's rules). The staffing flow passes
    `source="solver"` for assignments taken from an accepted proposal."""
    task = get_task(session, task_id)
    plan = touch_plan(session, task.plan_id, expected_version=expected_version)
    role = check_choice(role, AssignmentRole, field="role")
    source = check_choice(source, AssignmentSource, field="source")
    person = get_person(session, person_id, field="personId")
    if not person.active:
        raise DomainError(f"{person.name} is no longer active", field="personId")
    if task.status not in OPEN_TASK_STATUSES:
        raise ConflictError(f"the task is {task.status}", field="taskId")
    if has_conflict(session, account_id=plan.account_id, person_id=person_id):
        raise ConflictError(
            f"{person.name} has a conflict of interest with this account", field="personId"
        )
    if _assignment(session, task_id, person_id) is not None:
        raise ConflictError(f"{person.name} is already on this task", field="personId")
    count = session.scalar(
        select(func.count()).select_from(Assignment).where(Assignment.task_id == task_id)
    )
    if (count or 0) >= task.headcount_max:
        raise ConflictError(
            f"the task already has its {task.headcount_max} people (headcountMax)", field="taskId"
        )
    if role == AssignmentRole.LEAD and _lead(session, task_id) is not None:
        raise ConflictError("the task already has a lead", field="role")
    row = Assignment(
        task_id=task_id, person_id=person_id, role=role, pinned=bool(pinned), source=source
    )
    session.add(row)
    session.flush()
    return row


def unassign(
    session: Session, *, task_id: int, person_id: int, expected_version: int | None = None
) -> None:
    """Take a person off a task (pinned or not: a pin binds the solver, not the KAM lead)."""
    task = get_task(session, task_id)
    touch_plan(session, task.plan_id, expected_version=expected_version)
    row = _assignment(session, task_id, person_id)
    if row is None:
        raise NotFoundError("this person is not on this task", field="personId")
    session.delete(row)
    session.flush()


def pin(
    session: Session,
    *,
    task_id: int,
    person_id: int,
    pinned: bool = True,
    role: str = AssignmentRole.MEMBER,
    expected_version: int | None = None,
) -> Assignment:
    """Pin a person to a task (the solver must keep them), assigning them first (as `role`)
    when they are not on it yet; `pinned=False` lifts the pin and keeps the assignment."""
    task = get_task(session, task_id)
    row = _assignment(session, task_id, person_id)
    if row is None:
        if not pinned:
            raise NotFoundError("this person is not on this task", field="personId")
        return assign(
            session,
            task_id=task_id,
            person_id=person_id,
            role=role,
            pinned=True,
            expected_version=expected_version,
        )
    touch_plan(session, task.plan_id, expected_version=expected_version)
    row.pinned = bool(pinned)
    session.flush()
    return row


# --- conflicts of interest ---------------------------------------------------------------------


def add_conflict(
    session: Session, *, account_id: int, person_id: int, reason: str = ""
) -> ConflictOfInterest:
    """Bar a person from serving an account. Refused while they are on one of its tasks: the
    KAM lead unassigns them first, knowingly."""
    get_account(session, account_id)
    get_person(session, person_id, field="personId")
    reason = clean_text(reason, field="reason", max_length=2000, blank=True, multiline=True)
    existing = session.get(ConflictOfInterest, (person_id, account_id))
    if existing is not None:
        existing.reason = reason
        session.flush()
        return existing
    on_tasks = session.scalars(
        select(Task.title)
        .join(Assignment, Assignment.task_id == Task.id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Plan.account_id == account_id, Assignment.person_id == person_id)
        .order_by(Task.title)
    ).all()
    if on_tasks:
        raise ConflictError(
            f"the person is assigned to {', '.join(on_tasks)}; unassign them first",
            field="personId",
        )
    row = ConflictOfInterest(account_id=account_id, person_id=person_id, reason=reason)
    session.add(row)
    session.flush()
    return row


# --- the team -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamMember:
    """A person assigned somewhere in a plan: their roles there and the tasks they are on."""

    person_id: int
    roles: tuple[str, ...]
    task_ids: tuple[int, ...]
    pinned_task_ids: tuple[int, ...]


def teams_by_plan_id(session: Session, plan_ids: Sequence[int]) -> dict[int, list[TeamMember]]:
    """Each plan's distinct assignees, by name (then id): one statement for all plans."""
    rows = session.execute(
        select(Task.plan_id, Assignment.person_id, Assignment.role, Task.id, Assignment.pinned)
        .join(Task, Task.id == Assignment.task_id)
        .join(Person, Person.id == Assignment.person_id)
        .where(Task.plan_id.in_(set(plan_ids)))
        .order_by(Task.plan_id, Person.name, Person.id, Task.id)
    )
    members: dict[int, dict[int, tuple[set[str], list[int], list[int]]]] = defaultdict(dict)
    for plan_id, person_id, role, task_id, pinned in rows:
        roles, tasks, pins = members[plan_id].setdefault(person_id, (set(), [], []))
        roles.add(role)
        tasks.append(task_id)
        if pinned:
            pins.append(task_id)
    return {
        plan_id: [
            TeamMember(
                person_id=person_id,
                roles=tuple(r.value for r in AssignmentRole if r in roles),
                task_ids=tuple(tasks),
                pinned_task_ids=tuple(pins),
            )
            for person_id, (roles, tasks, pins) in members.get(plan_id, {}).items()
        ]
        for plan_id in plan_ids
    }


# --- who has the ball -------------------------------------------------------------------------


@dataclass(frozen=True)
class BallTask:
    task: Task
    overdue: bool
    days_overdue: int


@dataclass
class BallHolder:
    person: Person
    tasks: list[BallTask] = field(default_factory=list)


@dataclass(frozen=True)
class Ball:
    as_of: dt.date
    holders: list[BallHolder]
    unassigned: list[BallTask]


def _due_order(item: BallTask) -> tuple[bool, dt.date, int]:
    due = item.task.due
    return (due is None, due or dt.date.max, item.task.id)


def who_has_the_ball(session: Session, *, plan_id: int, as_of: dt.date) -> Ball:
    """Open and in-progress tasks grouped by owner: the task's lead, or else each member (a
    task without a lead sits with every member); tasks nobody is on are listed apart. Each
    list runs by due date (undated last); a task due before `as_of` is overdue. Holders come
    in the order of their most pressing task, then by name."""
    tasks = session.scalars(
        select(Task).where(Task.plan_id == plan_id, Task.status.in_(OPEN_TASK_STATUSES))
    ).all()
    assignments = session.execute(
        select(Assignment.task_id, Assignment.role, Person)
        .join(Person, Person.id == Assignment.person_id)
        .where(Assignment.task_id.in_([t.id for t in tasks]))
    )
    by_task: dict[int, list[tuple[str, Person]]] = defaultdict(list)
    for task_id, role, person in assignments:
        by_task[task_id].append((role, person))
    holders: dict[int, BallHolder] = {}
    unassigned: list[BallTask] = []
    for task in tasks:
        late = task.due is not None and task.due < as_of
        item = BallTask(
            task=task,
            overdue=late,
            days_overdue=(as_of - task.due).days if late and task.due else 0,
        )
        people = by_task.get(task.id, [])
        leads = [person for role, person in people if role == AssignmentRole.LEAD]
        owners = leads or [person for _, person in people]
        if not owners:
            unassigned.append(item)
        for person in owners:
            holders.setdefault(person.id, BallHolder(person=person)).tasks.append(item)
    for holder in holders.values():
        holder.tasks.sort(key=_due_order)
    ordered = sorted(
        holders.values(), key=lambda h: (_due_order(h.tasks[0]), h.person.name, h.person.id)
    )
    return Ball(as_of=as_of, holders=ordered, unassigned=sorted(unassigned, key=_due_order))
