"""The seeds: the catalogue and the demo organisation load, meet the promised size, make
sense together, and loading them twice changes nothing."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account, ConflictOfInterest, Contact, Relationship
from teamgraph.catalogue.models import Skill, SkillTerm
from teamgraph.orm import Base
from teamgraph.people.models import Person, Proficiency
from teamgraph.plans.models import Assignment, Plan, Task, TaskSkill
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
