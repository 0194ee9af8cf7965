"""Who may do what: the role model in one place, used by services and the API alike.

- hr_admin: keeps the catalogue and people (and sees their personal data);
- kam_lead: writes to the accounts they lead (the account's KAM) or are on the team of (an
  assignment on one of its plans' tasks); reads everything that is not personal data;
  only the account's KAM (or hr_admin) hands the account to another KAM, so a team member
  cannot take an account over and lock its KAM out;
- viewer: reads everything that is not personal data.
Personal data (a person's email, location and time off) is seen by hr_admin and by the person.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account
from teamgraph.auth.service import Principal
from teamgraph.errors import FORBIDDEN, DomainError
from teamgraph.plans.models import Assignment, Plan, Task


class ForbiddenError(DomainError):
    code = FORBIDDEN


def is_hr(principal: Principal) -> bool:
    return principal.role == "hr_admin"


def sees_personal_data(principal: Principal, person_id: int) -> bool:
    return is_hr(principal) or principal.person_id == person_id


def require_hr(principal: Principal, *, action: str) -> None:
    if not is_hr(principal):
        raise ForbiddenError(f"only hr_admin may {action}", field="")


def writable_account(session: Session, principal: Principal, account_id: int) -> bool:
    """A kam_lead writes to accounts they lead or are on the team of; nobody else writes."""
    if principal.role != "kam_lead" or principal.person_id is None:
        return False
    leads = session.scalar(
        select(Account.id).where(Account.id == account_id, Account.kam_id == principal.person_id)
    )
    if leads is not None:
        return True
    on_team = (
        select(Assignment.id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Plan.account_id == account_id, Assignment.person_id == principal.person_id)
    )
    return bool(session.scalar(select(exists(on_team))))


def require_account_write(session: Session, principal: Principal, account_id: int) -> None:
    if not writable_account(session, principal, account_id):
        raise ForbiddenError(
            "only the account's KAM or a member of its team (with a kam_lead token) may change it",
            field="",
        )


def may_change_kam(session: Session, principal: Principal, account_id: int) -> bool:
    """The account's KAM (a kam_lead token acting as them) or hr_admin names its KAM."""
    if is_hr(principal):
        return True
    if principal.role != "kam_lead" or principal.person_id is None:
        return False
    kam = session.scalar(select(Account.kam_id).where(Account.id == account_id))
    return kam is not None and kam == principal.person_id


def require_kam_change(session: Session, principal: Principal, account_id: int) -> None:
    if not may_change_kam(session, principal, account_id):
        raise ForbiddenError(
            "only the account's KAM (with a kam_lead token) or hr_admin may change its KAM",
            field="kamId",
        )


def can_create_accounts(principal: Principal) -> bool:
    """Any kam_lead may open a new account (and becomes its KAM unless another is named)."""
    return principal.role == "kam_lead" and principal.person_id is not None


def require_account_opener(principal: Principal) -> None:
    if not can_create_accounts(principal):
        raise ForbiddenError("only a kam_lead token with a person may open accounts", field="")
