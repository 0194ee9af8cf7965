"""The staffing flow in one place: a plan's open tasks -> solver problem -> solved team ->
stored proposal with the account's coverage before and after; and "what if they leave".

The CLI, the API and the tests share these, so a proposal means the same thing everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import solver
from teamgraph.config import Settings
from teamgraph.db import Actor, actor_of
from teamgraph.errors import ConflictError, DomainError
from teamgraph.ops.metrics import timed_solve
from teamgraph.people.models import Person
from teamgraph.plans.models import OPEN_TASK_STATUSES, Assignment, Plan, Proposal, Task
from teamgraph.staffing.compile import (
    DEFAULT_STABILITY,
    StaffingOptions,
    compile_plan,
    pid,
    store_id,
)
from teamgraph.staffing.coverage import account_summary, before_and_after
from teamgraph.staffing.proposals import store_proposal
from teamgraph.staffing.wording import reword_result

# What-if re-staffing: each change to the current team costs this many points (a perfect skill
# match is worth 10), so people move only to fill what the leavers left or for a much better fit.
WHAT_IF_STABILITY = 20.0
MAX_TIME_LIMIT = 300.0  # seconds one solve may take
MAX_WEIGHT = 1000.0


def solve_options(
    settings: Settings,
    *,
    time_limit: float | None = None,
    weights: dict[str, float | None] | None = None,
    seed: int = 0,
) -> StaffingOptions:
    """A KAM lead's tuning of one solve, checked: the time limit (default: the server's) within
    (0, MAX_TIME_LIMIT], each weight given within [0, MAX_WEIGHT] (omitted: the default; the
    `stability` weight defaults to DEFAULT_STABILITY)."""
    limit = settings.solver_time_limit if time_limit is None else time_limit
    if not 0 < limit <= MAX_TIME_LIMIT:
        raise DomainError(
            f"must be above 0 and at most {MAX_TIME_LIMIT:g} seconds", field="timeLimit"
        )
    given: dict[str, float] = {}
    for name, value in (weights or {}).items():
        if value is None:
            continue
        if not 0 <= value <= MAX_WEIGHT:
            raise DomainError(f"must be between 0 and {MAX_WEIGHT:g}", field=f"weights.{name}")
        given[name] = value
    stability = given.pop("stability", DEFAULT_STABILITY)
    return StaffingOptions(
        time_limit=limit,
        workers=settings.solver_workers,
        seed=seed,
        weights=given,
        stability=stability,
    )


def check_release(session: Session, plan_id: int, release: Sequence[tuple[int, int]]) -> None:
    """Each (person, task) the request releases is a current assignment on one of the plan's
    open or in-progress tasks, and not pinned (a pin is lifted with `pin`, knowingly)."""
    rows = {
        (a.person_id, a.task_id): a
        for a in session.scalars(
            select(Assignment)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.plan_id == plan_id, Task.status.in_(OPEN_TASK_STATUSES))
        )
    }
    for i, pair in enumerate(release):
        row = rows.get(pair)
        if row is None:
            raise DomainError(
                "not an assignment on one of the plan's open or in-progress tasks",
                field=f"release[{i}]",
            )
        if row.pinned:
            raise ConflictError(
                "this assignment is pinned: lift the pin first to let the solver move it",
                field=f"release[{i}]",
            )


def assemble_team(
    session: Session,
    plan_id: int,
    *,
    settings: Settings,
    options: StaffingOptions | None = None,
    actor: Actor | None = None,
    as_of: dt.date | None = None,
    release: Sequence[tuple[int, int]] = (),
    progress: solver.Progress | None = None,
    stop: solver.Stop | None = None,
) -> Proposal:
    """Solve the plan's open tasks and store the answer as an open proposal. The assignees of
    in-progress tasks and manual assignments are kept unless `release` names them.
    `progress` and `stop` are the solver's hooks (a job reports and cancels through them)."""
    options = options or StaffingOptions(
        time_limit=settings.solver_time_limit, workers=settings.solver_workers
    )
    if release:
        check_release(session, plan_id, release)
        options = replace(options, release=options.release | frozenset(release))
    compiled = compile_plan(session, plan_id, settings=settings, options=options, as_of=as_of)
    try:
        problem = solver.parse_problem(compiled.problem)
    except solver.ProblemError as error:  # the compiler's bug, or weights out of range
        raise DomainError(str(error), field="options") from None
    result = timed_solve(
        solver.solve,
        problem,
        time_limit=options.time_limit,
        workers=options.workers,
        seed=options.seed,
        progress=progress,
        stop=stop,
    )
    before, after = before_and_after(
        session,
        compiled.account_id,
        result,
        settings=settings,
        as_of=compiled.as_of,
        remove_people=options.remove_people,
    )
    payload = reword_result(session, solver.result_to_json(result))
    if options.remove_people:
        payload["removed_people"] = [pid(p) for p in sorted(options.remove_people)]
    return store_proposal(
        session,
        compiled,
        payload,
        coverage_before=before,
        coverage_after=after,
        created_by=actor or actor_of(session),
    )


