"""In-memory accounts for network tests: rows without a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import networkx as nx

from teamgraph.network.graph import (
    AccountRows,
    ContactRow,
    PersonRow,
    RelationshipRow,
    build_account_graph,
)

AS_OF = dt.date(2026, 11, 1)
# (person, contact, base strength[, days since the last interaction; None = never])
Relationship = tuple[int, int, float] | tuple[int, int, float, int | None]


def rows(
    contacts: list[ContactRow],
    relationships: Sequence[Relationship],
    *,
    people: dict[int, PersonRow] | None = None,
    shared_tasks: set[tuple[int, int]] | None = None,
    plan_teams: set[tuple[int, int]] | None = None,
) -> AccountRows:
    """Relationships as (person, contact, strength[, days since last interaction])."""
    rels = []
    for r in relationships:
        days = r[3] if len(r) > 3 else 0  # type: ignore[misc]  # the optional fourth field
        last = None if days is None else AS_OF - dt.timedelta(days=days)
        rels.append(RelationshipRow(r[0], r[1], r[2], last))
    everyone = people or {
        pid: PersonRow(pid, f"P{pid}", "Sales") for pid in {r[0] for r in relationships}
    }
    return AccountRows(
        1, "Acme", everyone, contacts, rels, shared_tasks or set(), plan_teams or set()
    )


def graph(
    contacts: list[ContactRow],
    relationships: Sequence[Relationship],
    *,
    people: dict[int, PersonRow] | None = None,
    shared_tasks: set[tuple[int, int]] | None = None,
    plan_teams: set[tuple[int, int]] | None = None,
    also_people: Sequence[int] = (),
) -> nx.Graph:
    account = rows(
        contacts, relationships, people=people, shared_tasks=shared_tasks, plan_teams=plan_teams
    )
    return build_account_graph(
        account, as_of=AS_OF, half_life_days=180, threshold=0.2, also_people=also_people
    )


def contact(
    cid: int, role: str = "user", influence: int = 3, boss: int | None = None
) -> ContactRow:
    return ContactRow(cid, f"C{cid}", buying_role=role, influence=influence, reports_to_id=boss)
