"""One account's coverage: breadth, single points of failure and the drawable graph of one
built graph, in one call, so the CLI, the API and the staffing flow report the same figures
(`teamgraph.network.store.account_coverage` reads the account and calls it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from teamgraph.network.breadth import Breadth, breadth
from teamgraph.network.drawing import Drawing, drawing
from teamgraph.network.risk import Risk, risk

__all__ = ["Coverage", "analyse"]


@dataclass(frozen=True)
class Coverage:
    account_id: int
    name: str
    as_of: dt.date
    breadth: Breadth
    risk: Risk
    drawing: Drawing
    graph: nx.Graph


def analyse(
    graph: nx.Graph, *, as_of: dt.date, stale_after_days: int, draw: bool = True
) -> Coverage:
    found = risk(graph, as_of=as_of, stale_after_days=stale_after_days)
    return Coverage(
        account_id=graph.graph["account_id"],
        name=graph.graph["name"],
        as_of=as_of,
        breadth=breadth(graph),
        risk=found,
        drawing=drawing(graph, found) if draw else Drawing(nodes=[], edges=[]),
        graph=graph,
    )
