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
from teamgraph.staffing.compile import StaffingOptions, compile_plan, store_id


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
    plan = plan_named(demo, "FY27 claims transformation")
    problem = compile_plan(demo, plan.id, settings=Settings()).problem
    pinned = demo.scalars(
        select(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan.id, Assignment.pinned)
    ).all()
    assert {(p["person"], p["task"]) for p in problem["pins"]} == {
        (f"p{a.person_id}", f"t{a.task_id}") for a in pinned
    }
    assert problem["conflicts"], "the demo bars someone from Northwind Health"
    assert all(0 < c["influence"] <= 1 for c in problem["contacts"])
    # A what-if without the pinned person drops the pin rather than failing.
    without = compile_plan(
        demo,
        plan.id,
        settings=Settings(),
        options=StaffingOptions(remove_people=frozenset(a.person_id for a in pinned)),
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
