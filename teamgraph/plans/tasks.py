"""Tasks: kind, objective, effort, headcount, window, status, the skills they require and the
customer contacts they engage. Every write bumps the plan's version (see `service`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Contact
from teamgraph.catalogue.models import Skill
from teamgraph.errors import ConflictError, DomainError, NotFoundError
from teamgraph.inputs import KEEP, check_choice, check_score, clean_text, kept
from teamgraph.pagination import Page, PageRequest, paginate_many
from teamgraph.plans.models import (
    Assignment,
    Plan,
    Task,
    TaskContact,
    TaskKind,
    TaskSkill,
    TaskStatus,
)
from teamgraph.plans.service import get_objective, touch_plan
from teamgraph.rows import get_row

# Bounds on what one task may ask for: beyond them a figure is a typo, and the solver (which
# sums efforts and headcounts) would be the first to fail on it.
MAX_EFFORT_HOURS = 10_000
MAX_HEADCOUNT = 50


@dataclass(frozen=True)
class SkillNeed:
    """A skill a task requires: minimum level, whether it is a must, its weight among needs."""

    skill_id: int
    level: int
    mandatory: bool = False
    weight: float = 1.0


def get_task(session: Session, task_id: int, *, field: str = "taskId") -> Task:
    return get_row(session, Task, task_id, field=field)


def tasks_pages(
    session: Session,
    plan_ids: Sequence[int],
    page: PageRequest,
    *,
    status: str | None = None,
    kind: str | None = None,
    max_size: int = 100,
) -> dict[int, Page[Task]]:
    """One page of each plan's tasks, in the order they were created, optionally filtered."""
    stmt: Any = select(Task)
    if status is not None:
        stmt = stmt.where(Task.status == check_choice(status, TaskStatus, field="status"))
    if kind is not None:
        stmt = stmt.where(Task.kind == check_choice(kind, TaskKind, field="kind"))
    return paginate_many(session, stmt, Task.plan_id, plan_ids, (Task.id,), page, max_size=max_size)


def _objective_id(session: Session, plan_id: int, objective_id: int | None) -> int | None:
    if objective_id is None:
        return None
    objective = get_objective(session, objective_id)
    if objective.plan_id != plan_id:
        raise DomainError("must be an objective of the task's plan", field="objectiveId")
    return objective.id


