"""Introduction paths: the best ways from one of our people (the asker) to a customer contact.

A path has one shape: zero or more colleague hops between our people, one relationship of the
last of them with a contact, then zero or more steps along the customer's reporting lines.
Each hop has a strength:

- a colleague hop: the strength of the pair's strongest tie (`graph.COLLEAGUE_TIES`: a shared
  task 0.9, the same current plan's team 0.8, the same department 0.6);
- a relationship: its effective (decayed) strength;
- a reporting step, up or down: `REPORTING_TIE` (0.7), so knowing the contact beats a detour.

A path's score is the product of its hops' strengths. The direct knowers on the asker's own
team rank first: paths asker -> contact and asker -> team mate -> contact, where a team mate
shares a task or a current plan's team with the asker. The other paths follow. Within each
group paths rank by score, then fewer hops, then node ids. Everything is exact: a best-first
search (A*, each node's bound its cheapest way on to the target) yields the simple paths of at
most `max_hops` hops in the order of their cost -log(score).
(`teamgraph.network.store.introductions` builds the graph from the store.)
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

import networkx as nx

from teamgraph.network.graph import ColleagueTie, Node

__all__ = [
    "MAX_PATHS",
    "REPORTING_TIE",
    "Hop",
    "IntroductionPath",
    "introduction_paths",
    "own_team",
]

REPORTING_TIE = 0.7
MAX_PATHS = 20  # the most paths one request may ask for
MAX_EXPANSIONS = 200_000  # a safety net for huge cliques; small accounts never come near it
_EPSILON = 1e-9
TEAM_TIES = frozenset({ColleagueTie.SHARED_TASK, ColleagueTie.PLAN_TEAM})


class Hop(StrEnum):
    """How a path gets from one node to the next."""

    SHARED_TASK = "shared_task"
    PLAN_TEAM = "plan_team"
    DEPARTMENT = "department"
    RELATIONSHIP = "relationship"
    REPORTING_LINE = "reporting_line"


@dataclass(frozen=True)
class IntroductionPath:
    nodes: tuple[Node, ...]
    strengths: tuple[float, ...]
    labels: tuple[str, ...] = ()  # the nodes' names, as the graph has them
    hops: tuple[Hop, ...] = ()  # how each hop is made (one fewer than nodes)
    team_knower: bool = False  # the asker or a team mate knows the contact: ranks first

    @property
    def score(self) -> float:
        return math.prod(self.strengths)


def own_team(graph: nx.Graph, source: Node) -> frozenset[Node]:
    """The asker and the people they share a task or a current plan's team with."""
    if source not in graph:
        return frozenset()
    mates = {
        n
        for n, data in graph[source].items()
        if data["kind"] == "colleague" and TEAM_TIES.intersection(data.get("ties", ()))
    }
    return frozenset(mates | {source})


def _directed(graph: nx.Graph) -> nx.DiGraph:
    """people -> people -> contact -> contact: the only edges a path may take."""
    directed = nx.DiGraph()
    directed.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        strength = float(data.get("strength", 0.0))
        if data["kind"] == "reports_to":
            strength = REPORTING_TIE
        if strength <= 0:
            continue
        strength = min(strength, 1.0)
        if data["kind"] == "colleague":
            hop = Hop(data.get("tie", ColleagueTie.DEPARTMENT))
            directed.add_edge(u, v, strength=strength, hop=hop)
            directed.add_edge(v, u, strength=strength, hop=hop)
        elif data["kind"] == "relationship":
            person, contact = (u, v) if u[0] == "person" else (v, u)
            directed.add_edge(person, contact, strength=strength, hop=Hop.RELATIONSHIP)
        elif data["kind"] == "reports_to":
            directed.add_edge(u, v, strength=strength, hop=Hop.REPORTING_LINE)
            directed.add_edge(v, u, strength=strength, hop=Hop.REPORTING_LINE)
    for _, _, data in directed.edges(data=True):
        data["cost"] = -math.log(data["strength"])
    return directed


def _in_cost_order(
    directed: nx.DiGraph, source: Node, target: Node, *, max_hops: int
) -> Iterator[tuple[float, tuple[Node, ...]]]:
    """(cost, nodes) of every simple path of at most `max_hops` hops, in nondecreasing cost.
    The bound of a node is its cheapest way (and fewest hops) on to the target ignoring
    simplicity: it never overestimates, so complete paths come out in order."""
    reverse = directed.reverse(copy=False)
    bound = nx.single_source_dijkstra_path_length(reverse, target, weight="cost")
    hops_left = nx.single_source_shortest_path_length(reverse, target, cutoff=max_hops)
    if source not in bound or source not in hops_left:
        return
    queue: list[tuple[float, float, tuple[Node, ...]]] = [(bound[source], 0.0, (source,))]
    expansions = 0
    while queue and expansions < MAX_EXPANSIONS:
        _, cost, path = heapq.heappop(queue)
        node = path[-1]
        if node == target:
            yield cost, path
            continue
        expansions += 1
        for nxt, data in directed[node].items():
            if nxt in path or nxt not in hops_left or len(path) + hops_left[nxt] > max_hops:
                continue
            step = cost + data["cost"]
            heapq.heappush(queue, (step + bound[nxt], step, (*path, nxt)))


def _best(
    paths: Iterator[tuple[float, tuple[Node, ...]]],
    k: int,
    keep: Callable[[tuple[Node, ...]], bool],
) -> list[tuple[Node, ...]]:
    """The kept paths that may be among the `k` best: every path as cheap as the k-th (within
    rounding) is read before the cut, so ties are broken by `_ranked`, not by the search."""
    found: list[tuple[float, tuple[Node, ...]]] = []
    for cost, path in paths:
        if len(found) >= k and cost > found[k - 1][0] + _EPSILON:
            break
        if keep(path):
            found.append((cost, path))
    return [p for _, p in found]


def introduction_paths(
    graph: nx.Graph, *, source: Node, target: Node, k: int = 5, max_hops: int = 4
) -> list[IntroductionPath]:
    """The `k` best paths of at most `max_hops` hops from `source` to `target` (see the module's
    docstring for the shape, the score and the order)."""
    if source not in graph or target not in graph or source == target or k < 1:
        return []
    directed = _directed(graph)
    knowers = [
        (source, target) if mate == source else (source, mate, target)
        for mate in sorted(own_team(graph, source))
        if directed.has_edge(mate, target) and (mate == source or directed.has_edge(source, mate))
    ]
    first = {path for path in knowers if len(path) - 1 <= max_hops}
    ranked = _ranked(directed, graph, sorted(first), team_knower=True)[:k]
    if len(ranked) < k:
        others = _best(
            _in_cost_order(directed, source, target, max_hops=max_hops),
            k - len(ranked),
            lambda path: path not in first,
        )
        ranked += _ranked(directed, graph, others, team_knower=False)[: k - len(ranked)]
    return ranked


def _ranked(
    directed: nx.DiGraph, graph: nx.Graph, paths: list[tuple[Node, ...]], *, team_knower: bool
) -> list[IntroductionPath]:
    found = [
        IntroductionPath(
            nodes=path,
            strengths=tuple(directed[a][b]["strength"] for a, b in pairwise(path)),
            labels=tuple(str(graph.nodes[n].get("label", "")) for n in path),
            hops=tuple(directed[a][b]["hop"] for a, b in pairwise(path)),
            team_knower=team_knower,
        )
        for path in paths
    ]
    found.sort(key=lambda p: (-p.score, len(p.nodes), p.nodes))
    return found
