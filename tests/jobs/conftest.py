"""An app on a database holding a generated organisation: one large plan (1,500 people x 300
tasks: CP-SAT improves its team for seconds, long enough to watch, cancel or kill) and one
small plan (200 x 50: solved in well under a second)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account
from teamgraph.generate import generate_organisation
from teamgraph.people.models import Person
from teamgraph.plans.models import Plan
from tests.api.graphql import Api, gid, serving
from tests.databases import migrated_database


@dataclass(frozen=True)
class Plans:
    large: str  # global ids
    small: str
    large_kam: str  # emails of their KAMs
    small_kam: str


def fill(session: Session) -> None:
    generate_organisation(session, people=1500, accounts=1, tasks_per_plan=300, seed=0)
    generate_organisation(session, people=200, accounts=1, tasks_per_plan=50, seed=1)


def plans_of(api: Api) -> Plans:
    with api.sessions() as session:
        rows = session.execute(
            select(Plan.id, Person.email)
            .join(Account, Account.id == Plan.account_id)
            .join(Person, Person.id == Account.kam_id)
            .order_by(Plan.id)
        ).all()
    (large, large_kam), (small, small_kam) = rows
    return Plans(gid("Plan", large), gid("Plan", small), large_kam, small_kam)


@pytest.fixture(scope="module")
def jobs_database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    return migrated_database(backend, tmp_path_factory, "jobs")


@pytest.fixture(scope="module")
def solving(jobs_database: str) -> Iterator[Api]:
    """The app running solve jobs itself (as `make run` does), at most 3 queued per token."""
    env = {"TEAMGRAPH_MAX_QUEUED_JOBS": "3", "TEAMGRAPH_SERVE_JOBS": "2"}
    with serving(jobs_database, env, fill=fill) as app:
        yield app


@pytest.fixture(scope="module")
def plans(solving: Api) -> Plans:
    return plans_of(solving)