def _effort(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise DomainError("must be a positive number of hours", field="effortHours")
    if value > MAX_EFFORT_HOURS:
        raise DomainError(
            f"must be at most {MAX_EFFORT_HOURS:,} hours (split a larger piece of work into tasks)",
            field="effortHours",
        )
    return float(value)


def _check_shape(task: Task) -> None:
    """Rules across fields, checked once every given field is set."""
    if task.headcount_min < 0:
        raise DomainError("must not be negative", field="headcountMin")
    if task.headcount_max < 1:
        raise DomainError("must be at least 1", field="headcountMax")
    sizes = (("headcountMin", task.headcount_min), ("headcountMax", task.headcount_max))
    for field, value in sizes:
        if value > MAX_HEADCOUNT:
            raise DomainError(f"must be at most {MAX_HEADCOUNT} people", field=field)
    if task.headcount_max < task.headcount_min:
        raise DomainError("must not be below headcountMin", field="headcountMax")
    if task.start is not None and task.due is not None and task.due < task.start:
        raise DomainError("must not be before start", field="due")


def _check_skills(session: Session, skills: Sequence[SkillNeed]) -> None:
    found = {
        s.id: s
        for s in session.scalars(select(Skill).where(Skill.id.in_({n.skill_id for n in skills})))
    }
    seen: set[int] = set()
    for i, need in enumerate(skills):
        field = f"skills[{i}]"
        skill = found.get(need.skill_id)
        if skill is None:
            raise NotFoundError(f"no skill with id {need.skill_id}", field=f"{field}.skillId")
        if skill.status == "retired":
            instead = " (it was replaced; require its replacement)" if skill.replaced_by_id else ""
            raise DomainError(f"{skill.name} is retired{instead}", field=f"{field}.skillId")
        if need.skill_id in seen:
            raise DomainError("is required twice", field=f"{field}.skillId")
        seen.add(need.skill_id)
        check_score(need.level, field=f"{field}.level")
        weight = need.weight
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise DomainError("must be a non-negative number", field=f"{field}.weight")


def _set_skills(session: Session, task: Task, skills: Sequence[SkillNeed]) -> None:
    _check_skills(session, skills)
    have = {
        row.skill_id: row
        for row in session.scalars(select(TaskSkill).where(TaskSkill.task_id == task.id))
    }
    wanted = {need.skill_id: need for need in skills}
    for skill_id, row in have.items():
        if skill_id not in wanted:
            session.delete(row)
    for skill_id, need in wanted.items():
        row = have.get(skill_id) or TaskSkill(task_id=task.id, skill_id=skill_id)
        if skill_id not in have:
            session.add(row)
        row.level, row.mandatory, row.weight = need.level, need.mandatory, float(need.weight)


def _set_contacts(session: Session, task: Task, plan: Plan, contact_ids: Sequence[int]) -> None:
    found = {
        key: value
        for key, value in session.execute(
            select(Contact.id, Contact.account_id).where(Contact.id.in_(set(contact_ids)))
        )
    }
    for i, contact_id in enumerate(contact_ids):
        field = f"contactIds[{i}]"
        if contact_id not in found:
            raise NotFoundError(f"no contact with id {contact_id}", field=field)
        if found[contact_id] != plan.account_id:
            raise DomainError("must be a contact of the plan's account", field=field)
    if len(set(contact_ids)) != len(contact_ids):
        raise DomainError("names a contact twice", field="contactIds")
    have = {
        row.contact_id: row
        for row in session.scalars(select(TaskContact).where(TaskContact.task_id == task.id))
    }
    for contact_id, row in have.items():
        if contact_id not in contact_ids:
            session.delete(row)
    for contact_id in contact_ids:
        if contact_id not in have:
            session.add(TaskContact(task_id=task.id, contact_id=contact_id))


def create_task(
    session: Session,
    *,
    plan_id: int,
    kind: str,
    title: str,
    effort_hours: float,
    objective_id: int | None = None,
    headcount_min: int = 1,
    headcount_max: int = 1,
    required: bool = True,
    start: dt.date | None = None,
    due: dt.date | None = None,
    status: str = TaskStatus.OPEN,
    skills: Sequence[SkillNeed] = (),
    contact_ids: Sequence[int] = (),
    expected_version: int | None = None,
) -> Task:
    plan = touch_plan(session, plan_id, expected_version=expected_version)
    task = Task(
        plan_id=plan.id,
        kind=check_choice(kind, TaskKind, field="kind"),
        title=clean_text(title, field="title", max_length=300),
        objective_id=_objective_id(session, plan.id, objective_id),
        effort_hours=_effort(effort_hours),
        headcount_min=headcount_min,
        headcount_max=headcount_max,
        required=bool(required),
        start=start,
        due=due,
        status=check_choice(status, TaskStatus, field="status"),
    )
    _check_shape(task)
    session.add(task)
    session.flush()
    _set_skills(session, task, skills)
    _set_contacts(session, task, plan, contact_ids)
    session.flush()
    return task


def update_task(
    session: Session,
    *,
    task_id: int,
    expected_version: int | None = None,
    kind: str = KEEP,
    title: str = KEEP,
    effort_hours: float = KEEP,
    objective_id: int | None = KEEP,
    headcount_min: int = KEEP,
    headcount_max: int = KEEP,
    required: bool = KEEP,
    start: dt.date | None = KEEP,
    due: dt.date | None = KEEP,
    status: str = KEEP,
    skills: Sequence[SkillNeed] = KEEP,
    contact_ids: Sequence[int] = KEEP,
) -> Task:
    """Change the given fields; `skills` and `contact_ids`, when given, replace the lists."""
    task = get_task(session, task_id)
    plan = touch_plan(session, task.plan_id, expected_version=expected_version)
    if not kept(kind):
        task.kind = check_choice(kind, TaskKind, field="kind")
    if not kept(title):
        task.title = clean_text(title, field="title", max_length=300)
    if not kept(effort_hours):
        task.effort_hours = _effort(effort_hours)
    if not kept(objective_id):
        task.objective_id = _objective_id(session, plan.id, objective_id)
    if not kept(headcount_min):
        task.headcount_min = headcount_min
    if not kept(headcount_max):
        task.headcount_max = headcount_max
    if not kept(required):
        task.required = bool(required)
    if not kept(start):
        task.start = start
    if not kept(due):
        task.due = due
    if not kept(status):
        task.status = check_choice(status, TaskStatus, field="status")
    _check_shape(task)
    assigned = session.scalar(
        select(func.count()).select_from(Assignment).where(Assignment.task_id == task.id)
    )
    if assigned and assigned > task.headcount_max:
        raise ConflictError(
            f"{assigned} people are assigned; unassign some before lowering it",
            field="headcountMax",
        )
    if not kept(skills):
        _set_skills(session, task, skills)
    if not kept(contact_ids):
        _set_contacts(session, task, plan, contact_ids)
    session.flush()
    return task
