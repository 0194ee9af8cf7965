"""Creating and checking API tokens.

A token is shown once, when created; the store keeps only its SHA-256. Tokens are long random
strings, so a plain hash (no salt, no slow KDF) is enough and lookups stay one indexed query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account
from teamgraph.auth.models import ApiToken, Role
from teamgraph.db import Actor
from teamgraph.errors import DomainError, NotFoundError
from teamgraph.inputs import check_choice
from teamgraph.orm import utcnow
from teamgraph.pagination import Page, PageRequest, paginate
from teamgraph.people.models import Person
from teamgraph.people.service import person_by_email
from teamgraph.plans.models import Plan
from teamgraph.rows import get_row

TOKEN_PREFIX = "tg_"
NOBODY = Actor(label="")
# The longest life a token may be given when it is made (ten years).
MAX_EXPIRY_DAYS = 3650


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role, and the person behind the token when there is one."""

    token_id: int
    role: str
    person_id: int | None
    # Who the plan history and proposals name for this caller's changes.
    actor: Actor = NOBODY


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def as_utc(moment: dt.datetime) -> dt.datetime:
    """The store keeps UTC; SQLite hands it back without its zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def expiry(days: int | None, *, now: dt.datetime | None = None, field: str) -> dt.datetime | None:
    """When a token made now for `days` days stops working (None: never)."""
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXPIRY_DAYS:
        raise DomainError(
            f"must be a whole number of days from 1 to {MAX_EXPIRY_DAYS}", field=field
        )
    return (now or utcnow()) + dt.timedelta(days=days)


def token_works(row: ApiToken, *, now: dt.datetime) -> bool:
    """Neither revoked nor expired."""
    return row.revoked_at is None and (row.expires_at is None or now < as_utc(row.expires_at))


def create_token(
    session: Session,
    *,
    role: str,
    person_email: str | None = None,
    label: str = "",
    expires_in_days: int | None = None,
) -> str:
    """A new token for `role` (and person), refused from `expires_in_days` days on if given;
    returns the only copy of the plain token."""
    role = check_choice(role, Role, field="role")
    expires_at = expiry(expires_in_days, field="expiresInDays")
    person_id = None
    if person_email:
        person = person_by_email(session, person_email)
        if person is None:
            raise NotFoundError(f"no person with email {person_email!r}", field="person")
        person_id = person.id
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            token_hash=hash_token(token),
            role=role,
            person_id=person_id,
            label=label,
            expires_at=expires_at,
        )
    )
    session.flush()
    return token


def create_demo_tokens(session: Session) -> dict[str, tuple[str, str]]:
    """One token per role; the KAM lead's acts as the KAM of the account with the most plans
    (then the first by name), so the demo token can staff a plan straight away."""
    plans = select(func.count(Plan.id)).where(Plan.account_id == Account.id).scalar_subquery()
    kam = session.scalar(
        select(Person)
        .join(Account, Account.kam_id == Person.id)
        .order_by(plans.desc(), Account.name)
        .limit(1)
    )
    tokens: dict[str, tuple[str, str]] = {}
    for role in ("viewer", "kam_lead", "hr_admin"):
        person = kam if role == "kam_lead" else None
        who = person.email if person else "no person"
        tokens[role] = (
            who,
            create_token(
                session, role=role, person_email=person.email if person else None, label="demo"
            ),
        )
    return tokens


def authenticate(
    session: Session, token: str, *, now: dt.datetime | None = None
) -> Principal | None:
    """The principal of a token that works, or None: unknown, revoked, expired, or acting as a
    person who is no longer active (deactivating someone ends their access at once)."""
    found = session.execute(
        select(ApiToken, Person.email, Person.active)
        .outerjoin(Person, Person.id == ApiToken.person_id)
        .where(ApiToken.token_hash == hash_token(token))
    ).first()
    if found is None:
        return None
    row, email, active = found
    if not token_works(row, now=now or utcnow()):
        return None
    if row.person_id is not None and not active:
        return None
    actor = Actor(label=email or f"token {row.id} ({row.role})", person_id=row.person_id)
    return Principal(token_id=row.id, role=row.role, person_id=row.person_id, actor=actor)


def revoke_token(session: Session, *, token: str) -> None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None:
        raise NotFoundError("no such token", field="token")
    row.revoked_at = utcnow()
    session.flush()


# --- keeping tokens: list them (never their secret) and revoke them by id ----------------------


def _working(stmt: Any, now: dt.datetime) -> Any:
    return stmt.where(
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at.is_(None) | (ApiToken.expires_at > now),
    )


def list_tokens(
    session: Session, page: PageRequest, *, include_revoked: bool = False, max_size: int = 100
) -> Page[ApiToken]:
    """Tokens by id, one page; the revoked and expired ones only when asked."""
    stmt: Any = select(ApiToken)
    if not include_revoked:
        stmt = _working(stmt, utcnow())
    return paginate(session, stmt, (ApiToken.id,), page, max_size=max_size)


def all_tokens(
    session: Session, *, include_revoked: bool = False
) -> list[tuple[ApiToken, str | None]]:
    """Every token by id with the email of the person it acts as (for `teamgraph token list`);
    the revoked and expired ones only when asked."""
    stmt: Any = (
        select(ApiToken, Person.email)
        .outerjoin(Person, Person.id == ApiToken.person_id)
        .order_by(ApiToken.id)
    )
    if not include_revoked:
        stmt = _working(stmt, utcnow())
    return [(row, email) for row, email in session.execute(stmt)]


def revoke_token_id(session: Session, *, token_id: int, field: str = "tokenId") -> ApiToken:
    """Revoke a token by id: it stops working at once. Revoking it again changes nothing (it
    keeps the time it was first revoked)."""
    row = get_row(session, ApiToken, token_id, field=field)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
    return row
