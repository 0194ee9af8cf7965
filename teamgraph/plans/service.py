"""Plans and their objectives (with the measure: metric, baseline, target, current).

Optimistic concurrency: a plan's `version` counts every change to the plan *or anything in it*
(objectives, tasks, skills, contacts, assignments, reviews), because each of those writes goes
through `touch_plan`, which bumps it with `UPDATE plan ... WHERE version = <read>`. So:
- a client that sends `expected_version` (the version it last read) gets a CONFLICT on
  `expectedVersion` when someone changed the plan meanwhile, and nothing is written;
- two writers racing on one plan cannot both win even without it: the loser's bump matches no
  row, SQLAlchemy raises StaleDataError, the API answers CONFLICT (and its unit rolls back);
- a staffing proposal made for version N is recognisably stale once the version moves on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts.service import get_account
from teamgraph.errors import ConflictError, DomainError
from teamgraph.inputs import KEEP, check_choice, check_number, clean_text, kept
from teamgraph.pagination import Page, PageRequest, paginate
from teamgraph.plans.models import Objective, Plan, PlanStatus
from teamgraph.rows import get_row

# The largest magnitude of a measure (baseline, target, current): room for any currency amount.
MAX_MEASURE = 1e15


def get_plan(session: Session, plan_id: int, *, field: str = "planId") -> Plan:
    return get_row(session, Plan, plan_id, field=field)


def touch_plan(
    session: Session, plan_id: int, *, expected_version: int | None = None, field: str = "planId"
) -> Plan:
    """The plan, after checking `expected_version` (when given) and bumping its version."""
    plan = get_plan(session, plan_id, field=field)
    check_version(plan, expected_version)
    plan.version = plan.version + 1
    # Now, so the row is claimed (or the race lost) before anything else is written.
    session.flush()
    return plan


def check_version(plan: Plan, expected_version: int | None) -> None:
    if expected_version is not None and plan.version != expected_version:
        raise ConflictError(
            f"the plan is at version {plan.version}, not {expected_version}: someone changed it "
            "meanwhile; reload it and try again",
            field="expectedVersion",
        )


def list_plans(
    session: Session,
    page: PageRequest,
    *,
    account_id: int | None = None,
    status: str | None = None,
    max_size: int = 100,
) -> Page[Plan]:
    """Plans by name (then id), one page, optionally of one account and/or in one status."""
    stmt: Any = select(Plan)
    if account_id is not None:
        stmt = stmt.where(Plan.account_id == account_id)
    if status is not None:
        stmt = stmt.where(Plan.status == check_choice(status, PlanStatus, field="status"))
    return paginate(session, stmt, (Plan.name, Plan.id), page, max_size=max_size)


def _unique_name(session: Session, account_id: int, name: str, plan_id: int | None = None) -> str:
    name = clean_text(name, field="name")
    clash = session.scalar(select(Plan.id).where(Plan.account_id == account_id, Plan.name == name))
    if clash is not None and clash != plan_id:
        raise ConflictError(f"the account already has a plan named {name!r}", field="name")
    return name


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise DomainError("must not be before the period's start", field="periodEnd")


def create_plan(
    session: Session,
    *,
    account_id: int,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    status: str = PlanStatus.DRAFT,
) -> Plan:
    get_account(session, account_id)
    _check_period(period_start, period_end)
    plan = Plan(
        account_id=account_id,
        name=_unique_name(session, account_id, name),
        period_start=period_start,
        period_end=period_end,
        status=check_choice(status, PlanStatus, field="status"),
    )
    session.add(plan)
    session.flush()
    return plan


def update_plan(
    session: Session,
    *,
    plan_id: int,
    expected_version: int | None = None,
    name: str = KEEP,
    period_start: dt.date = KEEP,
    period_end: dt.date = KEEP,
    status: str = KEEP,
) -> Plan:
    """Change the given fields, refusing a stale `expected_version` (CONFLICT). The mapper's
    version counter moves the version on when a field actually changes."""
    plan = get_plan(session, plan_id)
    check_version(plan, expected_version)
    if not kept(name):
        plan.name = _unique_name(session, plan.account_id, name, plan.id)
    start = plan.period_start if kept(period_start) else period_start
    end = plan.period_end if kept(period_end) else period_end
    _check_period(start, end)
    plan.period_start, plan.period_end = start, end
    if not kept(status):
        plan.status = check_choice(status, PlanStatus, field="status")
    session.flush()
    return plan


# --- objectives -------------------------------------------------------------------------------


def get_objective(session: Session, objective_id: int, *, field: str = "objectiveId") -> Objective:
    return get_row(session, Objective, objective_id, field=field)


def _measure(value: float | None, *, field: str) -> float | None:
    if value is None:
        return None
    return float(check_number(value, field=field, low=-MAX_MEASURE, high=MAX_MEASURE))


def create_objective(
    session: Session,
    *,
    plan_id: int,
    title: str,
    metric: str = "",
    baseline: float | None = None,
    target: float | None = None,
    current: float | None = None,
    expected_version: int | None = None,
) -> Objective:
    touch_plan(session, plan_id, expected_version=expected_version)
    objective = Objective(
        plan_id=plan_id,
        title=clean_text(title, field="title", max_length=300),
        metric=clean_text(metric, field="metric", max_length=300, blank=True),
        baseline=_measure(baseline, field="baseline"),
        target=_measure(target, field="target"),
        current=_measure(current, field="current"),
    )
    session.add(objective)
    session.flush()
    return objective


def update_objective(
    session: Session,
    *,
    objective_id: int,
    expected_version: int | None = None,
    title: str = KEEP,
    metric: str = KEEP,
    baseline: float | None = KEEP,
    target: float | None = KEEP,
    current: float | None = KEEP,
) -> Objective:
    objective = get_objective(session, objective_id)
    touch_plan(session, objective.plan_id, expected_version=expected_version)
    if not kept(title):
        objective.title = clean_text(title, field="title", max_length=300)
    if not kept(metric):
        objective.metric = clean_text(metric, field="metric", max_length=300, blank=True)
    for key, value in (("baseline", baseline), ("target", target), ("current", current)):
        if not kept(value):
            setattr(objective, key, _measure(value, field=key))
    session.flush()
    return objective
