"""The store's plans compile into valid solver problems, and the demo plans can be staffed.
(The `export-problem` and `solve` commands are tested with the CLI.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import solver
from teamgraph.config import Settings
from teamgraph.errors import DomainError, NotFoundError
from teamgraph.plans.models import Assignment, Plan, Task
from teamgraph.seeding import load_demo
from teamgraph.staffing.compile import DEFAULT_STABILITY, StaffingOptions, compile_plan, store_id


@pytest.fixture
def demo(session: Session) -> Session:
    load_demo(session)
    return session


def plan_named(session: Session, name: str) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.name == name))
    assert plan is not None
    return plan


def test_demo_plans_compile_and_solve_within_every_rule(demo: Session) -> None:
    for plan in demo.scalars(select(Plan)):
        compiled = compile_plan(demo, plan.id, settings=Settings())
        problem = solver.parse_problem(compiled.problem)
        open_tasks = demo.scalars(
            select(Task.id).where(Task.plan_id == plan.id, Task.status.in_(("open", "in_progress")))
        ).all()
        assert {store_id(t.id) for t in problem.tasks} == set(open_tasks)
        result = solver.solve(problem, time_limit=10, workers=1)
        assert result.status in ("OPTIMAL", "FEASIBLE"), result.infeasible
        assert solver.check(problem, result) == []


def test_pins_current_team_and_conflicts_come_from_the_store(demo: Session) -> None:
    """Kept means pinned: pinned assignments, the assignees of in-progress tasks and manual
    assignments, unless the request releases them."""
    plan = plan_named(demo, "FY27 claims transformation")
    problem = compile_plan(demo, plan.id, settings=Settings()).problem
    staffed = demo.execute(
        select(Assignment, Task.status)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan.id, Task.status.in_(("open", "in_progress")))
    ).all()
    kept = {
        (f"p{a.person_id}", f"t{a.task_id}")
        for a, status in staffed
        if a.pinned or status == "in_progress" or a.source == "manual"
    }
    assert kept > {(f"p{a.person_id}", f"t{a.task_id}") for a, _ in staffed if a.pinned}
    assert {(p["person"], p["task"]) for p in problem["pins"]} == kept
    assert {(p["person"], p["task"]) for p in problem["current"]} == {
        (f"p{a.person_id}", f"t{a.task_id}") for a, _ in staffed
    }
    assert problem["weights"]["stability"] == DEFAULT_STABILITY
    assert problem["conflicts"], "the demo bars someone from Northwind Health"
    assert all(0 < c["influence"] <= 1 for c in problem["contacts"])
    # Released kept assignments are no longer pinned; a pinned one stays pinned.
    releasable = {(a.person_id, a.task_id) for a, _ in staffed if not a.pinned}
    released = compile_plan(
        demo, plan.id, settings=Settings(), options=StaffingOptions(release=frozenset(releasable))
    ).problem
    assert {(p["person"], p["task"]) for p in released["pins"]} == {
        (f"p{a.person_id}", f"t{a.task_id}") for a, _ in staffed if a.pinned
    }
    # A what-if without the kept people drops their pins rather than failing.
    leaving = frozenset(int(p[1:]) for p, _ in kept)
    without = compile_plan(
        demo, plan.id, settings=Settings(), options=StaffingOptions(remove_people=leaving)
    ).problem
    assert without["pins"] == []


def test_unknown_or_empty_plans_are_clear_errors(demo: Session) -> None:
    with pytest.raises(NotFoundError):
        compile_plan(demo, 999_999, settings=Settings())
    plan = plan_named(demo, "FY27 claims transformation")
    for task in demo.scalars(select(Task).where(Task.plan_id == plan.id)):
        task.status = "done"
    demo.flush()
    with pytest.raises(DomainError, match="no open or in-progress task"):
        compile_plan(demo, plan.id, settings=Settings())
