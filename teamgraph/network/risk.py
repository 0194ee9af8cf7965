"""Where an account hangs on one person: sole threads, key people, cut points, bus factor,
stale relationships with sponsors and decision makers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from teamgraph.network.breadth import DECISION_ROLES
from teamgraph.network.cuts import articulation_points_and_bridges
from teamgraph.network.graph import Node, reporting_lines, thread_index

__all__ = [
    "BusFactor",
    "KeyPerson",
    "Risk",
    "SoleThread",
    "StaleRelationship",
    "bus_factor",
    "key_people",
    "risk",
    "sole_threads",
    "stale_relationships",
]

# Which buying roles hurt most to lose, for ranking at equal influence.
ROLE_WEIGHT = {
    "decision_maker": 8,
    "economic_buyer": 7,
    "champion": 6,
    "influencer": 5,
    "technical_evaluator": 4,
    "blocker": 3,
    "gatekeeper": 2,
    "user": 1,
}
SPONSOR_ROLES = ("champion", *DECISION_ROLES)


@dataclass(frozen=True)
class SoleThread:
    contact: Node
    person: Node
    influence: int
    buying_role: str


@dataclass(frozen=True)
class KeyPerson:
    """What the account loses if this person leaves: contacts left with no thread."""

    person: Node
    contacts_lost: tuple[Node, ...]
    decision_makers_lost: int
    influence_lost: int


@dataclass(frozen=True)
class BusFactor:
    """The fewest of our people whose loss leaves a decision maker without a thread.

    `size` is None when the account has no decision maker in the graph, 0 when one already has
    no thread; `people` is one such smallest set.
    """

    size: int | None
    people: tuple[Node, ...]
    decision_maker: Node | None


@dataclass(frozen=True)
class StaleRelationship:
    person: Node
    contact: Node
    buying_role: str
    days_since: int | None


@dataclass(frozen=True)
class Risk:
    sole_threads: list[SoleThread]
    key_people: list[KeyPerson]
    articulation_points: list[Node]
    bridges: list[tuple[Node, Node]]
    bus_factor: BusFactor
    stale: list[StaleRelationship]


def _rank(graph: nx.Graph, contact: Node) -> tuple[int, int]:
    data = graph.nodes[contact]
    return (-data["influence"], -ROLE_WEIGHT.get(data["buying_role"], 0))


Threads = dict[Node, list[Node]]


def sole_threads(graph: nx.Graph, *, threads: Threads | None = None) -> list[SoleThread]:
    """Contacts with exactly one thread, most influential (then by buying role) first."""
    found = []
    for c, holders in (threads if threads is not None else thread_index(graph)).items():
        if len(holders) == 1:
            data = graph.nodes[c]
            found.append(SoleThread(c, holders[0], data["influence"], data["buying_role"]))
    return sorted(found, key=lambda s: (*_rank(graph, s.contact), s.contact))


def key_people(graph: nx.Graph, *, threads: Threads | None = None) -> list[KeyPerson]:
    """People ranked by what their departure costs: influence of contacts left threadless."""
    lost: dict[Node, list[Node]] = {}
    for s in sole_threads(graph, threads=threads):
        lost.setdefault(s.person, []).append(s.contact)
    ranked = [
        KeyPerson(
            person=p,
            contacts_lost=tuple(sorted(cs)),
            decision_makers_lost=sum(
                1 for c in cs if graph.nodes[c]["buying_role"] in DECISION_ROLES
            ),
            influence_lost=sum(graph.nodes[c]["influence"] for c in cs),
        )
        for p, cs in lost.items()
    ]
    return sorted(ranked, key=lambda k: (-k.influence_lost, -k.decision_makers_lost, k.person))


def bus_factor(graph: nx.Graph, *, threads: Threads | None = None) -> BusFactor:
    """To leave a decision maker threadless every one of its thread holders must go, and that
    suffices: the answer is the decision maker with the fewest threads, and its holders."""
    best: tuple[int, Node, list[Node]] | None = None
    index = threads if threads is not None else thread_index(graph)
    for c in sorted(index):
        if graph.nodes[c]["buying_role"] not in DECISION_ROLES:
            continue
        holders = index[c]
        if best is None or len(holders) < best[0]:
            best = (len(holders), c, holders)
    if best is None:
        return BusFactor(size=None, people=(), decision_maker=None)
    return BusFactor(size=best[0], people=tuple(best[2]), decision_maker=best[1])


def stale_relationships(
    graph: nx.Graph, *, as_of: dt.date, stale_after_days: int
) -> list[StaleRelationship]:
    """Relationships with champions and decision makers untouched for `stale_after_days` or
    more (or never): one exactly that old is stale, as the README and the setting say."""
    found = []
    for c, role in graph.nodes(data="buying_role"):
        if role not in SPONSOR_ROLES:
            continue
        for p, data in graph[c].items():
            if data["kind"] != "relationship":
                continue
            last = data["last_interaction"]
            days = None if last is None else (as_of - last).days
            if days is None or days >= stale_after_days:
                found.append(StaleRelationship(p, c, role, days))
    return sorted(found, key=lambda s: (-(s.days_since or 10**6), s.contact, s.person))


def cut_points(
    graph: nx.Graph, *, threads: Threads | None = None
) -> tuple[list[Node], list[tuple[Node, Node]]]:
    """Articulation points and bridges of the account web: threads and reporting lines (not
    colleague ties, which would hide how the customer side hangs together)."""
    index = threads if threads is not None else thread_index(graph)
    edges = [(p, c) for c, holders in index.items() for p in holders]
    edges += reporting_lines(graph)
    points, bridges = articulation_points_and_bridges(graph.nodes, edges)
    return sorted(points), sorted((u, v) if u < v else (v, u) for u, v in bridges)


def risk(
    graph: nx.Graph, *, as_of: dt.date, stale_after_days: int = 120, threads: Threads | None = None
) -> Risk:
    index = threads if threads is not None else thread_index(graph)
    articulation, bridges = cut_points(graph, threads=index)
    return Risk(
        sole_threads=sole_threads(graph, threads=index),
        key_people=key_people(graph, threads=index),
        articulation_points=articulation,
        bridges=bridges,
        bus_factor=bus_factor(graph, threads=index),
        stale=stale_relationships(graph, as_of=as_of, stale_after_days=stale_after_days),
    )
