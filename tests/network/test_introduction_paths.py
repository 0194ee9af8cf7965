"""Introduction paths against brute force: on small generated accounts, the k best paths and
their scores are those of enumerating every simple path; and the rule that puts the direct
knowers on the asker's own team first, on a hand-built account."""

from __future__ import annotations

import math
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamgraph.network.graph import COLLEAGUE_TIES, ColleagueTie, ContactRow, Node, PersonRow
from teamgraph.network.paths import REPORTING_TIE, Hop, introduction_paths
from tests.network.builders import contact, graph

PEOPLE = range(1, 6)
STRENGTHS = st.sampled_from([0.25, 0.5, 1.0])  # few values: ties to break
PAIRS = st.sets(
    st.tuples(st.sampled_from(PEOPLE), st.sampled_from(PEOPLE)).filter(lambda p: p[0] < p[1]),
    max_size=5,
)


@st.composite
def accounts(draw: st.DrawFn) -> tuple[nx.Graph, Node, Node, int, int]:
    """An account of up to 5 people and 6 contacts in a reporting tree, with random
    relationships, departments, shared tasks and plan teams; an asker, a target, k, max hops."""
    n_contacts = draw(st.integers(1, 6))
    contacts = [
        contact(10 + i, boss=None if i == 0 else draw(st.sampled_from([None, *range(10, 10 + i)])))
        for i in range(n_contacts)
    ]
    relationships = draw(
        st.lists(
            st.tuples(
                st.sampled_from(PEOPLE), st.sampled_from([c.id for c in contacts]), STRENGTHS
            ),
            max_size=10,
            unique_by=lambda r: (r[0], r[1]),
        )
    )
    people = {
        pid: PersonRow(pid, f"P{pid}", draw(st.sampled_from(["", "Sales", "Legal"])))
        for pid in PEOPLE
    }
    g = graph(
        contacts,
        relationships,
        people=people,
        shared_tasks=draw(PAIRS),
        plan_teams=draw(PAIRS),
        also_people=list(PEOPLE),
    )
    source = ("person", draw(st.sampled_from(PEOPLE)))
    target = ("contact", draw(st.sampled_from([c.id for c in contacts])))
    return g, source, target, draw(st.integers(1, 8)), draw(st.integers(1, 5))


def brute_force(g: nx.Graph, source: Node, target: Node, k: int, max_hops: int) -> list[tuple]:
    """Every simple path of the allowed shape (people, then contacts), scored and ranked by the
    documented rule, from the undirected graph alone."""
    team_ties = {ColleagueTie.SHARED_TASK, ColleagueTie.PLAN_TEAM}
    team = {source} | {
        n for n, d in g[source].items() if d["kind"] == "colleague" and team_ties & set(d["ties"])
    }
    ranked = []
    for path in nx.all_simple_paths(g, source, target, cutoff=max_hops):
        kinds = [n[0] for n in path]
        people = kinds.count("person")
        if kinds != ["person"] * people + ["contact"] * (len(path) - people):
            continue
        strengths = []
        for a, b in pairwise(path):
            data = g.edges[a, b]
            if data["kind"] == "colleague":
                strengths.append(max(COLLEAGUE_TIES[t] for t in data["ties"]))
            elif data["kind"] == "relationship":
                strengths.append(data["strength"])
            else:
                strengths.append(REPORTING_TIE)
        if min(strengths) <= 0:
            continue
        direct = len(path) == 2 or (len(path) == 3 and path[1] in team)
        score = math.prod(strengths)
        ranked.append((not direct, -score, len(path), tuple(path)))
    ranked.sort()
    return ranked[:k]


@settings(max_examples=300, deadline=None)
@given(accounts())
def test_the_k_best_paths_are_those_of_brute_force(case: tuple) -> None:
    g, source, target, k, max_hops = case
    found = introduction_paths(g, source=source, target=target, k=k, max_hops=max_hops)
    expected = brute_force(g, source, target, k, max_hops)
    assert [p.nodes for p in found] == [e[3] for e in expected]
    assert [p.score for p in found] == pytest.approx([-e[1] for e in expected])
    assert [p.team_knower for p in found] == [not e[0] for e in expected]
    for path in found:
        assert len(path.hops) == len(path.nodes) - 1 == len(path.strengths)


# Amara (1) is the KAM of the plan whose tasks Priya (2) and Hugo (3) are on; she knows the CEO
# well, the CEO -> CFO -> controller -> Walter line leads to him; Priya and Hugo know Walter
# directly; Dora (4), of Amara's department, knows him best of all.
WALTER = [
    ContactRow(1, "Ceo"),
    ContactRow(2, "Cfo", reports_to_id=1),
    ContactRow(3, "Controller", reports_to_id=2),
    ContactRow(4, "Walter", reports_to_id=3),
]
STAFF = {
    1: PersonRow(1, "Amara", "KAM"),
    2: PersonRow(2, "Priya", "Solutions"),
    3: PersonRow(3, "Hugo", "Support"),
    4: PersonRow(4, "Dora", "KAM"),
}


def test_the_direct_knowers_on_the_askers_team_come_first() -> None:
    g = graph(
        WALTER,
        [(1, 1, 0.9), (2, 4, 0.66), (3, 4, 0.55), (4, 4, 1.0)],
        people=STAFF,
        shared_tasks={(2, 3)},
        plan_teams={(1, 2), (1, 3), (2, 3)},
    )
    paths = introduction_paths(g, source=("person", 1), target=("contact", 4), k=6)
    first, second, *rest = paths
    assert first.labels == ("Amara", "Priya", "Walter")
    assert first.hops == (Hop.PLAN_TEAM, Hop.RELATIONSHIP)
    assert first.score == pytest.approx(0.8 * 0.66)
    assert second.labels == ("Amara", "Hugo", "Walter")
    assert first.team_knower and second.team_knower
    # Dora's department tie is no team tie: her stronger path comes after the team's.
    assert rest[0].labels == ("Amara", "Dora", "Walter")
    assert rest[0].score == pytest.approx(0.6 * 1.0)
    assert rest[0].score > first.score
    assert not any(p.team_knower for p in rest)
    assert [p.score for p in rest] == sorted((p.score for p in rest), reverse=True)
    chain = introduction_paths(g, source=("person", 1), target=("contact", 4), k=20)
    ceo = next(p for p in chain if p.labels[1] == "Ceo")
    assert ceo.score == pytest.approx(0.9 * REPORTING_TIE**3)
    assert ceo.hops == (Hop.RELATIONSHIP, *[Hop.REPORTING_LINE] * 3)
    assert introduction_paths(g, source=("person", 1), target=("contact", 4), k=6, max_hops=1) == []
