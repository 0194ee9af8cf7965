"""The one builder: an account's rows (plain values) -> its networkx graph.

It takes rows, not a session, so every metric can be tested and benchmarked on graphs built in
memory; `teamgraph.network.store` reads the rows from the database.

Nodes are `("person", id)` and `("contact", id)`. Edges carry `kind`:
- `relationship` (person-contact): `strength` is the effective (decayed) strength, `thread` is
  True when it reaches the threshold, i.e. when the relationship counts as a thread;
- `reports_to` (contact-contact): the customer's reporting line; `report` names the lower end;
- `colleague` (person-person): `ties` lists every kind of tie the two have, strongest first
  (`COLLEAGUE_TIES`: a shared task 0.9, the same current plan's team 0.8, the same department
  0.6), `tie` is the strongest and `strength` its strength.
Contacts who left and inactive people are not in the graph.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import combinations

import networkx as nx

from teamgraph.network.strength import effective_strength

__all__ = [
    "COLLEAGUE_TIES",
    "AccountRows",
    "ColleagueTie",
    "ContactRow",
    "PersonRow",
    "RelationshipRow",
    "build_account_graph",
    "contacts",
    "people",
    "relationship_strengths",
    "reporting_lines",
    "thread_holders",
    "thread_index",
]

Node = tuple[str, int]


class ColleagueTie(StrEnum):
    """Why two of our people know each other, so one can introduce the other."""

    SHARED_TASK = "shared_task"  # assigned to the same task (any plan)
    PLAN_TEAM = "plan_team"  # on the team of the same plan not closed (its KAM, its assignees)
    DEPARTMENT = "department"  # the same department


COLLEAGUE_TIES: dict[ColleagueTie, float] = {
    ColleagueTie.SHARED_TASK: 0.9,
    ColleagueTie.PLAN_TEAM: 0.8,
    ColleagueTie.DEPARTMENT: 0.6,
}
"""The strength of each kind of colleague tie; a pair with several counts its strongest."""


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    department: str = ""
    active: bool = True


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    title: str = ""
    department: str = ""
    buying_role: str = "user"
    influence: int = 3
    reports_to_id: int | None = None
    left_company: bool = False


@dataclass(frozen=True)
class RelationshipRow:
    person_id: int
    contact_id: int
    strength: float
    last_interaction: dt.date | None = None


@dataclass(frozen=True)
class AccountRows:
    """Everything the account's graph is built from, as plain values."""

    account_id: int
    name: str
    people: dict[int, PersonRow]
    contacts: list[ContactRow]
    relationships: list[RelationshipRow]
    # Pairs of our people who worked on the same task (any plan).
    shared_tasks: set[tuple[int, int]] = field(default_factory=set)
    # Pairs of our people on the team of the same plan not closed (its KAM or its assignees).
    plan_teams: set[tuple[int, int]] = field(default_factory=set)


def build_account_graph(
    rows: AccountRows,
    *,
    as_of: dt.date,
    half_life_days: float = 180.0,
    threshold: float = 0.2,
    colleague_ties: bool = True,
    also_people: Iterable[int] = (),
) -> nx.Graph:
    """The account's graph; `colleague_ties=False` leaves out person-person edges, which only
    introduction paths use (a department's colleagues form a clique: most of the edges).
    `also_people` join the graph even without a relationship there (introductions start at them).

    The builder also records, in `graph.graph`, each contact's thread holders (`threads`), the
    reporting lines (`reporting`, report -> manager) and the relationships (`relationships`,
    person -> contact with effective strength), so metrics need not walk networkx's edge views
    again (the slowest part of a large account); they use them while the graph is unchanged.
    """
    graph = nx.Graph(account_id=rows.account_id, name=rows.name, as_of=as_of, threshold=threshold)
    present = {c.id for c in rows.contacts if not c.left_company}
    graph.add_nodes_from(
        (
            ("contact", c.id),
            {
                "kind": "contact",
                "label": c.name,
                "title": c.title,
                "department": c.department,
                "buying_role": c.buying_role,
                "influence": c.influence,
            },
        )
        for c in rows.contacts
        if c.id in present
    )
    reporting = [
        (("contact", c.id), ("contact", c.reports_to_id))
        for c in rows.contacts
        if c.id in present and c.reports_to_id in present
    ]
    graph.add_edges_from(
        (report, manager, {"kind": "reports_to", "strength": 1.0, "report": report})
        for report, manager in reporting
    )
    threads: dict[Node, list[Node]] = {("contact", cid): [] for cid in sorted(present)}
    engaged: dict[Node, dict[str, str]] = {}
    relationship_edges = []
    for r in rows.relationships:
        person = rows.people.get(r.person_id)
        if person is None or not person.active or r.contact_id not in present:
            continue
        node = ("person", person.id)
        if node not in engaged:
            engaged[node] = {
                "kind": "person",
                "label": person.name,
                "department": person.department,
            }
        strength = effective_strength(
            r.strength, r.last_interaction, as_of=as_of, half_life_days=half_life_days
        )
        thread = strength >= threshold
        contact = ("contact", r.contact_id)
        relationship_edges.append(
            (
                node,
                contact,
                {
                    "kind": "relationship",
                    "strength": strength,
                    "base_strength": r.strength,
                    "last_interaction": r.last_interaction,
                    "thread": thread,
                },
            )
        )
        if thread:
            threads[contact].append(node)
    for pid in also_people:
        person = rows.people.get(pid)
        if person is not None and person.active and ("person", pid) not in engaged:
            engaged[("person", pid)] = {
                "kind": "person",
                "label": person.name,
                "department": person.department,
            }
    graph.add_nodes_from(engaged.items())
    graph.add_edges_from(relationship_edges)
    for holders in threads.values():
        holders.sort()
    graph.graph["threads"] = threads
    graph.graph["reporting"] = reporting
    graph.graph["relationships"] = [(u, v, data["strength"]) for u, v, data in relationship_edges]
    if colleague_ties:
        _add_colleague_ties(graph, rows)
    return graph


