"""What the staffing compiler needs for the solver's coverage term: per contact, its threads
and how much it weighs."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from teamgraph.network.breadth import DECISION_ROLES
from teamgraph.network.graph import contacts, thread_holders

__all__ = ["ContactThreads", "contact_threads"]


@dataclass(frozen=True)
class ContactThreads:
    contact_id: int
    threads: int
    holders: tuple[int, ...]
    influence: int
    decision_maker: bool


def contact_threads(graph: nx.Graph) -> list[ContactThreads]:
    return [
        ContactThreads(
            contact_id=c[1],
            threads=len(holders),
            holders=tuple(p[1] for p in holders),
            influence=graph.nodes[c]["influence"],
            decision_maker=graph.nodes[c]["buying_role"] in DECISION_ROLES,
        )
        for c in sorted(contacts(graph))
        for holders in [thread_holders(graph, c)]
    ]