@dataclass(frozen=True)
class WhatIf:
    """What the plan loses if `removed` leave, and the fewest changes that make up for it."""

    removed: tuple[int, ...]
    coverage_now: dict[str, Any]
    # The account without the leavers' relationships, before anyone is re-staffed.
    coverage_without: dict[str, Any]
    lost: list[tuple[int, int]]  # (person, task) assignments of the leavers
    added: list[tuple[int, int]]  # (person, task) the re-staffing adds
    dropped: list[tuple[int, int]]  # (person, task) of people who stay but are moved off
    newly_unfilled: list[int]  # tasks staffed to their minimum now, short afterwards
    proposal: Proposal  # the re-staffing, stored: it can be accepted like any proposal


def what_if(
    session: Session,
    plan_id: int,
    remove_people: set[int],
    *,
    settings: Settings,
    actor: Actor | None = None,
    as_of: dt.date | None = None,
    stability: float = WHAT_IF_STABILITY,
    progress: solver.Progress | None = None,
    stop: solver.Stop | None = None,
) -> WhatIf:
    """Re-staff the plan as if `remove_people` had left, changing as little as it must: every
    change to the current team costs `stability` points. Required tasks nobody else can take
    are left short with their reasons rather than making the answer infeasible."""
    check_leaving(session, remove_people)
    options = StaffingOptions(
        time_limit=settings.solver_time_limit,
        workers=settings.solver_workers,
        remove_people=frozenset(remove_people),
        stability=stability,
        soft_required=True,
    )
    current = _current_team(session, plan_id)
    proposal = assemble_team(
        session,
        plan_id,
        settings=settings,
        options=options,
        actor=actor,
        as_of=as_of,
        progress=progress,
        stop=stop,
    )
    compiled_tasks = [store_id(t) for t in proposal.result.get("tasks", [])]
    current = {(p, t) for p, t in current if t in compiled_tasks}
    solved = proposal.solver_status in ("OPTIMAL", "FEASIBLE")
    proposed = {
        (store_id(a["person"]), store_id(a["task"])) for a in proposal.result.get("assignments", [])
    }
    lost = sorted((p, t) for p, t in current if p in remove_people)
    staying = current - set(lost)
    minimum = {
        task: least
        for task, least in session.execute(
            select(Task.id, Task.headcount_min).where(Task.id.in_(compiled_tasks))
        )
    }
    short_after = {store_id(u["task"]) for u in proposal.result.get("unfilled", [])}
    staffed_now = {t: sum(1 for _, task in current if task == t) for t in compiled_tasks}
    return WhatIf(
        removed=tuple(sorted(remove_people)),
        coverage_now=account_summary(
            session, proposal_account(session, proposal), settings=settings, as_of=as_of
        ),
        coverage_without=proposal.coverage_before,
        lost=lost,
        added=sorted(proposed - staying) if solved else [],
        dropped=sorted(staying - proposed) if solved else [],
        newly_unfilled=sorted(t for t in short_after if staffed_now.get(t, 0) >= minimum.get(t, 1)),
        proposal=proposal,
    )


def check_leaving(
    session: Session, remove_people: set[int], *, field: str = "removePeople"
) -> None:
    """The people a what-if removes: at least one, each a person of the store."""
    if not remove_people:
        raise DomainError("name at least one person who would leave", field=field)
    known = set(session.scalars(select(Person.id).where(Person.id.in_(remove_people))))
    if missing := sorted(remove_people - known):
        raise DomainError(f"no person with id {missing[0]}", field=field)


def _current_team(session: Session, plan_id: int) -> set[tuple[int, int]]:
    return {
        (person, task)
        for person, task in session.execute(
            select(Assignment.person_id, Assignment.task_id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.plan_id == plan_id)
        )
    }


def proposal_account(session: Session, proposal: Proposal) -> int:
    plan = session.get(Plan, proposal.plan_id)
    assert plan is not None  # a proposal's plan is a foreign key
    return plan.account_id
