"""The relationship web from the store: reads rows, then calls the pure builders and metrics.

This is the only module of `teamgraph.network` that touches the database (sessions, `select`,
models). Keeping the queries here leaves every other module a function of graphs or rows that
tests and benchmarks build in memory, and puts what each figure reads in one place: a change
of the models is a change of this file. Functions take the session first and never commit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import numpy as np
from sqlalchemy import Float, cast, func, literal, select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account, Contact, Relationship
from teamgraph.config import Settings
from teamgraph.errors import DomainError, NotFoundError
from teamgraph.network.breadth import DECISION_ROLES
from teamgraph.network.coverage import Coverage, analyse
from teamgraph.network.graph import (
    AccountRows,
    ContactRow,
    PersonRow,
    RelationshipRow,
    build_account_graph,
)
from teamgraph.network.paths import MAX_PATHS, IntroductionPath, introduction_paths
from teamgraph.network.portfolio import PortfolioRows
from teamgraph.network.report import render_report
from teamgraph.people.models import Person
from teamgraph.plans.models import Assignment, Plan, PlanStatus, Task
from teamgraph.rows import get_row

__all__ = [
    "account_coverage",
    "coverage_report",
    "find_account",
    "introductions",
    "load_account_rows",
    "load_person_rows",
    "load_portfolio",
]


# --- rows --------------------------------------------------------------------------------------


def load_person_rows(session: Session, person_ids: Iterable[int]) -> dict[int, PersonRow]:
    """Our people by id, as the builder takes them (missing ids are left out)."""
    return {
        row[0]: PersonRow(*row)
        for row in session.execute(
            select(Person.id, Person.name, Person.department, Person.active).where(
                Person.id.in_(sorted(set(person_ids)))
            )
        )
    }


def load_account_rows(
    session: Session,
    account_id: int,
    *,
    also_people: Iterable[int] = (),
    shared_tasks: bool = True,
) -> AccountRows:
    """A handful of set-based queries, whatever the size of the account, reading columns (no
    ORM objects: a 300-contact account has a thousand rows). `also_people` are loaded even when
    they know no one there (a starting point for introductions); `shared_tasks=False` skips
    the colleague pairs, which only introduction paths use."""
    account = session.execute(
        select(Account.id, Account.name).where(Account.id == account_id)
    ).first()
    if account is None:
        raise NotFoundError(f"no account with id {account_id}", field="account")
    contact_rows = [
        ContactRow(*row)
        for row in session.execute(
            select(
                Contact.id,
                Contact.name,
                Contact.title,
                Contact.department,
                Contact.buying_role,
                Contact.influence,
                Contact.reports_to_id,
                Contact.left_company,
            )
            .where(Contact.account_id == account_id)
            .order_by(Contact.id)
        )
    ]
    relationships = [
        RelationshipRow(*row)
        for row in session.execute(
            select(
                Relationship.person_id,
                Relationship.contact_id,
                Relationship.strength,
                Relationship.last_interaction,
            )
            .join(Contact, Contact.id == Relationship.contact_id)
            .where(Contact.account_id == account_id)
            .order_by(Relationship.id)
        )
    ]
    person_ids = sorted({r.person_id for r in relationships} | set(also_people))
    people_rows = load_person_rows(session, person_ids)
    shared: set[tuple[int, int]] = set()
    teams: set[tuple[int, int]] = set()
    if shared_tasks:
        shared, teams = _colleague_pairs(session, person_ids)
    return AccountRows(
        account_id=account.id,
        name=account.name,
        people=people_rows,
        contacts=contact_rows,
        relationships=relationships,
        shared_tasks=shared,
        plan_teams=teams,
    )


def _colleague_pairs(
    session: Session, person_ids: list[int]
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(shared tasks, plan teams) among `person_ids`: pairs assigned to the same task (any
    plan), and pairs on the team of the same plan not closed (its account's KAM and the
    assignees of its tasks)."""
    tasks: dict[int, set[int]] = defaultdict(set)
    teams: dict[int, set[int]] = defaultdict(set)
    for task_id, plan_id, status, person_id in session.execute(
        select(Task.id, Task.plan_id, Plan.status, Assignment.person_id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Assignment.person_id.in_(person_ids))
    ):
        tasks[task_id].add(person_id)
        if status != PlanStatus.CLOSED:
            teams[plan_id].add(person_id)
    for plan_id, kam_id in session.execute(
        select(Plan.id, Account.kam_id)
        .join(Account, Account.id == Plan.account_id)
        .where(Plan.status != PlanStatus.CLOSED, Account.kam_id.in_(person_ids))
    ):
        if kam_id is not None:
            teams[plan_id].add(kam_id)

    def pairs(groups: dict[int, set[int]]) -> set[tuple[int, int]]:
        return {pair for members in groups.values() for pair in combinations(sorted(members), 2)}

    return pairs(tasks), pairs(teams)


