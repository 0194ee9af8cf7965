"""A hand-built account with known answers for every figure."""

from __future__ import annotations

import networkx as nx
import pytest

from teamgraph.network.breadth import breadth
from teamgraph.network.coverage import analyse
from teamgraph.network.drawing import drawing
from teamgraph.network.graph import ContactRow, PersonRow
from teamgraph.network.paths import REPORTING_TIE, introduction_paths
from teamgraph.network.risk import bus_factor, key_people, risk, sole_threads
from teamgraph.network.threads import contact_threads
from tests.network.builders import AS_OF, contact, graph

#            1 CEO (decision maker, 5)
#           /            \
#   2 CFO (econ. buyer, 5)   3 CIO (decision maker, 5)
#        |                      |
#   4 controller (champion, 4)  5 architect (tech. evaluator, 3)
#                               |
#                               6 engineer (user, 2)       7 left the company (user)
CONTACTS = [
    ContactRow(1, "Ceo", department="Executive", buying_role="decision_maker", influence=5),
    ContactRow(
        2, "Cfo", department="Finance", buying_role="economic_buyer", influence=5, reports_to_id=1
    ),
    ContactRow(
        3, "Cio", department="IT", buying_role="decision_maker", influence=5, reports_to_id=1
    ),
    ContactRow(
        4, "Controller", department="Finance", buying_role="champion", influence=4, reports_to_id=2
    ),
    ContactRow(
        5,
        "Architect",
        department="IT",
        buying_role="technical_evaluator",
        influence=3,
        reports_to_id=3,
    ),
    ContactRow(6, "Engineer", department="IT", buying_role="user", influence=2, reports_to_id=5),
    ContactRow(
        7,
        "Gone",
        department="IT",
        buying_role="user",
        influence=2,
        reports_to_id=5,
        left_company=True,
    ),
]
PEOPLE = {
    10: PersonRow(10, "Kam", "KAM"),
    11: PersonRow(11, "Engineer", "Solutions"),
    12: PersonRow(12, "Counsel", "Legal"),
    13: PersonRow(13, "Retired", "Sales", active=False),
}
RELATIONSHIPS = [
    (10, 1, 0.9, 10),
    (
        12,
        1,
        0.5,
        300,
    ),  # stale with a decision maker, still a thread: 0.5 * 0.5**(300/180) = 0.157 -> no!
    (10, 2, 0.8, 10),
    (10, 4, 0.6, 200),  # stale with the champion; 0.6 * 0.5**(200/180) = 0.278: still a thread
    (11, 3, 0.7, 5),
    (10, 3, 0.7, 5),
    (11, 5, 0.6, 30),
    (11, 6, 0.1, 1),  # too weak to be a thread
    (13, 6, 0.9, 1),  # inactive person: not in the graph
    (11, 7, 0.9, 1),  # contact left: not in the graph
]


@pytest.fixture
def account() -> nx.Graph:
    return graph(CONTACTS, RELATIONSHIPS, people=PEOPLE, shared_tasks={(10, 11)})


def test_graph_drops_leavers_and_inactive_people(account: nx.Graph) -> None:
    assert ("contact", 7) not in account and ("person", 13) not in account
    assert account.edges[("person", 10), ("person", 11)]["kind"] == "colleague"
    assert account.edges[("person", 10), ("person", 11)]["strength"] == 0.9


def test_breadth(account: nx.Graph) -> None:
    b = breadth(account)
    # Threads: 1 <- {10} (12's is 0.157); 2 <- {10}; 3 <- {10, 11}; 4 <- {10}; 5 <- {11}; 6 <- none.
    assert (b.contacts, b.covered) == (6, 5)
    assert (b.decision_makers, b.decision_makers_covered, b.decision_makers_multi_threaded) == (
        3,
        3,
        1,
    )
    assert (b.departments, b.departments_reached) == (3, 3)
    assert b.people_engaged == 2
    assert b.threads_distribution == {0: 1, 1: 4, 2: 1}
    assert b.multi_threaded == 1
    roles = {r.role: (r.covered, r.total) for r in b.roles}
    assert roles == {
        "decision_maker": (2, 2),
        "economic_buyer": (1, 1),
        "champion": (1, 1),
        "technical_evaluator": (1, 1),
        "user": (0, 1),
    }
    it = {
        d.department: (d.contacts, d.covered, d.multi_threaded, d.people_engaged)
        for d in b.by_department
    }
    assert it == {"Executive": (1, 1, 0, 1), "Finance": (2, 2, 0, 1), "IT": (3, 2, 1, 2)}
    expected = 20 * 5 / 6 + 15 * 1 + 10 * 1 + 30 * 1 / 6 + 15 * 1 / 3 + 10 * min(1, 2 / 2)
    assert b.index == pytest.approx(expected, abs=0.01)


def test_single_points_of_failure(account: nx.Graph) -> None:
    sole = [(s.contact[1], s.person[1]) for s in sole_threads(account)]
    # By influence, then buying role: CEO (dm, 5), CFO (eb, 5), controller (4), architect (3).
    assert sole == [(1, 10), (2, 10), (4, 10), (5, 11)]
    keys = key_people(account)
    assert [
        (k.person[1], [c[1] for c in k.contacts_lost], k.decision_makers_lost, k.influence_lost)
        for k in keys
    ] == [
        (10, [1, 2, 4], 2, 14),
        (11, [5], 0, 3),
    ]
    bus = bus_factor(account)
    assert (bus.size, bus.people, bus.decision_maker) == (1, (("person", 10),), ("contact", 1))


