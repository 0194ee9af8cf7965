"""Accounts and their contacts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account
from teamgraph.pagination import Page, PageRequest, paginate


def list_accounts(session: Session, page: PageRequest, *, max_size: int = 100) -> Page[Account]:
    """Accounts by name (then id), one page."""
    return paginate(session, select(Account), (Account.name, Account.id), page, max_size=max_size)