def load_portfolio(session: Session, *, as_of: dt.date) -> PortfolioRows:
    """Every relationship, contact and active person as numpy columns, for `portfolio.scan`.
    Days since the last interaction are computed by the database (NaN where none)."""
    if session.get_bind().dialect.name == "sqlite":
        days = func.julianday(literal(as_of.isoformat())) - func.julianday(
            Relationship.last_interaction
        )
    else:
        days = cast(literal(as_of) - Relationship.last_interaction, Float)
    conn = session.connection()  # Core rows: no ORM bookkeeping on hundreds of thousands
    rel = _columns(
        conn.execute(
            select(Relationship.person_id, Relationship.contact_id, Relationship.strength, days)
        ),
        4,
    )
    con = _columns(
        conn.execute(
            select(
                Contact.id,
                Contact.account_id,
                Contact.influence,
                Contact.buying_role,
                Contact.left_company,
            ).order_by(Contact.id)
        ),
        5,
    )
    active = (
        conn.execute(select(Person.id).where(Person.active.is_(True)).order_by(Person.id))
        .scalars()
        .all()
    )
    return PortfolioRows(
        rel_person=np.array(rel[0], dtype=np.int64),
        rel_contact=np.array(rel[1], dtype=np.int64),
        rel_strength=np.array(rel[2], dtype=np.float64),
        rel_days=np.array([np.nan if d is None else d for d in rel[3]], dtype=np.float64),
        contact_id=np.array(con[0], dtype=np.int64),
        contact_account=np.array(con[1], dtype=np.int64),
        contact_influence=np.array(con[2], dtype=np.int64),
        contact_decision=np.isin(np.array(con[3], dtype=object), DECISION_ROLES),
        contact_left=np.array(con[4], dtype=bool),
        active_people=np.array(active, dtype=np.int64),
    )


def _columns(result: Any, width: int) -> list[tuple[Any, ...]]:
    """Rows -> columns (numpy is slow at reading SQLAlchemy rows one by one)."""
    columns = list(zip(*result, strict=True))
    return columns if columns else [() for _ in range(width)]


def find_account(session: Session, name_or_id: str) -> int:
    """An account by exact name, case-insensitive name, or id."""
    account = session.scalar(select(Account).where(Account.name == name_or_id))
    if account is None:
        matches = [
            a
            for a in session.scalars(select(Account))
            if a.name.casefold() == name_or_id.casefold()
        ]
        account = matches[0] if len(matches) == 1 else None
    if account is None and name_or_id.isdigit():
        account = session.get(Account, int(name_or_id))
    if account is None:
        raise NotFoundError(f"no account named {name_or_id!r}", field="account")
    return account.id


# --- figures -----------------------------------------------------------------------------------


def account_coverage(
    session: Session,
    account_id: int,
    *,
    settings: Settings,
    as_of: dt.date | None = None,
    draw: bool = True,
) -> Coverage:
    """The account's coverage as it stands (breadth, risks and, with `draw`, the picture)."""
    as_of = as_of or dt.date.today()
    graph = build_account_graph(
        load_account_rows(session, account_id, shared_tasks=False),
        as_of=as_of,
        half_life_days=settings.decay_half_life_days,
        threshold=settings.thread_threshold,
        colleague_ties=False,
    )
    return analyse(graph, as_of=as_of, stale_after_days=settings.stale_after_days, draw=draw)


def introductions(
    session: Session,
    *,
    contact_id: int,
    person_id: int,
    settings: Settings,
    k: int = 3,
    as_of: dt.date | None = None,
) -> list[IntroductionPath]:
    """introduction_paths on the contact's account, from the store. The person need not know
    anyone there yet: their colleague ties to those who do are what the paths run through."""
    contact = get_row(session, Contact, contact_id, field="contact")
    if session.get(Person, person_id) is None:
        raise NotFoundError(f"no person with id {person_id}", field="from")
    if not 1 <= k <= MAX_PATHS:
        raise DomainError(f"must be between 1 and {MAX_PATHS}", field="first")
    graph = build_account_graph(
        load_account_rows(session, contact.account_id, also_people={person_id}),
        as_of=as_of or dt.date.today(),
        half_life_days=settings.decay_half_life_days,
        threshold=settings.thread_threshold,
        also_people={person_id},
    )
    return introduction_paths(
        graph, source=("person", person_id), target=("contact", contact_id), k=k
    )


def coverage_report(
    session: Session,
    account: str,
    *,
    settings: Settings,
    as_of: dt.date | None = None,
    as_json: bool = False,
) -> str:
    """`teamgraph coverage ACCOUNT`: the account by name or id, its coverage, rendered."""
    coverage = account_coverage(
        session, find_account(session, account), settings=settings, as_of=as_of, draw=False
    )
    return render_report(coverage, stale_after_days=settings.stale_after_days, as_json=as_json)
