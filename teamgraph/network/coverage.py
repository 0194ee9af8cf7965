"""One account's coverage: breadth, single points of failure and the drawable graph, from
the store in one call (what the CLI, the API and the staffing flow use)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx
from sqlalchemy.orm import Session

from teamgraph.config import Settings
from teamgraph.network.breadth import Breadth, breadth
from teamgraph.network.drawing import Drawing, drawing
from teamgraph.network.graph import build_account_graph, load_account_rows
from teamgraph.network.risk import Risk, risk

__all__ = ["Coverage", "account_coverage", "analyse"]


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


def account_coverage(
    session: Session,
    account_id: int,
    *,
    settings: Settings,
    as_of: dt.date | None = None,
    draw: bool = True,
) -> Coverage:
    as_of = as_of or dt.date.today()
    graph = build_account_graph(
        load_account_rows(session, account_id, shared_tasks=False),
        as_of=as_of,
        half_life_days=settings.decay_half_life_days,
        threshold=settings.thread_threshold,
        colleague_ties=False,
    )
    return analyse(graph, as_of=as_of, stale_after_days=settings.stale_after_days, draw=draw)
