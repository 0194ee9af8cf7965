"""Who may do what: HR keeps the catalogue and people and sees personal data; a kam_lead
writes to the accounts they lead or are on the team of, and to no other; viewers write
nothing."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from teamgraph.auth import policy
from teamgraph.auth.service import Principal
from teamgraph.plans import team
from tests import factories


def principal(role: str, person_id: int | None = None) -> Principal:
    return Principal(token_id=1, role=role, person_id=person_id)


def test_a_kam_lead_writes_to_the_accounts_they_lead_or_staff_only(session: Session) -> None:
    kam, member, other_kam = (factories.person(session) for _ in range(3))
    account = factories.account(session, kam_id=kam.id)
    other = factories.account(session, kam_id=other_kam.id)
    task = factories.task(session, factories.plan(session, account.id).id)
    team.assign(session, task_id=task.id, person_id=member.id)
    for who, account_id, may in (
        (principal("kam_lead", kam.id), account.id, True),
        (principal("kam_lead", member.id), account.id, True),
        (principal("kam_lead", other_kam.id), account.id, False),
        (principal("kam_lead", kam.id), other.id, False),
        (principal("kam_lead", member.id), other.id, False),
        (principal("kam_lead"), account.id, False),  # a kam_lead token for nobody
        (principal("viewer", kam.id), account.id, False),
        (principal("hr_admin", kam.id), account.id, False),
    ):
        assert policy.writable_account(session, who, account_id) is may, (who, account_id)


def test_only_the_kam_or_hr_names_the_kam_not_a_team_member(session: Session) -> None:
    kam, member = factories.person(session), factories.person(session)
    account = factories.account(session, kam_id=kam.id)
    no_kam = factories.account(session, kam_id=None)
    task = factories.task(session, factories.plan(session, account.id).id)
    team.assign(session, task_id=task.id, person_id=member.id)
    for who, account_id, may in (
        (principal("kam_lead", kam.id), account.id, True),
        (principal("hr_admin"), account.id, True),
        (principal("hr_admin"), no_kam.id, True),
        (principal("kam_lead", member.id), account.id, False),  # writes to it, may not take it
        (principal("kam_lead", member.id), no_kam.id, False),
        (principal("kam_lead"), no_kam.id, False),
        (principal("viewer", kam.id), account.id, False),
    ):
        assert policy.may_change_kam(session, who, account_id) is may, (who, account_id)
    with pytest.raises(policy.ForbiddenError) as refused:
        policy.require_kam_change(session, principal("kam_lead", member.id), account.id)
    assert refused.value.field == "kamId"


def test_a_refused_account_write_is_a_forbidden_error(session: Session) -> None:
    kam, other_kam = factories.person(session), factories.person(session)
    account = factories.account(session, kam_id=kam.id)
    policy.require_account_write(session, principal("kam_lead", kam.id), account.id)
    with pytest.raises(policy.ForbiddenError) as refused:
        policy.require_account_write(session, principal("kam_lead", other_kam.id), account.id)
    assert refused.value.code == "FORBIDDEN"


def test_only_hr_keeps_the_catalogue_and_people() -> None:
    policy.require_hr(principal("hr_admin"), action="merge skills")
    for role in ("viewer", "kam_lead"):
        with pytest.raises(policy.ForbiddenError, match="only hr_admin may merge skills"):
            policy.require_hr(principal(role, 7), action="merge skills")


def test_personal_data_is_seen_by_hr_and_the_person_only() -> None:
    assert policy.sees_personal_data(principal("hr_admin"), 7)
    assert policy.sees_personal_data(principal("viewer", 7), 7)
    assert not policy.sees_personal_data(principal("viewer", 8), 7)
    assert not policy.sees_personal_data(principal("kam_lead", 8), 7)


def test_any_kam_lead_with_a_person_may_open_an_account() -> None:
    assert policy.can_create_accounts(principal("kam_lead", 7))
    assert not policy.can_create_accounts(principal("kam_lead"))
    assert not policy.can_create_accounts(principal("hr_admin", 7))
    assert not policy.can_create_accounts(principal("viewer", 7))