def test_cut_points_and_bridges_of_the_web(account: nx.Graph) -> None:
    r = risk(account, as_of=AS_OF, stale_after_days=120)
    # The engineer (6) hangs on the web through the architect only (no thread of their own).
    assert ("contact", 5) in r.articulation_points
    assert (("contact", 5), ("contact", 6)) in r.bridges


def test_stale_relationships_with_sponsors_and_decision_makers(account: nx.Graph) -> None:
    r = risk(account, as_of=AS_OF, stale_after_days=120)
    assert [(s.person[1], s.contact[1], s.buying_role, s.days_since) for s in r.stale] == [
        (12, 1, "decision_maker", 300),
        (10, 4, "champion", 200),
    ]


def test_threads_for_the_solver(account: nx.Graph) -> None:
    threads = {
        t.contact_id: (t.threads, t.holders, t.influence, t.decision_maker)
        for t in contact_threads(account)
    }
    assert threads == {
        1: (1, (10,), 5, True),
        2: (1, (10,), 5, True),
        3: (2, (10, 11), 5, True),
        4: (1, (10,), 4, False),
        5: (1, (11,), 3, False),
        6: (0, (), 2, False),
    }


def test_introduction_paths_rank_by_product_of_strengths(account: nx.Graph) -> None:
    paths = introduction_paths(account, source=("person", 10), target=("contact", 5), k=3)
    best = paths[0]
    # Best: 10 -colleague 0.9-> 11 -0.6 decayed-> 5.
    assert best.nodes == (("person", 10), ("person", 11), ("contact", 5))
    assert best.score == pytest.approx(
        0.9 * account.edges[("person", 11), ("contact", 5)]["strength"]
    )
    # Next: 10 -> CIO (3) -> down one reporting step to the architect.
    assert paths[1].nodes == (("person", 10), ("contact", 3), ("contact", 5))
    assert paths[1].score == pytest.approx(
        account.edges[("person", 10), ("contact", 3)]["strength"] * REPORTING_TIE
    )
    assert [p.score for p in paths] == sorted((p.score for p in paths), reverse=True)
    assert introduction_paths(account, source=("person", 99), target=("contact", 5)) == []


def test_drawing_is_stable_and_flags_risks(account: nx.Graph) -> None:
    r = risk(account, as_of=AS_OF, stale_after_days=120)
    first, second = drawing(account, r), drawing(account, r)
    assert first == second
    by_id = {n.id: n for n in first.nodes}
    assert "sole_threaded" in by_id[("contact", 1)].flags
    assert "uncovered" in by_id[("contact", 6)].flags
    assert "key_person" in by_id[("person", 10)].flags
    # People on the top layer, the CEO on the next, deeper contacts below.
    assert (
        by_id[("person", 10)].y
        > by_id[("contact", 1)].y
        > by_id[("contact", 3)].y
        > by_id[("contact", 6)].y
    )
    drawn = {(e.source, e.target, e.kind) for e in first.edges}
    expected = {e for e in account.edges(data="kind") if e[2] != "colleague"}
    assert len(drawn) == len(expected) == len(first.edges)
    assert (("person", 10), ("contact", 1), "relationship") in drawn
    assert (("contact", 6), ("contact", 5), "reports_to") in drawn


def test_empty_account_and_account_without_relationships_give_zeros() -> None:
    for g in (graph([], []), graph([contact(1, "decision_maker"), contact(2)], [])):
        c = analyse(g, as_of=AS_OF, stale_after_days=120)
        assert c.breadth.covered == 0 and c.breadth.people_engaged == 0 and c.breadth.index >= 0
        assert c.risk.sole_threads == [] and c.risk.key_people == []
    empty = analyse(graph([], []), as_of=AS_OF, stale_after_days=120)
    assert empty.breadth.index == 0 and empty.risk.bus_factor.size is None
    lone = analyse(graph([contact(1, "decision_maker")], []), as_of=AS_OF, stale_after_days=120)
    assert lone.risk.bus_factor.size == 0


def test_drawing_positions_do_not_depend_on_the_process() -> None:
    """The same account drawn by two processes with different string hashing: same picture
    (servers behind a load balancer must agree)."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "sys.path.insert(0, '.')\n"
        "from tests.network.test_account_metrics import CONTACTS, PEOPLE, RELATIONSHIPS\n"
        "from tests.network.builders import AS_OF, graph\n"
        "from teamgraph.network.coverage import analyse\n"
        "g = graph(CONTACTS, RELATIONSHIPS, people=PEOPLE)\n"
        "d = analyse(g, as_of=AS_OF, stale_after_days=120).drawing\n"
        "print(json.dumps([[list(n.id), n.x, n.y] for n in d.nodes]))\n"
    )
    pictures = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", script],
                env={**os.environ, "PYTHONHASHSEED": seed},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for seed in ("1", "2", "3")
    ]
    assert pictures[0] == pictures[1] == pictures[2]
