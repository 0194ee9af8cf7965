"""Introduction paths: the best ways from one of our people to a customer contact.

A path runs through colleagues (shared task 0.9, same department 0.6), then a relationship of
one of them with the contact or with someone in the contact's reporting line, then along that
line (each reporting step counts 0.7, so a direct relationship beats a detour). Paths are
ranked by the product of their strengths, found as shortest paths under cost -log(strength)
on a directed graph whose edges only go people -> people -> contact -> contact, so every path
has that shape. (`teamgraph.network.store.introductions` builds the graph from the store.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from teamgraph.network.graph import Node

__all__ = ["MAX_PATHS", "REPORTING_TIE", "IntroductionPath", "introduction_paths"]

REPORTING_TIE = 0.7
MAX_CANDIDATES = 500
MAX_PATHS = 20  # the most paths one request may ask for


@dataclass(frozen=True)
class IntroductionPath:
    nodes: tuple[Node, ...]
    strengths: tuple[float, ...]
    labels: tuple[str, ...] = ()  # the nodes' names, as the graph has them

    @property
    def score(self) -> float:
        return math.prod(self.strengths)


def _directed(graph: nx.Graph) -> nx.DiGraph:
    directed = nx.DiGraph()
    directed.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        strength = float(data.get("strength", 0.0))
        if strength <= 0:
            continue
        if data["kind"] == "colleague":
            directed.add_edge(u, v, strength=strength)
            directed.add_edge(v, u, strength=strength)
        elif data["kind"] == "relationship":
            person, contact = (u, v) if u[0] == "person" else (v, u)
            directed.add_edge(person, contact, strength=strength)
        elif data["kind"] == "reports_to":
            directed.add_edge(u, v, strength=REPORTING_TIE)
            directed.add_edge(v, u, strength=REPORTING_TIE)
    for _, _, data in directed.edges(data=True):
        data["cost"] = -math.log(data["strength"])
    return directed


def introduction_paths(
    graph: nx.Graph, *, source: Node, target: Node, k: int = 5, max_hops: int = 4
) -> list[IntroductionPath]:
    """The `k` strongest paths of at most `max_hops` edges from `source` to `target`."""
    if source not in graph or target not in graph or source == target:
        return []
    directed = _directed(graph)
    found: list[IntroductionPath] = []
    try:
        candidates = nx.shortest_simple_paths(directed, source, target, weight="cost")
        for path in islice(candidates, MAX_CANDIDATES):
            if len(path) - 1 > max_hops:
                continue
            strengths = tuple(directed[a][b]["strength"] for a, b in pairwise(path))
            labels = tuple(str(graph.nodes[n].get("label", "")) for n in path)
            found.append(IntroductionPath(tuple(path), strengths, labels))
            if len(found) == k:
                break
    except nx.NetworkXNoPath:
        return []
    return found
