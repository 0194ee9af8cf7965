"""Candidates for one task: who may take it (one of its skills at its level, no conflict of
interest with the account), the eligible first, and only open tasks."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from teamgraph.config import Settings
from teamgraph.errors import DomainError, NotFoundError
from teamgraph.people.service import set_proficiency
from teamgraph.plans.tasks import SkillNeed, create_task
from teamgraph.plans.team import add_conflict
from teamgraph.staffing.candidates import rank_candidates
from teamgraph.staffing.eligibility import verdicts_for_task
from tests import factories


def test_only_people_with_the_mandatory_skills_and_no_conflict_are_eligible(
    session: Session,
) -> None:
    account = factories.account(session)
    plan = factories.plan(session, account.id)
    sql = factories.skill(session, "Candidates SQL")
    task = create_task(
        session,
        plan_id=plan.id,
        kind="research",
        title="Data audit",
        effort_hours=8,
        skills=[SkillNeed(sql.id, 3, mandatory=True)],
    )
    ann, bob, cy = (factories.person(session) for _ in range(3))
    for person, level in ((ann, 4), (bob, 2), (cy, 5)):
        set_proficiency(session, person_id=person.id, skill_id=sql.id, level=level)
    add_conflict(session, account_id=account.id, person_id=cy.id, reason="works for a rival")
    everyone = rank_candidates(session, task.id, settings=Settings(), include_ineligible=True)
    found = {c.person_id: c for c in everyone}
    assert found[ann.id].eligible and found[ann.id].blocked_by == ()
    assert found[bob.id].blocked_by == (
        "holds none of the task's skills at the level asked: Candidates SQL at level 3 (has 2)",
    )
    assert found[bob.id].missing_mandatory == ("Candidates SQL at level 3",)
    assert found[cy.id].blocked_by == ("has a conflict of interest with the account",)
    eligible = [c for c in everyone if c.eligible]
    assert everyone[: len(eligible)] == eligible, "the eligible come first"
    assert ann.id in {c.person_id for c in eligible}
    assert {bob.id, cy.id}.isdisjoint(c.person_id for c in eligible)
    only = rank_candidates(session, task.id, settings=Settings())
    assert [c.person_id for c in only] == [c.person_id for c in eligible]


def test_a_task_that_is_done_or_unknown_has_no_candidates(session: Session) -> None:
    plan = factories.plan(session, factories.account(session).id)
    open_task = factories.task(session, plan.id)
    done = factories.task(session, plan.id, status="done")
    assert open_task.status == "open"
    with pytest.raises(DomainError) as closed:
        rank_candidates(session, done.id, settings=Settings())
    assert closed.value.field == "task"
    assert "the task is done: only open tasks are staffed" in str(closed.value)
    with pytest.raises(NotFoundError) as unknown:
        rank_candidates(session, 999_999, settings=Settings())
    assert unknown.value.field == "task"


def test_any_person_gets_the_same_verdict_as_the_candidates(session: Session) -> None:
    plan = factories.plan(session, factories.account(session).id)
    sql = factories.skill(session, "Verdict SQL")
    task = create_task(
        session,
        plan_id=plan.id,
        kind="research",
        title="Audit",
        effort_hours=8,
        skills=[SkillNeed(sql.id, 3, mandatory=True)],
    )
    holder, outsider = factories.person(session), factories.person(session)
    set_proficiency(session, person_id=holder.id, skill_id=sql.id, level=3)
    verdicts = verdicts_for_task(session, task.id, [holder.id, outsider.id])
    listed = {c.person_id: c for c in rank_candidates(session, task.id, settings=Settings())}
    assert verdicts[holder.id].eligible and listed[holder.id].eligible
    # Someone the problem does not even hold (no skill of the task) is judged all the same.
    assert outsider.id not in listed
    assert verdicts[outsider.id].reasons == (
        "holds none of the task's skills at the level asked: Verdict SQL at level 3 "
        "(does not hold it)",
    )
