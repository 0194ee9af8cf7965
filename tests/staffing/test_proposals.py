"""From an empty plan to an accepted team on the demo seeds, with coverage at least as good."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

import solver
from teamgraph.config import Settings
from teamgraph.db import Actor
from teamgraph.errors import ConflictError
from teamgraph.plans.models import OPEN_TASK_STATUSES, Assignment, Plan, Task
from teamgraph.seeding import load_demo
from teamgraph.staffing.assemble import what_if
from teamgraph.staffing.compile import StaffingOptions, compile_plan, store_id
from teamgraph.staffing.coverage import before_and_after
from teamgraph.staffing.proposals import accept_proposal, compare, store_proposal

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def demo(session: Session) -> Session:
    load_demo(session, today=TODAY)
    return session


def propose(session: Session, plan: Plan, **weights: float):  # type: ignore[no-untyped-def]
    compiled = compile_plan(
        session, plan.id, settings=Settings(), options=StaffingOptions(weights=weights), as_of=TODAY
    )
    result = solver.solve(solver.parse_problem(compiled.problem), time_limit=10, workers=1)
    before, after = before_and_after(
        session, plan.account_id, result, settings=Settings(), as_of=TODAY
    )
    return store_proposal(
        session,
        compiled,
        solver.result_to_json(result),
        coverage_before=before,
        coverage_after=after,
        created_by=Actor(label="test"),
    )


def test_empty_plan_to_accepted_team_with_coverage_at_least_as_good(demo: Session) -> None:
    plan = demo.scalar(select(Plan).where(Plan.name == "Supply chain finance pilot"))
    assert plan is not None
    task_ids = demo.scalars(select(Task.id).where(Task.plan_id == plan.id)).all()
    assert not demo.scalars(select(Assignment).where(Assignment.task_id.in_(task_ids))).all()
    proposal = propose(demo, plan)
    assert proposal.solver_status in ("OPTIMAL", "FEASIBLE")
    before, after = proposal.coverage_before, proposal.coverage_after
    for key in (
        "breadth_index",
        "covered",
        "multi_threaded",
        "decision_makers_covered",
        "people_engaged",
    ):
        assert after[key] >= before[key], key
    assert after["breadth_index"] > before["breadth_index"]
    assert proposal.result["removals"] == []
    assert {(c["person"], c["task"]) for c in proposal.result["additions"]} == {
        (store_id(a["person"]), store_id(a["task"])) for a in proposal.result["assignments"]
    }
    team = accept_proposal(demo, proposal.id, settings=Settings())
    expected = {
        (store_id(a["person"]), store_id(a["task"])) for a in proposal.result["assignments"]
    }
    assert {(a.person_id, a.task_id) for a in team} == expected
    assert all(a.source == "solver" for a in team)
    leads: dict[int, int] = {}
    for a in team:
        leads[a.task_id] = leads.get(a.task_id, 0) + (a.role == "lead")
    assert set(leads.values()) == {1}, "each staffed task gets exactly one lead"
    assert proposal.status == "accepted"
    with pytest.raises(ConflictError, match="already accepted"):
        accept_proposal(demo, proposal.id, settings=Settings())


def test_a_proposal_for_a_plan_that_changed_since_is_refused(demo: Session) -> None:
    plan = demo.scalar(select(Plan).where(Plan.name == "FY27 retail operations renewal"))
    assert plan is not None
    proposal = propose(demo, plan)
    plan.name = "FY27 retail operations renewal (revised)"
    demo.flush()
    with pytest.raises(ConflictError, match="changed since"):
        accept_proposal(demo, proposal.id, settings=Settings())


def test_comparing_two_proposals_lists_who_moved(demo: Session) -> None:
    plan = demo.scalar(select(Plan).where(Plan.name == "Supply chain finance pilot"))
    assert plan is not None
    a = propose(demo, plan)
    b = propose(demo, plan, skill=0.2, relationship=3.0)
    diff = compare(a, b)
    pairs_a = {(x["person"], x["task"]) for x in a.result["assignments"]}
    pairs_b = {(x["person"], x["task"]) for x in b.result["assignments"]}
    assert {(m.person, m.task) for m in diff.moves if m.change == "removed"} == pairs_a - pairs_b
    assert {(m.person, m.task) for m in diff.moves if m.change == "added"} == pairs_b - pairs_a
    assert diff.objective_change == pytest.approx((b.objective or 0) - (a.objective or 0))
    assert set(diff.coverage_change) >= {"breadth_index", "covered"}


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(
        [
            "FY27 claims transformation",
            "FY27 retail operations renewal",
            "Supply chain finance pilot",
        ]
    )
)
def test_coverage_after_never_falls_below_before(demo: Session, name: str) -> None:
    plan = demo.scalar(select(Plan).where(Plan.name == name))
    assert plan is not None
    with demo.begin_nested() as savepoint:
        proposal = propose(demo, plan)
        for key in ("breadth_index", "covered", "multi_threaded", "people_engaged"):
            assert proposal.coverage_after[key] >= proposal.coverage_before[key]
        savepoint.rollback()


def test_what_if_changes_fewer_pairs_the_more_stability_costs(demo: Session) -> None:
    """Parametric optimality: if both answers are optimal, a higher price per change never
    buys more changes (U(x1) - a C(x1) >= U(x2) - a C(x2) and the same at b > a give
    C(x2) <= C(x1))."""
    plan = demo.scalar(select(Plan).where(Plan.name == "FY27 claims transformation"))
    assert plan is not None
    accept_proposal(demo, propose(demo, plan).id, settings=Settings(), confirm_removals=True)
    team = demo.scalars(
        select(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan.id, Task.status.in_(OPEN_TASK_STATUSES))
    ).all()
    leaver = max({a.person_id for a in team}, key=lambda p: sum(a.person_id == p for a in team))
    changes = []
    for stability in (0.0, 5.0, 50.0):
        found = what_if(
            demo, plan.id, {leaver}, settings=Settings(), as_of=TODAY, stability=stability
        )
        assert found.proposal.solver_status == "OPTIMAL"
        assert leaver not in {p for p, _ in found.added}
        assert {t for p, t in found.lost} == {a.task_id for a in team if a.person_id == leaver}
        changes.append(len(found.added) + len(found.dropped))
    assert changes == sorted(changes, reverse=True), changes
    assert changes[-1] < changes[0] or changes[0] <= len(found.lost)
