"""Accounts: create and update them, their competitors and conflicts of interest; the reads the
API batches (rows by id, rows by parent id, pages per parent).

Every function takes the session first and never commits; an expected failure is a DomainError
naming the input field at fault (the API's camelCase name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from teamgraph.accounts.models import TIERS, Account, AccountCompetitor, ConflictOfInterest
from teamgraph.errors import ConflictError, DomainError, NotFoundError
from teamgraph.orm import Base
from teamgraph.pagination import Page, PageRequest, paginate
from teamgraph.people.models import Person
from teamgraph.plans.models import Assignment, Plan, Task

M = TypeVar("M", bound=Base)


class Keep:
    """The default of an update's keyword arguments: leave this field as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = Keep()


def kept(value: object) -> bool:
    return isinstance(value, Keep)


# --- validation shared by the account and plan services ---------------------------------------


def clean_text(
    value: str | None,
    *,
    field: str,
    max_length: int = 200,
    blank: bool = False,
    multiline: bool = False,
) -> str:
    """`value` stripped (and, unless `multiline`, with runs of white space folded to one)."""
    text = (value or "").strip() if multiline else " ".join((value or "").split())
    if not text and not blank:
        raise DomainError("must not be blank", field=field)
    if len(text) > max_length:
        raise DomainError(f"must be at most {max_length} characters", field=field)
    return text


def check_score(value: object, *, field: str, low: int = 1, high: int = 5) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DomainError(f"must be a whole number from {low} to {high}", field=field)
    return value


def check_choice(value: str, choices: tuple[str, ...], *, field: str) -> str:
    if value not in choices:
        raise DomainError(f"must be one of {', '.join(choices)}", field=field)
    return value


