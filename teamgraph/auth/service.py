"""Creating and checking API tokens.

A token is shown once, when created; the store keeps only its SHA-256. Tokens are long random
strings, so a plain hash (no salt, no slow KDF) is enough and lookups stay one indexed query.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account
from teamgraph.auth.models import ApiToken, Role
from teamgraph.errors import NotFoundError
from teamgraph.inputs import check_choice
from teamgraph.orm import utcnow
from teamgraph.pagination import Page, PageRequest, paginate
from teamgraph.people.models import Person
from teamgraph.people.service import person_by_email
from teamgraph.plans.models import Plan
from teamgraph.rows import get_row

TOKEN_PREFIX = "tg_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role, and the person behind the token when there is one."""

    token_id: int
    role: str
    person_id: int | None
    # Who the plan history names for this caller's changes.
    actor: str = ""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, *, role: str, person_email: str | None = None, label: str = ""
) -> str:
    """A new token for `role` (and person); returns the only copy of the plain token."""
    role = check_choice(role, Role, field="role")
    person_id = None
    if person_email:
        person = person_by_email(session, person_email)
        if person is None:
            raise NotFoundError(f"no person with email {person_email!r}", field="person")
        person_id = person.id
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(token_hash=hash_token(token), role=role, person_id=person_id, label=label))
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


def authenticate(session: Session, token: str) -> Principal | None:
    """The principal of a valid, unrevoked token, or None."""
    found = session.execute(
        select(ApiToken, Person.email)
        .outerjoin(Person, Person.id == ApiToken.person_id)
        .where(ApiToken.token_hash == hash_token(token))
    ).first()
    if found is None or found[0].revoked_at is not None:
        return None
    row, email = found
    actor = email or f"token {row.id} ({row.role})"
    return Principal(token_id=row.id, role=row.role, person_id=row.person_id, actor=actor)


def revoke_token(session: Session, *, token: str) -> None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None:
        raise NotFoundError("no such token", field="token")
    row.revoked_at = utcnow()
    session.flush()


# --- keeping tokens: list them (never their secret) and revoke them by id ----------------------


def list_tokens(
    session: Session, page: PageRequest, *, include_revoked: bool = False, max_size: int = 100
) -> Page[ApiToken]:
    """Tokens by id, one page; the revoked ones only when asked."""
    stmt: Any = select(ApiToken)
    if not include_revoked:
        stmt = stmt.where(ApiToken.revoked_at.is_(None))
    return paginate(session, stmt, (ApiToken.id,), page, max_size=max_size)


def all_tokens(
    session: Session, *, include_revoked: bool = False
) -> list[tuple[ApiToken, str | None]]:
    """Every token by id with the email of the person it acts as (for `teamgraph token list`)."""
    stmt = (
        select(ApiToken, Person.email)
        .outerjoin(Person, Person.id == ApiToken.person_id)
        .order_by(ApiToken.id)
    )
    if not include_revoked:
        stmt = stmt.where(ApiToken.revoked_at.is_(None))
    return [(row, email) for row, email in session.execute(stmt)]


def revoke_token_id(session: Session, *, token_id: int, field: str = "tokenId") -> ApiToken:
    """Revoke a token by id: it stops working at once. Revoking it again changes nothing (it
    keeps the time it was first revoked)."""
    row = get_row(session, ApiToken, token_id, field=field)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
    return row
