"""Retiring a skill with its impact: the preview lists the open tasks and plans that need it,
a mandatory need refuses the retirement unless a replacement takes the needs over, and
`restore_skill` undoes a retirement (a merge is not undone)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.catalogue import retire, service
from teamgraph.catalogue.merge import merge_skills
from teamgraph.errors import ConflictError, DomainError
from teamgraph.people.service import set_proficiency
from teamgraph.plans.models import Plan, Task, TaskSkill
from teamgraph.plans.tasks import SkillNeed, create_task
from tests import factories


def needs_of(session: Session, *tasks: Task) -> dict[tuple[int, int], tuple[int, bool]]:
    rows = session.scalars(select(TaskSkill).where(TaskSkill.task_id.in_([t.id for t in tasks])))
    return {(r.task_id, r.skill_id): (r.level, r.mandatory) for r in rows}


def make_task(
    session: Session, plan: Plan, title: str, *needs: SkillNeed, status: str = "open"
) -> Task:
    task = create_task(
        session, plan_id=plan.id, kind="research", title=title, effort_hours=4, skills=list(needs)
    )
    task.status = status
    session.flush()
    return task


@pytest.fixture
def cobol(session: Session) -> dict:
    """COBOL, required by an open task (mandatory), an in-progress one (optional, with Java
    too) and a done one (mandatory); Java its would-be replacement; a plan untouched."""
    cobol, java = factories.skill(session, "COBOL"), factories.skill(session, "Java")
    account = factories.account(session)
    legacy = factories.plan(session, account.id, name="Legacy")
    other = factories.plan(session, account.id, name="Other")
    port = make_task(session, legacy, "Port batch", SkillNeed(cobol.id, 4, mandatory=True))
    fix = make_task(
        session,
        legacy,
        "Fix report",
        SkillNeed(cobol.id, 2),
        SkillNeed(java.id, 3),
        status="in_progress",
    )
    done = make_task(session, other, "Old audit", SkillNeed(cobol.id, 5, True), status="done")
    return {"cobol": cobol, "java": java, "legacy": legacy, "port": port, "fix": fix, "done": done}


def test_the_impact_lists_the_open_tasks_their_plans_and_the_blocking_needs(
    session: Session, cobol: dict
) -> None:
    impact = retire.retirement_impact(session, skill_id=cobol["cobol"].id)
    assert [(n.task_title, n.plan_name, n.level, n.mandatory) for n in impact.needs] == [
        ("Fix report", "Legacy", 2, False),
        ("Port batch", "Legacy", 4, True),
    ]  # the done task is history: not listed
    assert impact.plan_ids == [cobol["legacy"].id]
    assert [n.task_id for n in impact.blocking] == [cobol["port"].id]
    assert retire.retirement_impact(session, skill_id=cobol["java"].id).blocking == []


def test_a_mandatory_need_refuses_the_retirement_naming_the_task(
    session: Session, cobol: dict
) -> None:
    with pytest.raises(ConflictError) as refused, session.begin_nested():
        retire.retire_skill(session, skill_id=cobol["cobol"].id)
    assert refused.value.field == "replacedById"
    assert "'Port batch' (plan 'Legacy')" in str(refused.value)
    assert "Fix report" not in str(refused.value)
    assert cobol["cobol"].status == "active"


def test_a_replacement_takes_over_the_open_tasks_needs_as_a_merge_does(
    session: Session, cobol: dict
) -> None:
    ann = factories.person(session)
    set_proficiency(session, person_id=ann.id, skill_id=cobol["cobol"].id, level=5)
    version = cobol["legacy"].version
    report = retire.retire_skill(
        session, skill_id=cobol["cobol"].id, replaced_by_id=cobol["java"].id
    )
    assert (report.moved_requirements, report.merged_requirements) == (1, 1)
    assert report.impact.plan_ids == [cobol["legacy"].id]
    c, j = cobol["cobol"].id, cobol["java"].id
    assert needs_of(session, cobol["port"], cobol["fix"], cobol["done"]) == {
        (cobol["port"].id, j): (4, True),
        (cobol["fix"].id, j): (3, False),  # the stricter need of the two
        (cobol["done"].id, c): (5, True),  # done work keeps what it was done with
    }
    assert cobol["legacy"].version == version + 1  # proposals made before are stale
    assert (cobol["cobol"].status, cobol["cobol"].replaced_by_id) == ("retired", j)
    # Knowing COBOL is not knowing Java: the proficiency stays where it was.
    assert service.find_skill(session, "cobol") is cobol["cobol"]


def test_without_a_replacement_optional_needs_stay(session: Session) -> None:
    fax = factories.skill(session, "Fax")
    plan = factories.plan(session, factories.account(session).id)
    task = make_task(session, plan, "Send it", SkillNeed(fax.id, 2))
    report = retire.retire_skill(session, skill_id=fax.id)
    assert report.moved_requirements == 0 and report.impact.plan_ids == [plan.id]
    assert needs_of(session, task) == {(task.id, fax.id): (2, False)}


def test_restoring_undoes_a_retirement_and_frees_its_name(session: Session) -> None:
    perl = factories.skill(session, "Perl", aliases=["Perl 5"])
    ann = factories.person(session)
    retire.retire_skill(session, skill_id=perl.id)
    for claim in (
        lambda: service.create_skill(session, name="perl"),
        lambda: service.create_skill(session, name="Raku", aliases=["PERL 5"]),
    ):
        with pytest.raises(ConflictError) as taken, session.begin_nested():
            claim()
        assert "retired skill 'Perl'" in str(taken.value)
        assert "restoreSkill" in str(taken.value)
    restored = retire.restore_skill(session, skill_id=perl.id)
    assert restored is perl and (perl.status, perl.replaced_by_id) == ("active", None)
    set_proficiency(session, person_id=ann.id, skill_id=perl.id, level=3)  # takes holders again
    service.rename_skill(session, skill_id=perl.id, name="Perl 7")
    with pytest.raises(DomainError) as twice, session.begin_nested():
        retire.restore_skill(session, skill_id=perl.id)
    assert twice.value.field == "skillId" and "not retired" in str(twice.value)


def test_a_merged_skill_cannot_be_restored(session: Session) -> None:
    kept, old = factories.skill(session, "Kubernetes"), factories.skill(session, "Kube")
    merge_skills(session, from_id=old.id, into_id=kept.id)
    with pytest.raises(ConflictError) as refused, session.begin_nested():
        retire.restore_skill(session, skill_id=old.id)
    assert "merged into 'Kubernetes'" in str(refused.value)
    assert old.status == "retired"


def test_restoring_under_a_parent_retired_since_puts_it_at_the_top(session: Session) -> None:
    parent = factories.skill(session)
    child = factories.skill(session, parent_id=parent.id)
    retire.retire_skill(session, skill_id=child.id)
    child.parent_id = parent.id  # as an older store may hold it
    retire.retire_skill(session, skill_id=parent.id)
    child.parent_id = parent.id
    retire.restore_skill(session, skill_id=child.id)
    assert child.parent_id is None
