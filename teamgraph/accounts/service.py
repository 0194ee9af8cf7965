"""Accounts: create and update them, their competitors and conflicts of interest.

Recording a conflict of interest is refused while the person is on one of the account's tasks,
which is a question about plans: `teamgraph.plans.team.add_conflict` asks it (plans belong to
accounts, so accounts never import plans).

Every function takes the session first and never commits; an expected failure is a DomainError
naming the input field at fault (the API's camelCase name).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account, AccountCompetitor, AccountTier, ConflictOfInterest
from teamgraph.errors import ConflictError, DomainError, NotFoundError
from teamgraph.inputs import KEEP, check_choice, check_score, clean_filter, clean_text, kept
from teamgraph.pagination import Page, PageRequest, paginate
from teamgraph.people.service import get_person
from teamgraph.rows import get_row

# --- accounts -----------------------------------------------------------------------------------


def get_account(session: Session, account_id: int, *, field: str = "accountId") -> Account:
    return get_row(session, Account, account_id, field=field)


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
        stmt = stmt.where(
            Account.industry == clean_filter(industry, field="industry", max_length=120)
        )
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
    tier: str = AccountTier.KEY,
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
        tier=check_choice(tier, AccountTier, field="tier"),
        stage=check_score(stage, field="stage"),
        growth=check_score(growth, field="growth"),
        fit=check_score(fit, field="fit"),
        strategic_value=check_score(strategic_value, field="strategicValue"),
        kam_id=None if kam_id is None else get_person(session, kam_id, field="kamId").id,
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
        account.tier = check_choice(tier, AccountTier, field="tier")
    for key, value, field in (
        ("stage", stage, "stage"),
        ("growth", growth, "growth"),
        ("fit", fit, "fit"),
        ("strategic_value", strategic_value, "strategicValue"),
    ):
        if not kept(value):
            setattr(account, key, check_score(value, field=field))
    if not kept(kam_id):
        account.kam_id = None if kam_id is None else get_person(session, kam_id, field="kamId").id
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


# --- conflicts of interest (recorded by plans.team.add_conflict) ----------------------------------


def remove_conflict(session: Session, *, account_id: int, person_id: int) -> None:
    row = session.get(ConflictOfInterest, (person_id, account_id))
    if row is None:
        raise NotFoundError("this person has no conflict of interest here", field="personId")
    session.delete(row)
    session.flush()


def has_conflict(session: Session, *, account_id: int, person_id: int) -> bool:
    return session.get(ConflictOfInterest, (person_id, account_id)) is not None
