"""The seeds: the catalogue and the demo organisation load, meet the promised size, make
sense together, and loading them twice changes nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account, ConflictOfInterest, Contact, Relationship
from teamgraph.catalogue.models import Skill, SkillTerm
from teamgraph.orm import Base
from teamgraph.people.models import Person, Proficiency, TimeOff
from teamgraph.plans.models import Assignment, ObjectiveReading, Plan, Review, Task, TaskSkill
from teamgraph.seeding import load_catalogue, load_demo


def counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
        if table.name != "plan_change"
    }


@pytest.fixture
def demo(session: Session) -> Session:
    load_demo(session)
    return session


def test_loading_twice_changes_nothing(demo: Session) -> None:
    before = counts(demo)
    added = load_demo(demo)
    assert all(n == 0 for n in added.values()), added
    assert counts(demo) == before
    assert load_catalogue(demo) == 0


def test_catalogue_size_categories_and_aliases(demo: Session) -> None:
    skills = demo.scalar(select(func.count()).select_from(Skill))
    categories = demo.scalar(select(func.count(func.distinct(Skill.category))))
    aliased = demo.scalar(
        select(func.count(func.distinct(SkillTerm.skill_id))).where(SkillTerm.kind == "alias")
    )
    assert skills is not None and skills >= 120
    assert categories is not None and categories >= 8
    assert aliased is not None and aliased >= 30
    assert demo.scalar(select(func.count()).where(Skill.parent_id.is_not(None))), "a taxonomy"


def test_demo_organisation_size(demo: Session) -> None:
    assert (demo.scalar(select(func.count()).select_from(Person)) or 0) >= 60
    per_account = Counter(demo.scalars(select(Contact.account_id)))
    key_accounts = list(demo.scalars(select(Account.id).where(Account.stage >= 4)))
    assert len(key_accounts) >= 4
    assert all(per_account[a] >= 15 for a in key_accounts)
    tasks_per_plan = Counter(demo.scalars(select(Task.plan_id)))
    assert sum(1 for n in tasks_per_plan.values() if n >= 8) >= 2
    assert (demo.scalar(select(func.count()).select_from(Proficiency)) or 0) >= 60 * 5


def test_org_charts_are_trees_inside_each_account(demo: Session) -> None:
    contacts = {c.id: c for c in demo.scalars(select(Contact))}
    for contact in contacts.values():
        seen = {contact.id}
        manager = contact.reports_to_id
        while manager is not None:
            assert contacts[manager].account_id == contact.account_id
            assert manager not in seen, f"cycle through {contact.name}"
            seen.add(manager)
            manager = contacts[manager].reports_to_id


def test_some_accounts_are_multi_threaded_and_some_hang_on_few_people(demo: Session) -> None:
    threads: dict[int, Counter[int]] = defaultdict(Counter)
    people: dict[int, set[int]] = defaultdict(set)
    for account_id, contact_id, person_id in demo.execute(
        select(Contact.account_id, Relationship.contact_id, Relationship.person_id).join(
            Contact, Contact.id == Relationship.contact_id
        )
    ):
        threads[account_id][contact_id] += 1
        people[account_id].add(person_id)
    multi_share = {
        account: sum(1 for n in per_contact.values() if n >= 2) / max(len(per_contact), 1)
        for account, per_contact in threads.items()
    }
    assert max(multi_share.values()) >= 0.6, multi_share
    assert min(multi_share.values()) <= 0.25, multi_share
    assert min(len(p) for p in people.values()) <= 3


def test_plans_are_staffable_by_people_without_conflicts(demo: Session) -> None:
    levels = {(p.person_id, p.skill_id): p.level for p in demo.scalars(select(Proficiency))}
    conflicted = {(c.person_id, c.account_id) for c in demo.scalars(select(ConflictOfInterest))}
    people = list(demo.scalars(select(Person.id)))
    for task, requirement, account_id in demo.execute(
        select(Task, TaskSkill, Plan.account_id)
        .join(TaskSkill, TaskSkill.task_id == Task.id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(TaskSkill.mandatory.is_(True))
    ):
        holders = [
            p
            for p in people
            if levels.get((p, requirement.skill_id), 0) >= requirement.level
            and (p, account_id) not in conflicted
        ]
        assert holders, f"nobody can staff {task.title!r}"


def test_demo_has_plans_with_assignments_and_a_conflict_of_interest(demo: Session) -> None:
    assert (demo.scalar(select(func.count()).select_from(Plan)) or 0) >= 2
    assert demo.scalar(select(func.count()).select_from(Assignment))
    assert demo.scalar(select(func.count()).select_from(ConflictOfInterest))


def test_the_demo_kam_lead_token_can_staff_a_plan(demo: Session) -> None:
    from teamgraph.auth.policy import writable_account
    from teamgraph.auth.service import authenticate, create_demo_tokens

    tokens = create_demo_tokens(demo)
    email, token = tokens["kam_lead"]
    principal = authenticate(demo, token)
    assert principal is not None and principal.role == "kam_lead"
    writable = {
        account_id
        for account_id in demo.scalars(select(Plan.account_id))
        if writable_account(demo, principal, account_id)
    }
    plans = {
        account: count
        for account, count in demo.execute(
            select(Plan.account_id, func.count(Plan.id)).group_by(Plan.account_id)
        )
    }
    assert any(plans[a] == max(plans.values()) for a in writable), email
    assert tokens["viewer"][0] == tokens["hr_admin"][0] == "no person"


# --- a believable demo ----------------------------------------------------------------------------

KAM_SKILLS = ("Key account management", "Account planning", "Relationship building")


def test_each_account_has_its_own_people(demo: Session) -> None:
    by_account: dict[int, set[str]] = defaultdict(set)
    titles: dict[int, set[str]] = defaultdict(set)
    for account_id, name, title in demo.execute(
        select(Contact.account_id, Contact.name, Contact.title)
    ):
        by_account[account_id].add(name)
        titles[account_id].add(title)
    accounts = list(by_account)
    for i, a in enumerate(accounts):
        for b in accounts[i + 1 :]:
            assert not by_account[a] & by_account[b], (a, b, by_account[a] & by_account[b])
    # The titles say which business each account is in: no two accounts share the same list.
    assert len({frozenset(t) for t in titles.values()}) == len(titles)


def test_kams_hold_the_account_management_skills_at_4_or_5(demo: Session) -> None:
    kams = list(demo.scalars(select(Person).where(Person.title.like("%Key Account Manager"))))
    assert len(kams) >= 8
    levels = {
        (person_id, name): level
        for person_id, name, level in demo.execute(
            select(Proficiency.person_id, Skill.name, Proficiency.level).join(
                Skill, Skill.id == Proficiency.skill_id
            )
        )
    }
    for kam in kams:
        for skill in KAM_SKILLS:
            assert levels.get((kam.id, skill), 0) >= 4, (kam.name, skill)
        if kam.title.startswith("Senior"):
            assert levels[(kam.id, "Key account management")] == 5, kam.name


def test_dates_count_from_the_day_of_loading(session: Session) -> None:
    today = dt.date(2031, 3, 14)
    load_demo(session, today=today)
    reviews = list(session.scalars(select(Review)))
    assert reviews and all(r.held_on < today for r in reviews)
    tasks = list(session.scalars(select(Task)))
    assert all(t.due is not None and t.due < today for t in tasks if t.status == "done")
    under_way = [t for t in tasks if t.status == "in_progress"]
    assert under_way and all(t.start and t.due and t.start <= today <= t.due for t in under_way)
    away = list(session.scalars(select(TimeOff)))
    assert any(t.start_date > today for t in away) and any(t.end_date < today for t in away)
    plans = list(session.scalars(select(Plan)))
    assert all(p.period_start <= today + dt.timedelta(days=60) for p in plans)


def test_reviews_report_only_work_that_is_done(demo: Session) -> None:
    """Every review is inside its plan's period, reads some objectives, and every task of the
    plan due before the review is done or under way (not open)."""
    for review in demo.scalars(select(Review)):
        plan = demo.get(Plan, review.plan_id)
        assert plan is not None and plan.period_start <= review.held_on <= plan.period_end
        assert demo.scalar(select(func.count()).where(ObjectiveReading.review_id == review.id)), (
            review.notes
        )
        overdue = demo.scalars(
            select(Task.title).where(
                Task.plan_id == plan.id, Task.due < review.held_on, Task.status == "open"
            )
        ).all()
        assert not overdue, (review.notes, overdue)


def test_work_under_way_has_manual_assignees(demo: Session) -> None:
    """So a re-plan has someone to keep: in-progress tasks staffed by hand, on two plans."""
    plans = set(
        demo.scalars(
            select(Task.plan_id)
            .join(Assignment, Assignment.task_id == Task.id)
            .where(Task.status == "in_progress", Assignment.source == "manual")
        )
    )
    assert len(plans) >= 2


def test_conflicts_of_interest_say_why(demo: Session) -> None:
    reasons = list(demo.scalars(select(ConflictOfInterest.reason)))
    assert reasons and all(len(r) > 20 and "demo" not in r for r in reasons)