def require_person(session: Session, person_id: int, *, field: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(f"no person with id {person_id}", field=field)
    return person


# --- batch reads (for the API's DataLoaders: one statement per batch) -------------------------


def rows_by_id(session: Session, model: type[M], ids: Iterable[int]) -> dict[int, M]:
    """Rows of `model` whose `id` is in `ids`, by id (missing ids are absent)."""
    keys = sorted(set(ids))
    if not keys:
        return {}
    column: Any = model.id  # type: ignore[attr-defined]  # every model passed here has an id
    return {row.id: row for row in session.scalars(select(model).where(column.in_(keys)))}  # type: ignore[attr-defined]  # see above


def rows_grouped(
    session: Session,
    column: InstrumentedAttribute[Any],
    keys: Iterable[Any],
    order: Sequence[Any] = (),
) -> dict[Any, list[Any]]:
    """Rows of `column`'s model whose `column` is in `keys`, grouped by it, each group in
    `order` (then by primary key)."""
    wanted = sorted(set(keys))
    grouped: dict[Any, list[Any]] = defaultdict(list)
    if not wanted:
        return grouped
    model = column.class_
    stmt = select(model).where(column.in_(wanted)).order_by(*order)
    for row in session.scalars(stmt):
        grouped[getattr(row, column.key)].append(row)
    return grouped


# --- accounts -----------------------------------------------------------------------------------


def get_account(session: Session, account_id: int, *, field: str = "accountId") -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise NotFoundError(f"no account with id {account_id}", field=field)
    return account


def list_accounts(
    session: Session,
    page: PageRequest,
    *,
    tier: str | None = None,
    industry: str | None = None,
    max_size: int = 100,
) -> Page[Account]:
    """Accounts by name (then id), one page, optionally of one tier and/or one industry."""
    stmt: Any = select(Account)
    if tier is not None:
        stmt = stmt.where(Account.tier == tier)
    if industry is not None:
        stmt = stmt.where(Account.industry == industry.strip())
    return paginate(session, stmt, (Account.name, Account.id), page, max_size=max_size)


def _unique_name(session: Session, name: str, *, account_id: int | None = None) -> str:
    name = clean_text(name, field="name")
    clash = session.scalar(select(Account.id).where(Account.name == name))
    if clash is not None and clash != account_id:
        raise ConflictError(f"an account named {name!r} already exists", field="name")
    return name


def create_account(
    session: Session,
    *,
    name: str,
    kam_id: int | None,
    industry: str = "",
    tier: str = "key",
    stage: int = 3,
    growth: int = 3,
    fit: int = 3,
    strategic_value: int = 3,
    competitor_ids: Sequence[int] = (),
) -> Account:
    """A new account (`open_account` when one of our people opens it)."""
    account = Account(
        name=_unique_name(session, name),
        industry=clean_text(industry, field="industry", max_length=120, blank=True),
        tier=check_choice(tier, TIERS, field="tier"),
        stage=check_score(stage, field="stage"),
        growth=check_score(growth, field="growth"),
        fit=check_score(fit, field="fit"),
        strategic_value=check_score(strategic_value, field="strategicValue"),
        kam_id=None if kam_id is None else require_person(session, kam_id, field="kamId").id,
    )
    session.add(account)
    session.flush()
    if competitor_ids:
        set_competitors(session, account_id=account.id, competitor_ids=competitor_ids)
    return account


def open_account(session: Session, *, opened_by: int, **fields: Any) -> Account:
    """A new account opened by one of our people, who is its KAM unless `fields` name another."""
    fields.setdefault("kam_id", opened_by)
    return create_account(session, **fields)


def update_account(
    session: Session,
    *,
    account_id: int,
    name: str = KEEP,
    industry: str = KEEP,
    tier: str = KEEP,
    stage: int = KEEP,
    growth: int = KEEP,
    fit: int = KEEP,
    strategic_value: int = KEEP,
    kam_id: int | None = KEEP,
    competitor_ids: Sequence[int] = KEEP,
) -> Account:
    """Change the given fields (the others keep their value); competitors are replaced."""
    account = get_account(session, account_id)
    if not kept(name):
        account.name = _unique_name(session, name, account_id=account.id)
    if not kept(industry):
        account.industry = clean_text(industry, field="industry", max_length=120, blank=True)
    if not kept(tier):
        account.tier = check_choice(tier, TIERS, field="tier")
    for key, value, field in (
        ("stage", stage, "stage"),
        ("growth", growth, "growth"),
        ("fit", fit, "fit"),
        ("strategic_value", strategic_value, "strategicValue"),
    ):
        if not kept(value):
            setattr(account, key, check_score(value, field=field))
    if not kept(kam_id):
        account.kam_id = (
            None if kam_id is None else require_person(session, kam_id, field="kamId").id
        )
    if not kept(competitor_ids):
        set_competitors(session, account_id=account.id, competitor_ids=competitor_ids)
    session.flush()
    return account


def set_competitors(
    session: Session, *, account_id: int, competitor_ids: Sequence[int]
) -> list[int]:
    """Make `competitor_ids` the accounts that compete with this one (replacing the list)."""
    for i, competitor_id in enumerate(competitor_ids):
        field = f"competitorIds[{i}]"
        if competitor_id == account_id:
            raise DomainError("an account does not compete with itself", field=field)
        get_account(session, competitor_id, field=field)
    wanted = set(competitor_ids)
    have = set(
        session.scalars(
            select(AccountCompetitor.competitor_id).where(
                AccountCompetitor.account_id == account_id
            )
        )
    )
    if have - wanted:
        session.execute(
            delete(AccountCompetitor).where(
                AccountCompetitor.account_id == account_id,
                AccountCompetitor.competitor_id.in_(have - wanted),
            )
        )
    for competitor_id in sorted(wanted - have):
        session.add(AccountCompetitor(account_id=account_id, competitor_id=competitor_id))
    session.flush()
    return sorted(wanted)


# --- conflicts of interest --------------------------------------------------------------------


def add_conflict(
    session: Session, *, account_id: int, person_id: int, reason: str = ""
) -> ConflictOfInterest:
    """Bar a person from serving an account. Refused while they are on one of its tasks: the
    KAM lead unassigns them first, knowingly."""
    get_account(session, account_id)
    require_person(session, person_id, field="personId")
    reason = clean_text(reason, field="reason", max_length=2000, blank=True, multiline=True)
    existing = session.get(ConflictOfInterest, (person_id, account_id))
    if existing is not None:
        existing.reason = reason
        session.flush()
        return existing
    on_tasks = session.scalars(
        select(Task.title)
        .join(Assignment, Assignment.task_id == Task.id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Plan.account_id == account_id, Assignment.person_id == person_id)
        .order_by(Task.title)
    ).all()
    if on_tasks:
        raise ConflictError(
            f"the person is assigned to {', '.join(on_tasks)}; unassign them first",
            field="personId",
        )
    row = ConflictOfInterest(account_id=account_id, person_id=person_id, reason=reason)
    session.add(row)
    session.flush()
    return row


def remove_conflict(session: Session, *, account_id: int, person_id: int) -> None:
    row = session.get(ConflictOfInterest, (person_id, account_id))
    if row is None:
        raise NotFoundError("this person has no conflict of interest here", field="personId")
    session.delete(row)
    session.flush()


def has_conflict(session: Session, *, account_id: int, person_id: int) -> bool:
    return session.get(ConflictOfInterest, (person_id, account_id)) is not None
