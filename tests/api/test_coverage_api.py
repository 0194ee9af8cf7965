"""The relationship web through HTTP, on the demo seeds, as the review-coverage operations ask
for it: each account's coverage as the network figures say, its drawable graph (objects and
columns alike), introduction paths, and the talent map."""

from __future__ import annotations

import math
from typing import Any

import pytest
from sqlalchemy import func, select

from teamgraph.accounts.models import Account, Contact
from teamgraph.catalogue.models import Skill
from teamgraph.config import Settings
from teamgraph.db import unit_of_work
from teamgraph.network.store import account_coverage
from teamgraph.people.models import Person, Proficiency
from tests.api.graphql import Api, gid


def test_account_coverage_matches_the_network_figures(demo: Api) -> None:
    with unit_of_work(demo.sessions) as session:
        accounts = session.execute(select(Account.id, Account.name)).all()
    for account_id, name in accounts:
        data = demo.published(
            "review-coverage", "AccountCoverage", {"account": gid("Account", account_id)}
        )
        coverage = data["account"]["coverage"]
        with unit_of_work(demo.sessions) as session:
            expected = account_coverage(session, account_id, settings=Settings())
        breadth = coverage["breadth"]
        assert breadth["index"] == expected.breadth.index, name
        assert breadth["covered"] == expected.breadth.covered
        assert breadth["contacts"] == expected.breadth.contacts
        assert sum(t["contacts"] for t in breadth["threadsDistribution"]) == breadth["contacts"]
        assert len(coverage["soleThreads"]) == len(expected.risk.sole_threads)
        assert [s["contact"]["id"] for s in coverage["soleThreads"]] == [
            gid("Contact", s.contact[1]) for s in expected.risk.sole_threads
        ]
        assert coverage["busFactor"]["size"] == expected.risk.bus_factor.size
        assert [p["id"] for p in coverage["busFactor"]["people"]] == [
            gid("Person", p[1]) for p in expected.risk.bus_factor.people
        ]
        nodes = {n["id"] for n in coverage["graph"]["nodes"]}
        assert len(nodes) == breadth["contacts"] + breadth["peopleEngaged"]
        assert all(
            e["source"] in nodes and e["target"] in nodes for e in coverage["graph"]["edges"]
        )
        flagged_sole = {
            n["id"] for n in coverage["graph"]["nodes"] if "sole_threaded" in n["flags"]
        }
        assert flagged_sole == {s["contact"]["id"] for s in coverage["soleThreads"]}
        again = demo.published(
            "review-coverage", "AccountCoverage", {"account": gid("Account", account_id)}
        )
        assert again == data, "the drawing is stable between calls"


def test_graph_columns_hold_the_same_picture_as_the_objects(demo: Api) -> None:
    with unit_of_work(demo.sessions) as session:
        account = session.scalars(select(Account.id).where(Account.name == "Contoso Bank")).one()
    variables = {"account": gid("Account", account)}
    graph = demo.published("review-coverage", "AccountCoverage", variables)["account"]["coverage"]
    columns = demo.published("review-coverage", "CoverageGraphColumns", variables)["account"][
        "coverage"
    ]["graph"]["columns"]
    nodes = [
        {
            "id": columns["ids"][i],
            "kind": columns["kinds"][i],
            "label": columns["labels"][i],
            "buyingRole": columns["buyingRoles"][i],
            "influence": columns["influences"][i],
            "flags": columns["flags"][i],
            "x": columns["xs"][i],
            "y": columns["ys"][i],
        }
        for i in range(len(columns["ids"]))
    ]
    assert nodes == graph["graph"]["nodes"]
    edges = [
        {
            "source": columns["ids"][s],
            "target": columns["ids"][t],
            "kind": k,
            "strength": w,
        }
        for s, t, k, w in zip(
            columns["edgeSources"],
            columns["edgeTargets"],
            columns["edgeKinds"],
            columns["edgeStrengths"],
            strict=True,
        )
    ]
    assert edges == graph["graph"]["edges"]


def test_fragile_and_deep_accounts_differ_as_seeded(demo: Api) -> None:
    with unit_of_work(demo.sessions) as session:
        ids = {name: pk for name, pk in session.execute(select(Account.name, Account.id))}

    def cov(name: str) -> dict[str, Any]:
        data = demo.published(
            "review-coverage", "AccountCoverage", {"account": gid("Account", ids[name])}
        )
        return dict(data["account"]["coverage"])

    deep, fragile = cov("Northwind Health"), cov("Contoso Bank")
    assert deep["breadth"]["index"] > fragile["breadth"]["index"]
    assert len(fragile["soleThreads"]) > len(deep["soleThreads"])


def test_introduction_paths_run_from_the_person_to_the_contact(demo: Api) -> None:
    with unit_of_work(demo.sessions) as session:
        account = session.scalars(select(Account).where(Account.name == "Northwind Health")).one()
        targets = list(session.scalars(select(Contact.id).where(Contact.account_id == account.id)))
        assert account.kam_id is not None
        source = account.kam_id
    indirect = 0
    for target in targets:
        paths = demo.published(
            "review-coverage",
            "IntroductionPaths",
            {"contact": gid("Contact", target), "from": gid("Person", source), "first": 4},
        )["introductionPaths"]
        # The own team's direct knowers first, then the rest; each group by score.
        ranks = [(not p["knownByOwnTeam"], -p["score"]) for p in paths]
        assert ranks == sorted(ranks) and len(paths) <= 4
        for path in paths:
            steps = path["steps"]
            assert steps[0]["node"]["id"] == gid("Person", source)
            assert steps[0]["strength"] is None
            assert steps[-1]["node"]["id"] == gid("Contact", target)
            product = math.prod(s["strength"] for s in steps[1:])
            assert path["score"] == pytest.approx(product, abs=1e-3)
            indirect += len(steps) > 2
    assert indirect, "a KAM of a deep account reaches some contacts through others"
    bad = demo.post('query { introductionPaths(contact: "nope", from: "nope") { score } }').json()
    assert bad["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_talent_map_counts_holders_and_flags_gaps(demo: Api) -> None:
    data = demo.published("review-coverage", "TalentMap", {"demandedOnly": False})["talentMap"]
    with unit_of_work(demo.sessions) as session:
        holders = {
            name: count
            for name, count in session.execute(
                select(Skill.name, func.count(Proficiency.person_id))
                .join(Proficiency, Proficiency.skill_id == Skill.id)
                .join(Person, Person.id == Proficiency.person_id)
                .where(Person.active.is_(True))
                .group_by(Skill.name)
            )
        }
    for skill in data["skills"]:
        assert sum(skill["peopleByLevel"]) == holders.get(skill["name"], 0), skill["name"]
    gaps = {s["name"] for s in data["gaps"]}
    assert gaps == {s["name"] for s in data["skills"] if s["tasks"] and s["gap"]}
