"""Who may write a change: the account it belongs to, found from the input's id.

A kam_lead writes to the accounts they lead or are on the team of (teamgraph.auth.policy);
each authoriser here decodes the input's id, finds the account behind it (NOT_FOUND on that
input field if there is none) and asks the policy.
"""

from __future__ import annotations

from typing import Any

import strawberry
from sqlalchemy.orm import Session

from teamgraph.accounts import contacts
from teamgraph.accounts import service as accounts
from teamgraph.api.core.ids import decode_id
from teamgraph.api.core.mutations import writes_to
from teamgraph.auth.policy import require_account_opener, require_kam_change
from teamgraph.auth.service import Principal
from teamgraph.plans import service as plans
from teamgraph.plans import tasks
from teamgraph.staffing import proposals


def opens_accounts(_session: Session, principal: Principal, _input: Any) -> None:
    """Only a kam_lead token acting for a person opens accounts."""
    require_account_opener(principal)


to_the_account = writes_to("Account", "account_id", lambda s, pk: accounts.get_account(s, pk).id)


def updates_the_account(session: Session, principal: Principal, input: Any) -> None:
    """A new KAM is named by the account's KAM or hr_admin alone (a team member taking the
    account over would lock its KAM out); the other fields by whoever writes to the account.
    So hr_admin may hand an account over, and change nothing else of it."""
    account_id = decode_id(input.account_id, "Account", field="accountId")
    accounts.get_account(session, account_id)  # NOT_FOUND before FORBIDDEN
    if input.kam_id is not strawberry.UNSET:
        require_kam_change(session, principal, account_id)
    others = {k: v for k, v in vars(input).items() if k not in ("account_id", "kam_id")}
    if any(v is not strawberry.UNSET for v in others.values()) or input.kam_id is strawberry.UNSET:
        to_the_account(session, principal, input)


to_the_contacts_account = writes_to(
    "Contact", "contact_id", lambda s, pk: contacts.get_contact(s, pk).account_id
)
to_the_plans_account = writes_to("Plan", "plan_id", lambda s, pk: plans.get_plan(s, pk).account_id)
to_the_objectives_account = writes_to(
    "Objective",
    "objective_id",
    lambda s, pk: plans.get_plan(s, plans.get_objective(s, pk).plan_id).account_id,
)
to_the_tasks_account = writes_to(
    "Task", "task_id", lambda s, pk: plans.get_plan(s, tasks.get_task(s, pk).plan_id).account_id
)
to_the_proposals_account = writes_to(
    "Proposal",
    "proposal_id",
    lambda s, pk: plans.get_plan(s, proposals.get_proposal(s, pk).plan_id).account_id,
)