def _add_colleague_ties(graph: nx.Graph, rows: AccountRows) -> None:
    engaged = sorted(pid for kind, pid in graph.nodes if kind == "person")
    inside = set(engaged)
    ties: dict[tuple[int, int], set[ColleagueTie]] = defaultdict(set)
    by_department: dict[str, list[int]] = defaultdict(list)
    for pid in engaged:
        department = rows.people[pid].department
        if department:
            by_department[department].append(pid)
    for members in by_department.values():
        for pair in combinations(members, 2):
            ties[pair].add(ColleagueTie.DEPARTMENT)
    for kind, pairs in (
        (ColleagueTie.SHARED_TASK, rows.shared_tasks),
        (ColleagueTie.PLAN_TEAM, rows.plan_teams),
    ):
        for a, b in pairs:
            if a != b and a in inside and b in inside:
                ties[(min(a, b), max(a, b))].add(kind)
    for (a, b), kinds in ties.items():
        ranked = tuple(t for t in COLLEAGUE_TIES if t in kinds)  # strongest first
        graph.add_edge(
            ("person", a),
            ("person", b),
            kind="colleague",
            ties=ranked,
            tie=ranked[0],
            strength=COLLEAGUE_TIES[ranked[0]],
        )


def contacts(graph: nx.Graph) -> list[Node]:
    return [n for n, kind in graph.nodes(data="kind") if kind == "contact"]


def people(graph: nx.Graph) -> list[Node]:
    return [n for n, kind in graph.nodes(data="kind") if kind == "person"]


def thread_index(graph: nx.Graph) -> dict[Node, list[Node]]:
    """Every contact's thread holders (recorded by the builder, else one pass over the edges)."""
    recorded = graph.graph.get("threads")
    if recorded is not None:
        return {c: list(holders) for c, holders in recorded.items()}
    index: dict[Node, list[Node]] = {c: [] for c in contacts(graph)}
    for u, v, data in graph.edges(data=True):
        if data["kind"] == "relationship" and data["thread"]:
            person, contact = (u, v) if u[0] == "person" else (v, u)
            index[contact].append(person)
    for holders in index.values():
        holders.sort()
    return index


def reporting_lines(graph: nx.Graph) -> list[tuple[Node, Node]]:
    """(report, manager) pairs of the customer's org chart."""
    recorded = graph.graph.get("reporting")
    if recorded is not None:
        return list(recorded)
    return [
        (data["report"], v if data["report"] == u else u)
        for u, v, data in graph.edges(data=True)
        if data["kind"] == "reports_to"
    ]


def relationship_strengths(graph: nx.Graph) -> list[tuple[Node, Node, float]]:
    """(person, contact, effective strength) of every relationship in the graph."""
    recorded = graph.graph.get("relationships")
    if recorded is not None:
        return list(recorded)
    return [
        ((u, v) if u[0] == "person" else (v, u)) + (data["strength"],)
        for u, v, data in graph.edges(data=True)
        if data["kind"] == "relationship"
    ]


def thread_holders(graph: nx.Graph, contact: Node) -> list[Node]:
    """Our people whose relationship with `contact` counts as a thread."""
    return sorted(
        n for n, data in graph[contact].items() if data["kind"] == "relationship" and data["thread"]
    )
