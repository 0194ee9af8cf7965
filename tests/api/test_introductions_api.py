"""`introductionPaths` through the API on both databases: a KAM reaches a contact through the
team mates of their own plan who know the contact, before any detour along the reporting line,
and each step says how it is reached."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from teamgraph.db import unit_of_work
from teamgraph.plans import team
from tests import factories
from tests.api.graphql import Api, gid

_serial = itertools.count(1)
PATHS = """
query P($contact: ID!, $from: ID!, $first: Int!) {
  introductionPaths(contact: $contact, from: $from, first: $first) {
    score knownByOwnTeam steps { strength via node { id kind label } }
  }
}
"""


def test_team_mates_who_know_the_contact_come_before_the_reporting_line(api: Api) -> None:
    n = next(_serial)
    today = dt.date.today()
    with unit_of_work(api.sessions) as s:
        kam = factories.person(s, name=f"Amara {n}", department=f"KAM {n}")
        priya = factories.person(s, name=f"Priya {n}", department=f"Solutions {n}")
        hugo = factories.person(s, name=f"Hugo {n}", department=f"Support {n}")
        peer = factories.person(s, name=f"Dora {n}", department=f"KAM {n}")
        account = factories.account(s, name=f"Northbound {n}", kam_id=kam.id)
        ceo = factories.contact(s, account.id, name=f"Ceo {n}")
        cfo = factories.contact(s, account.id, name=f"Cfo {n}", reports_to_id=ceo.id)
        walter = factories.contact(s, account.id, name=f"Walter {n}", reports_to_id=cfo.id)
        factories.relationship(s, kam.id, ceo.id, strength=0.9, last_interaction=today)
        factories.relationship(s, priya.id, walter.id, strength=0.66, last_interaction=today)
        factories.relationship(s, hugo.id, walter.id, strength=0.55, last_interaction=today)
        factories.relationship(s, peer.id, walter.id, strength=1.0, last_interaction=today)
        plan = factories.plan(s, account.id, status="active")
        task = factories.task(s, plan.id, headcount_max=2)
        team.assign(s, task_id=task.id, person_id=priya.id)
        team.assign(s, task_id=task.id, person_id=hugo.id)
        ids = {"kam": gid("Person", kam.id), "walter": gid("Contact", walter.id)}
    paths = api.data(PATHS, {"contact": ids["walter"], "from": ids["kam"], "first": 6})[
        "introductionPaths"
    ]
    labels = [[s["node"]["label"] for s in p["steps"]] for p in paths]
    assert labels[:3] == [
        [f"Amara {n}", f"Priya {n}", f"Walter {n}"],
        [f"Amara {n}", f"Hugo {n}", f"Walter {n}"],
        [f"Amara {n}", f"Dora {n}", f"Walter {n}"],  # same department: not the KAM's team
    ]
    assert [p["knownByOwnTeam"] for p in paths[:3]] == [True, True, False]
    first = paths[0]
    assert [s["via"] for s in first["steps"]] == [None, "PLAN_TEAM", "RELATIONSHIP"]
    assert first["score"] == pytest.approx(0.8 * 0.66, abs=1e-3)
    assert paths[2]["score"] > first["score"]  # the own team's knowers still come first
    chain = next(p for p in paths if p["steps"][1]["node"]["label"] == f"Ceo {n}")
    hops = [s["via"] for s in chain["steps"][1:]]
    assert hops == ["RELATIONSHIP", "REPORTING_LINE", "REPORTING_LINE"]
    assert chain["score"] == pytest.approx(0.9 * 0.7 * 0.7, abs=1e-3)
