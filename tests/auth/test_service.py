"""API tokens: each carries its role and person, is stored only as its hash, and stops working
once revoked."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.auth.models import ApiToken
from teamgraph.auth.service import (
    TOKEN_PREFIX,
    authenticate,
    create_token,
    hash_token,
    revoke_token,
)
from teamgraph.db import Actor
from teamgraph.errors import DomainError, NotFoundError
from tests import factories


def test_a_token_carries_its_role_and_person(session: Session) -> None:
    kam = factories.person(session, email="kam.lead@example.com")
    token = create_token(session, role="kam_lead", person_email="KAM.Lead@example.com")
    principal = authenticate(session, token)
    assert principal is not None
    assert (principal.role, principal.person_id) == ("kam_lead", kam.id)
    # The plan history names the person.
    assert principal.actor == Actor(label="kam.lead@example.com", person_id=kam.id)
    viewer = authenticate(session, create_token(session, role="viewer"))
    assert viewer is not None
    assert (viewer.role, viewer.person_id) == ("viewer", None)
    assert viewer.actor == Actor(label=f"token {viewer.token_id} (viewer)")


def test_the_token_is_stored_only_as_its_hash(session: Session) -> None:
    token = create_token(session, role="hr_admin", label="payroll sync")
    assert token.startswith(TOKEN_PREFIX) and len(token) > 40
    row = session.scalars(select(ApiToken).where(ApiToken.label == "payroll sync")).one()
    assert row.token_hash == hash_token(token) != token
    assert len(row.token_hash) == 64
    stored = [v for v in vars(row).values() if isinstance(v, str)]
    assert not any(token in value for value in stored)
    assert create_token(session, role="hr_admin") != token  # random, not derived


def test_unknown_and_revoked_tokens_authenticate_nobody(session: Session) -> None:
    token = create_token(session, role="viewer")
    assert authenticate(session, token + "x") is None
    assert authenticate(session, hash_token(token)) is None  # the stored hash is no token
    revoke_token(session, token=token)
    assert authenticate(session, token) is None
    with pytest.raises(NotFoundError) as unknown:
        revoke_token(session, token="tg_nobody")
    assert unknown.value.field == "token"


def test_an_unknown_role_or_person_is_refused(session: Session) -> None:
    before = len(session.scalars(select(ApiToken)).all())
    with pytest.raises(DomainError) as role:
        create_token(session, role="admin")
    assert role.value.field == "role"
    with pytest.raises(NotFoundError) as person:
        create_token(session, role="kam_lead", person_email="ghost@example.com")
    assert person.value.field == "person"
    assert len(session.scalars(select(ApiToken)).all()) == before
