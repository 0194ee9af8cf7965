"""A deterministic, realistic-looking synthetic organisation, for benchmarks and load tests.

`generate_organisation(session, people=10_000, accounts=200, seed=1)` adds people whose skills
follow their department, accounts whose org charts are trees with buying roles by level, and
relationships that cluster around each account's KAM and team, more of them on senior
contacts; about a third of the accounts are fragile (they hang on the KAM). Plans with tasks
that require catalogue skills and engage contacts complete it.

Speed: rows are built with numpy and a seeded `random.Random`, then written with Core
executemany inserts (RETURNING where ids are needed, which SQLite and PostgreSQL both support),
never as ORM objects. The same arguments always give the same rows. Everything generated is
recognisable by its email domain `gen<seed>.example` and its account-name suffix, so it can be
added to a store that already holds the demo, and a second run with the same seed is refused.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tqdm import tqdm

from teamgraph.catalogue.models import Skill
from teamgraph.generate.accounts import (
    add_accounts,
    add_conflicts_and_competitors,
    add_relationships,
)
from teamgraph.generate.people import add_people
from teamgraph.generate.plans import add_plans
from teamgraph.generate.run import Run
from teamgraph.people.models import Person
from teamgraph.seeding import load_catalogue

__all__ = ["GeneratedCounts", "generate_organisation"]


@dataclass(frozen=True)
class GeneratedCounts:
    people: int
    proficiencies: int
    accounts: int
    contacts: int
    relationships: int
    conflicts: int
    competitors: int
    plans: int
    objectives: int
    tasks: int
    task_skills: int
    task_contacts: int


def _at_least(name: str, value: float, minimum: float) -> None:
    if value < minimum:
        raise ValueError(f"{name}: must be >= {minimum:g}, got {value:g}")


def generate_organisation(
    session: Session,
    *,
    people: int,
    accounts: int,
    seed: int = 0,
    contacts_per_account: int = 20,
    relationships_per_contact: float = 4.0,
    plans_per_account: int = 1,
    tasks_per_plan: int = 8,
    progress: bool = False,
    today: dt.date | None = None,
) -> GeneratedCounts:
    """Add a synthetic organisation; does not commit (the caller owns the transaction).

    The catalogue in the store supplies the skills; an empty catalogue gets the default one.
    `today` anchors last-interaction dates (default: a fixed day, for reproducible figures).
    """
    _at_least("people", people, 10)
    _at_least("accounts", accounts, 1)
    _at_least("contacts_per_account", contacts_per_account, 1)
    _at_least("relationships_per_contact", relationships_per_contact, 0)
    _at_least("plans_per_account", plans_per_account, 0)
    _at_least("tasks_per_plan", tasks_per_plan, 1)
    run = Run(session=session, seed=seed, today=today or dt.date(2026, 11, 1))
    if session.scalar(select(func.count()).where(Person.email.like(f"%@{run.domain}"))):
        raise ValueError(f"this store already holds the organisation generated with seed {seed}")
    if not session.scalar(select(func.count()).select_from(Skill)):
        load_catalogue(session)
    skills_by_category: dict[str, list[int]] = defaultdict(list)
    for skill_id, category in session.execute(
        select(Skill.id, Skill.category).where(Skill.status == "active").order_by(Skill.id)
    ):
        skills_by_category[category].append(skill_id)

    with tqdm(total=5, desc="generating", unit="step", disable=not progress, leave=False) as bar:
        staff = add_people(
            run, people, kams_at_least=max(1, accounts // 3), skills_by_category=skills_by_category
        )
        bar.update()
        portfolio = add_accounts(run, accounts, staff, contacts_per_account=contacts_per_account)
        bar.update()
        relationships = add_relationships(
            run, portfolio, staff, per_contact=relationships_per_contact
        )
        bar.update()
        conflicts, competitors = add_conflicts_and_competitors(run, portfolio, staff)
        bar.update()
        skills = [s for group in skills_by_category.values() for s in group]
        plans = add_plans(
            run, portfolio, skills, per_account=plans_per_account, tasks_per_plan=tasks_per_plan
        )
        bar.update()
    session.flush()
    return GeneratedCounts(
        people=len(staff.ids),
        proficiencies=staff.proficiencies,
        accounts=len(portfolio.ids),
        contacts=len(portfolio.contact_ids),
        relationships=relationships,
        conflicts=conflicts,
        competitors=competitors,
        plans=plans.plans,
        objectives=plans.objectives,
        tasks=plans.tasks,
        task_skills=plans.task_skills,
        task_contacts=plans.task_contacts,
    )
