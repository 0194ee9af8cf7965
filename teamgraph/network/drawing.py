"""A drawable coverage graph for front-ends: nodes with risk flags, edges with strengths,
and positions that stay put between calls.

Positions come from networkx's multipartite layout, which is deterministic and linear in the
graph's size: our people on the first layer, then the customer's org chart level by level
(contacts ordered by a walk of the chart, people by the contacts they know), so the picture
reads top-down like an org chart with our people above it. (A force-directed layout costs
seconds on a thousand nodes and moves whenever the graph changes.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx
import numpy as np

from teamgraph.network.graph import (
    Node,
    contacts,
    people,
    relationship_strengths,
    reporting_lines,
    thread_index,
)
from teamgraph.network.risk import Risk

__all__ = ["Drawing", "DrawnEdge", "DrawnNode", "drawing"]


class DrawnNode(NamedTuple):
    """A node to draw; a named tuple, since a large account has thousands of them."""

    id: Node
    kind: str
    label: str
    buying_role: str | None
    influence: int | None
    flags: tuple[str, ...]
    x: float
    y: float


class DrawnEdge(NamedTuple):
    source: Node
    target: Node
    kind: str
    strength: float


@dataclass(frozen=True)
class Drawing:
    nodes: list[DrawnNode]
    edges: list[DrawnEdge]


def _chart_order(graph: nx.Graph) -> tuple[list[Node], dict[Node, int]]:
    """Contacts in depth-first order of the org chart, and each one's depth."""
    managers: dict[Node, Node] = dict(reporting_lines(graph))
    reports: dict[Node, list[Node]] = {}
    for report, manager in managers.items():
        reports.setdefault(manager, []).append(report)
    order: list[Node] = []
    depth: dict[Node, int] = {}
    roots = sorted(c for c in contacts(graph) if c not in managers)
    stack = [(r, 0) for r in reversed(roots)]
    while stack:
        node, d = stack.pop()
        if node in depth:
            continue
        depth[node] = d
        order.append(node)
        stack.extend((child, d + 1) for child in sorted(reports.get(node, []), reverse=True))
    for c in sorted(contacts(graph)):  # anything on a cycle or otherwise unreached
        if c not in depth:
            depth[c] = 0
            order.append(c)
    return order, depth


def drawing(
    graph: nx.Graph, risk: Risk, *, threads: dict[Node, list[Node]] | None = None
) -> Drawing:
    """Nodes and edges to draw; colleague ties are left out (they are cliques, not coverage)."""
    index = threads if threads is not None else thread_index(graph)
    order, depth = _chart_order(graph)
    position = {c: i for i, c in enumerate(order)}
    sole = {s.contact for s in risk.sole_threads}
    stale = {s.contact for s in risk.stale} | {s.person for s in risk.stale}
    key = {k.person for k in risk.key_people}
    cut = set(risk.articulation_points)

    def person_rank(p: Node) -> tuple[float, Node]:
        known = [position[c] for c in graph[p] if c in position]
        return (sum(known) / len(known) if known else 0.0, p)

    # Layers as ordered lists: given a node attribute instead, networkx groups each layer in a
    # set, whose order (and so every position) changes with the process's string hashing.
    layers: dict[int, list[Node]] = {0: sorted(people(graph), key=person_rank)}
    for c in order:
        layers.setdefault(depth[c] + 1, []).append(c)
    layered = nx.Graph()
    layered.add_nodes_from(n for layer in layers.values() for n in layer)
    layout = nx.multipartite_layout(layered, subset_key=layers, align="horizontal", scale=1.0)
    rounded = np.round(np.array(list(layout.values())), 4).tolist() if layout else []
    positions = {n: (x, -y) for n, (x, y) in zip(layout, rounded, strict=True)}

    nodes = []
    for n in layered.nodes:
        data = graph.nodes[n]
        flags = []
        if n in sole:
            flags.append("sole_threaded")
        if data["kind"] == "contact" and not index[n]:
            flags.append("uncovered")
        if n in stale:
            flags.append("stale")
        if n in key:
            flags.append("key_person")
        if n in cut:
            flags.append("cut_point")
        x, y = positions[n]
        nodes.append(
            DrawnNode(
                id=n,
                kind=data["kind"],
                label=data["label"],
                buying_role=data.get("buying_role"),
                influence=data.get("influence"),
                flags=tuple(flags),
                x=x,
                y=y,
            )
        )
    # Relationships run person -> contact, reporting lines report -> manager; the order is the
    # builder's, itself fixed by the rows' order.
    edges = [
        DrawnEdge(p, c, "relationship", strength)
        for p, c, strength in relationship_strengths(graph)
    ]
    edges += [
        DrawnEdge(report, manager, "reports_to", 1.0) for report, manager in reporting_lines(graph)
    ]
    return Drawing(nodes=nodes, edges=edges)
