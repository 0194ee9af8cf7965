"""teamgraph.network.store on both databases: the account loader's queries, the portfolio
loader's date arithmetic, introductions and the CLI view, read from rows in the store."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account
from teamgraph.config import Settings
from teamgraph.errors import DomainError, NotFoundError
from teamgraph.network.portfolio import scan
from teamgraph.network.store import (
    account_coverage,
    coverage_report,
    find_account,
    introductions,
    load_account_rows,
    load_portfolio,
)
from teamgraph.plans.models import Assignment
from tests import factories

AS_OF = dt.date(2026, 11, 1)


@pytest.fixture
def acme(session: Session) -> dict[str, int]:
    account = factories.account(session, name="Acme")
    kam = factories.person(session, name="Kim", department="KAM")
    se = factories.person(session, name="Sam", department="Solutions")
    ceo = factories.contact(
        session, account.id, name="Ceo", buying_role="decision_maker", influence=5
    )
    cio = factories.contact(
        session,
        account.id,
        name="Cio",
        buying_role="decision_maker",
        influence=5,
        reports_to_id=ceo.id,
    )
    user = factories.contact(
        session, account.id, name="User", buying_role="user", influence=1, reports_to_id=cio.id
    )
    factories.relationship(
        session, kam.id, ceo.id, strength=0.9, last_interaction=AS_OF - dt.timedelta(days=10)
    )
    factories.relationship(
        session, kam.id, cio.id, strength=0.9, last_interaction=AS_OF - dt.timedelta(days=10)
    )
    factories.relationship(session, se.id, cio.id, strength=0.8, last_interaction=None)
    factories.relationship(
        session, se.id, user.id, strength=0.3, last_interaction=AS_OF - dt.timedelta(days=400)
    )
    return {
        "account": account.id,
        "kam": kam.id,
        "se": se.id,
        "ceo": ceo.id,
        "cio": cio.id,
        "user": user.id,
    }


def test_coverage_from_the_store(session: Session, acme: dict[str, int]) -> None:
    c = account_coverage(session, acme["account"], settings=Settings(), as_of=AS_OF)
    assert (c.breadth.contacts, c.breadth.covered, c.breadth.multi_threaded) == (3, 2, 1)
    # The SE's relationship with no recorded date counts one half-life old: 0.8 -> 0.4.
    assert c.graph.edges[("person", acme["se"]), ("contact", acme["cio"])][
        "strength"
    ] == pytest.approx(0.4)
    assert c.risk.bus_factor.size == 1 and c.risk.bus_factor.people == (("person", acme["kam"]),)
    with pytest.raises(NotFoundError):
        account_coverage(session, 999_999, settings=Settings(), as_of=AS_OF)


def test_portfolio_loader_computes_days_in_the_database(
    session: Session, acme: dict[str, int]
) -> None:
    rows = load_portfolio(session, as_of=AS_OF)
    days = dict(
        zip(
            zip(rows.rel_person.tolist(), rows.rel_contact.tolist(), strict=True),
            rows.rel_days.tolist(),
            strict=True,
        )
    )
    assert days[(acme["kam"], acme["ceo"])] == 10
    assert days[(acme["se"], acme["user"])] == 400
    assert np.isnan(days[(acme["se"], acme["cio"])])
    result = scan(rows, min_accounts=1)
    (summary,) = [a for a in result.accounts if a.account_id == acme["account"]]
    assert (summary.contacts, summary.covered, summary.sole_threaded, summary.bus_factor) == (
        3,
        2,
        1,
        1,
    )


def test_cli_view_as_text_and_json(session: Session, acme: dict[str, int]) -> None:
    text = coverage_report(session, "acme", settings=Settings(), as_of=AS_OF)
    assert "bus factor" in text and "Kim" in text and "contacts covered         2 of 3" in text
    data = json.loads(
        coverage_report(session, "Acme", settings=Settings(), as_of=AS_OF, as_json=True)
    )
    assert data["breadth"]["covered"] == 2 and data["bus_factor"]["people"] == ["Kim"]
    assert [s["contact"] for s in data["sole_threads"]] == ["Ceo"]
    with pytest.raises(NotFoundError):
        coverage_report(session, "Nope", settings=Settings(), as_of=AS_OF)


def test_account_rows_read_columns_and_colleague_pairs(
    session: Session, acme: dict[str, int]
) -> None:
    plan = factories.plan(session, acme["account"])
    task = factories.task(session, plan.id)
    session.add_all(
        [
            Assignment(task_id=task.id, person_id=acme["kam"], role="lead"),
            Assignment(task_id=task.id, person_id=acme["se"], role="member"),
        ]
    )
    outsider = factories.person(session, name="Olu")
    session.flush()
    rows = load_account_rows(session, acme["account"], also_people={outsider.id})
    assert rows.name == "Acme"
    assert [c.name for c in rows.contacts] == ["Ceo", "Cio", "User"]
    assert set(rows.people) == {acme["kam"], acme["se"], outsider.id}
    assert rows.shared_tasks == {tuple(sorted((acme["kam"], acme["se"])))}
    assert load_account_rows(session, acme["account"], shared_tasks=False).shared_tasks == set()
    with pytest.raises(NotFoundError):
        load_account_rows(session, 999_999)


def test_find_account_by_name_any_case_or_id(session: Session, acme: dict[str, int]) -> None:
    assert find_account(session, "Acme") == acme["account"]
    assert find_account(session, "ACME") == acme["account"]
    assert find_account(session, str(acme["account"])) == acme["account"]


def test_introductions_from_the_store_check_their_arguments(
    session: Session, acme: dict[str, int]
) -> None:
    settings = Settings()
    (path, *_) = introductions(
        session, contact_id=acme["user"], person_id=acme["kam"], settings=settings, as_of=AS_OF
    )
    assert path.nodes[0] == ("person", acme["kam"]) and path.nodes[-1] == ("contact", acme["user"])
    with pytest.raises(NotFoundError):
        introductions(session, contact_id=999_999, person_id=acme["kam"], settings=settings)
    with pytest.raises(NotFoundError):
        introductions(session, contact_id=acme["user"], person_id=999_999, settings=settings)
    with pytest.raises(DomainError):
        introductions(
            session, contact_id=acme["user"], person_id=acme["kam"], settings=settings, k=0
        )


def test_plan_teams_pair_the_kam_with_the_assignees_of_plans_not_closed(
    session: Session, acme: dict[str, int]
) -> None:
    lead = factories.person(session, name="Lea")
    other = factories.account(session, name="Other", kam_id=lead.id)
    session.get_one(Account, acme["account"]).kam_id = acme["kam"]
    current = factories.task(session, factories.plan(session, acme["account"]).id)
    closed = factories.task(session, factories.plan(session, other.id, status="closed").id)
    session.add_all(
        [
            Assignment(task_id=current.id, person_id=acme["se"]),
            Assignment(task_id=closed.id, person_id=acme["se"]),
        ]
    )
    session.flush()
    rows = load_account_rows(session, acme["account"], also_people={lead.id})
    pair = tuple(sorted((acme["kam"], acme["se"])))
    assert rows.plan_teams == {pair}  # the closed plan's KAM (Lea) is no team mate
    assert rows.shared_tasks == set()
    (path, *_) = introductions(
        session,
        contact_id=acme["user"],
        person_id=acme["kam"],
        settings=Settings(),
        as_of=AS_OF,
        k=5,
    )
    assert path.team_knower and path.nodes[1] == ("person", acme["se"])
