"""The synthetic organisation: deterministic, as large as asked, coherent, and additive."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account, Contact, Relationship
from teamgraph.generate import generate_organisation
from teamgraph.people.models import Person, Proficiency
from teamgraph.plans.models import Task, TaskContact, TaskSkill
from tests.databases import committed_session, migrated_database

SMALL = {"people": 60, "accounts": 6, "seed": 3, "contacts_per_account": 12}


def snapshot(session: Session) -> dict[str, object]:
    """Everything generated, by natural keys (ids may differ between stores)."""
    email = dict(session.execute(select(Person.id, Person.email)).all())
    contact = {
        cid: (account, name)
        for cid, account, name in session.execute(
            select(Contact.id, Account.name, Contact.name).join(
                Account, Account.id == Contact.account_id
            )
        )
    }
    return {
        "people": sorted(
            session.execute(select(Person.email, Person.department, Person.capacity_hours)).all()
        ),
        "proficiencies": sorted(
            (email[p], s, lvl)
            for p, s, lvl in session.execute(
                select(Proficiency.person_id, Proficiency.skill_id, Proficiency.level)
            )
        ),
        "contacts": sorted(
            (contact[c], contact[m] if m else None, role)
            for c, m, role in session.execute(
                select(Contact.id, Contact.reports_to_id, Contact.buying_role)
            )
        ),
        "relationships": sorted(
            (email[p], contact[c], s, str(d))
            for p, c, s, d in session.execute(
                select(
                    Relationship.person_id,
                    Relationship.contact_id,
                    Relationship.strength,
                    Relationship.last_interaction,
                )
            )
        ),
        "tasks": sorted(
            session.execute(
                select(Task.title, Task.effort_hours, Task.headcount_min, Task.headcount_max)
            ).all()
        ),
    }


def test_same_arguments_same_organisation(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    snapshots = []
    for purpose in ("gen_a", "gen_b"):
        url = migrated_database(backend, tmp_path_factory, purpose)
        with committed_session(url) as session:
            generate_organisation(session, **SMALL)  # type: ignore[arg-type]
            snapshots.append(snapshot(session))
    assert snapshots[0] == snapshots[1]


def test_counts_and_invariants(session: Session) -> None:
    counts = generate_organisation(session, **SMALL, relationships_per_contact=3.0)  # type: ignore[arg-type]
    assert (counts.people, counts.accounts, counts.contacts) == (60, 6, 72)
    assert counts.tasks == 6 * 8 and counts.plans == 6
    assert session.scalar(select(func.count()).select_from(Relationship)) == counts.relationships
    # About the asked number of threads per contact (fragile accounts and caps pull it down).
    assert 1.0 <= counts.relationships / counts.contacts <= 4.5
    contacts = {c.id: c for c in session.scalars(select(Contact))}
    roots = Counter(c.account_id for c in contacts.values() if c.reports_to_id is None)
    assert all(n == 1 for n in roots.values()) and len(roots) == 6
    for c in contacts.values():
        seen = set()
        node = c
        while node.reports_to_id is not None:
            assert node.id not in seen
            seen.add(node.id)
            parent = contacts[node.reports_to_id]
            assert parent.account_id == c.account_id
            node = parent
    levels = set(session.scalars(select(Proficiency.level)))
    assert levels <= {1, 2, 3, 4, 5} and len(levels) >= 4
    kams = session.execute(
        select(Account.name, Person.department).join(Person, Person.id == Account.kam_id)
    ).all()
    assert {dept for _, dept in kams} == {"Key Account Management"}
    assert session.scalar(select(func.count()).select_from(TaskSkill)) == counts.task_skills
    engaged = session.execute(
        select(TaskContact.contact_id, Contact.account_id, Account.id)
        .join(Contact, Contact.id == TaskContact.contact_id)
        .join(Task, Task.id == TaskContact.task_id)
        .join(Account, Account.id == Contact.account_id)
    ).all()
    assert engaged and all(a == b for _, a, b in engaged)


def test_skills_follow_departments(session: Session) -> None:
    from teamgraph.catalogue.models import Skill

    generate_organisation(session, people=200, accounts=5, seed=4)
    categories = Counter(
        session.execute(
            select(Skill.category)
            .join(Proficiency, Proficiency.skill_id == Skill.id)
            .join(Person, Person.id == Proficiency.person_id)
            .where(Person.department == "Legal", Skill.category != "Languages")
        ).scalars()
    )
    assert set(categories) == {"Finance & legal"}


def test_a_second_run_with_the_same_seed_is_refused_and_another_seed_adds(session: Session) -> None:
    generate_organisation(session, people=20, accounts=2, seed=5)
    with pytest.raises(ValueError, match="seed 5"):
        generate_organisation(session, people=20, accounts=2, seed=5)
    generate_organisation(session, people=20, accounts=2, seed=6)
    assert session.scalar(select(func.count()).select_from(Person)) == 40


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"people": 0}, "people"),
        ({"accounts": 0}, "accounts"),
        ({"contacts_per_account": 0}, "contacts_per_account"),
        ({"relationships_per_contact": -1.0}, "relationships_per_contact"),
    ],
)
def test_bad_arguments_name_the_argument(
    session: Session, kwargs: dict[str, float], field: str
) -> None:
    args = {"people": 20, "accounts": 2, **kwargs}
    with pytest.raises(ValueError, match=f"^{field}: must be"):
        generate_organisation(session, **args)  # type: ignore[arg-type]
