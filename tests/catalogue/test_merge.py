"""Merging two skills: proficiencies and requirements move to the skill kept (the higher level
and the stricter need win), the old names find the skill kept, and the old skill is retired."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.catalogue import retire, service
from teamgraph.catalogue.merge import merge_skills
from teamgraph.errors import DomainError, NotFoundError
from teamgraph.people.models import Proficiency
from teamgraph.people.service import set_proficiency
from teamgraph.plans.models import TaskSkill
from teamgraph.plans.tasks import SkillNeed, create_task
from tests import factories


def levels(session: Session, *people: int) -> dict[tuple[int, int], int]:
    rows = session.scalars(select(Proficiency).where(Proficiency.person_id.in_(people)))
    return {(p.person_id, p.skill_id): p.level for p in rows}


def test_merging_moves_proficiencies_keeping_the_higher_level(session: Session) -> None:
    kept, old = factories.skill(session, "Kubernetes"), factories.skill(session, "Kube")
    ann, bob, cy = (factories.person(session) for _ in range(3))
    set_proficiency(session, person_id=ann.id, skill_id=kept.id, level=2)
    set_proficiency(session, person_id=ann.id, skill_id=old.id, level=5, interest=4)
    set_proficiency(session, person_id=bob.id, skill_id=kept.id, level=4)
    set_proficiency(session, person_id=bob.id, skill_id=old.id, level=1)
    set_proficiency(session, person_id=cy.id, skill_id=old.id, level=3)
    report = merge_skills(session, from_id=old.id, into_id=kept.id)
    assert (report.moved_proficiencies, report.merged_proficiencies) == (1, 2)
    assert levels(session, ann.id, bob.id, cy.id) == {
        (ann.id, kept.id): 5,
        (bob.id, kept.id): 4,
        (cy.id, kept.id): 3,
    }
    interest = session.scalars(
        select(Proficiency.interest).where(
            Proficiency.person_id == ann.id, Proficiency.skill_id == kept.id
        )
    ).one()
    assert interest == 4


def test_merging_moves_requirements_keeping_the_stricter_need(session: Session) -> None:
    kept, old = factories.skill(session), factories.skill(session)
    plan = factories.plan(session, factories.account(session).id)
    untouched = factories.plan(session, plan.account_id)
    both = create_task(
        session,
        plan_id=plan.id,
        kind="pitch",
        title="Both",
        effort_hours=4,
        skills=[SkillNeed(kept.id, 2, weight=2.0), SkillNeed(old.id, 4, mandatory=True)],
    )
    only_old = create_task(
        session,
        plan_id=plan.id,
        kind="research",
        title="Old",
        effort_hours=4,
        skills=[SkillNeed(old.id, 3)],
    )
    factories.task(session, untouched.id)
    report = merge_skills(session, from_id=old.id, into_id=kept.id)
    needs = {
        (t.task_id, t.skill_id): (t.level, t.mandatory, t.weight)
        for t in session.scalars(
            select(TaskSkill).where(TaskSkill.task_id.in_((both.id, only_old.id)))
        )
    }
    assert needs == {
        (both.id, kept.id): (4, True, 2.0),
        (only_old.id, kept.id): (3, False, 1.0),
    }
    assert (report.moved_requirements, report.merged_requirements) == (1, 1)
    assert report.affected_plan_ids == [plan.id]


def test_the_old_skill_is_retired_and_its_names_find_the_one_kept(session: Session) -> None:
    kept = factories.skill(session, "Kubernetes")
    old = factories.skill(session, "Kube Platform", aliases=["kp"])
    child = factories.skill(session, parent_id=old.id)
    earlier = factories.skill(session)
    retire.retire_skill(session, skill_id=earlier.id, replaced_by_id=old.id)
    merge_skills(session, from_id=old.id, into_id=kept.id)
    assert (old.status, old.replaced_by_id) == ("retired", kept.id)
    session.refresh(earlier)
    assert earlier.replaced_by_id == kept.id  # no chain through a retired skill
    assert child.parent_id == kept.id
    for term in ("kube platform", "KP", "kubernetes"):
        assert service.find_skill(session, term) is kept, term
    assert set(service.aliases_of(session, kept.id)) == {"kp", "Kube Platform"}


def test_a_merge_into_itself_a_retired_or_an_unknown_skill_is_refused(session: Session) -> None:
    skill, retired = factories.skill(session), factories.skill(session)
    retire.retire_skill(session, skill_id=retired.id)
    for from_id, into_id, error, field in (
        (skill.id, skill.id, DomainError, "into"),
        (skill.id, retired.id, DomainError, "into"),
        (999_999, skill.id, NotFoundError, "from"),
        (skill.id, 999_999, NotFoundError, "into"),
    ):
        with pytest.raises(error) as refused, session.begin_nested():
            merge_skills(session, from_id=from_id, into_id=into_id)
        assert refused.value.field == field
    assert skill.status == "active"
