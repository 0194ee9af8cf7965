"""The analytics on rows from the store (both databases): the builder's queries, the portfolio
loader's date arithmetic, the talent map and the CLI view."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from sqlalchemy.orm import Session

from teamgraph.config import Settings
from teamgraph.errors import NotFoundError
from teamgraph.network.coverage import account_coverage
from teamgraph.network.portfolio import load_portfolio, scan
from teamgraph.network.report import coverage_report
from teamgraph.network.talent import talent_map
from teamgraph.people.service import set_proficiency
from teamgraph.plans.models import Assignment, TaskSkill
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


def test_talent_map_supply_demand_gaps_and_sole_holders(
    session: Session, acme: dict[str, int]
) -> None:
    plan = factories.plan(session, acme["account"])
    rare = factories.skill(session, "Quantum accounting")
    common = factories.skill(session, "Negotiation")
    nobody = factories.skill(session, "Klingon")
    set_proficiency(session, person_id=acme["kam"], skill_id=rare.id, level=4)
    set_proficiency(session, person_id=acme["kam"], skill_id=common.id, level=3)
    set_proficiency(session, person_id=acme["se"], skill_id=common.id, level=5)
    task = factories.task(session, plan.id, effort_hours=10, headcount_min=1)
    for skill in (rare, common, nobody):
        session.add(
            TaskSkill(task_id=task.id, skill_id=skill.id, level=3, mandatory=True, weight=1.0)
        )
    session.add(Assignment(task_id=task.id, person_id=acme["kam"], role="lead"))
    session.flush()
    found = {s.name: s for s in talent_map(session, demanded_only=True).skills}
    assert set(found) == {"Quantum accounting", "Negotiation", "Klingon"}
    assert (
        found["Negotiation"].people_by_level == {3: 1, 5: 1} and found["Negotiation"].qualified == 2
    )
    assert found["Quantum accounting"].sole_holder == acme["kam"]
    # Kim has 40 h a week and 10 h assigned: 30 free.
    assert found["Quantum accounting"].qualified_free_hours == 30
    gaps = {s.name for s in talent_map(session).gaps}
    assert gaps == {"Klingon"}


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
