"""Properties against brute force and against a second algorithm, on small random accounts."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from teamgraph.network.breadth import DECISION_ROLES
from teamgraph.network.graph import (
    ContactRow,
    PersonRow,
    build_account_graph,
    contacts,
    thread_holders,
)
from teamgraph.network.portfolio import PortfolioRows, scan
from teamgraph.network.risk import bus_factor, key_people
from tests.network.builders import AS_OF, rows

ROLES = st.sampled_from(["decision_maker", "economic_buyer", "champion", "user", "influencer"])


@st.composite
def accounts(
    draw: st.DrawFn, account_id: int = 1, first_contact: int = 1
) -> tuple[list[ContactRow], list[tuple[int, int, float, int]]]:
    n_contacts = draw(st.integers(0, 7))
    contact_rows = [
        ContactRow(
            first_contact + i, f"C{i}", buying_role=draw(ROLES), influence=draw(st.integers(1, 5))
        )
        for i in range(n_contacts)
    ]
    rels = (
        draw(
            st.lists(
                st.tuples(
                    st.integers(100, 105),
                    st.sampled_from([c.id for c in contact_rows] or [0]),
                    st.sampled_from([0.1, 0.3, 0.9]),
                    st.sampled_from([0, 400]),
                ),
                max_size=14,
                unique_by=lambda r: (r[0], r[1]),
            )
        )
        if contact_rows
        else []
    )
    return contact_rows, rels


def covered(graph: nx.Graph, removed: set[tuple[str, int]]) -> set[tuple[str, int]]:
    return {c for c in contacts(graph) if set(thread_holders(graph, c)) - removed}


@settings(max_examples=150, deadline=None)
@given(accounts())
def test_removing_a_key_person_uncovers_exactly_the_reported_contacts(account: tuple) -> None:
    g = build_account_graph(rows(*account), as_of=AS_OF)
    before = covered(g, set())
    reported = {k.person: set(k.contacts_lost) for k in key_people(g)}
    engaged = {p for c in contacts(g) for p in thread_holders(g, c)}
    for person in engaged:
        lost = before - covered(g, {person})
        assert lost == reported.get(person, set())


@settings(max_examples=150, deadline=None)
@given(accounts())
def test_bus_factor_equals_brute_force(account: tuple) -> None:
    g = build_account_graph(rows(*account), as_of=AS_OF)
    dms = [c for c in contacts(g) if g.nodes[c]["buying_role"] in DECISION_ROLES]
    found = bus_factor(g)
    if not dms:
        assert found.size is None
        return
    engaged = sorted({p for c in contacts(g) for p in thread_holders(g, c)})

    def leaves_a_dm_bare(removed: set[tuple[str, int]]) -> bool:
        return any(not (set(thread_holders(g, dm)) - removed) for dm in dms)

    smallest = next(
        size
        for size in range(len(engaged) + 1)
        if any(leaves_a_dm_bare(set(s)) for s in combinations(engaged, size))
    )
    assert found.size == smallest
    assert len(found.people) == smallest and leaves_a_dm_bare(set(found.people))


@settings(max_examples=60, deadline=None)
@given(st.lists(accounts(), min_size=1, max_size=4), st.sets(st.integers(100, 105), max_size=2))
def test_portfolio_scan_agrees_with_per_account_analysis(
    portfolio: list, inactive: set[int]
) -> None:
    # Renumber contacts so they are unique across accounts.
    graphs = []
    rel_rows: list[tuple[int, int, float, float]] = []
    contact_rows: list[tuple[int, int, int, bool, bool]] = []
    for a, (cs, rels) in enumerate(portfolio):
        offset = 100 * (a + 1)
        cs = [
            ContactRow(c.id + offset, c.name, buying_role=c.buying_role, influence=c.influence)
            for c in cs
        ]
        rels = [(p, cid + offset, s, d) for p, cid, s, d in rels]
        people = {
            pid: PersonRow(pid, f"P{pid}", "Sales", active=pid not in inactive)
            for pid in range(100, 106)
        }
        account_rows = rows(cs, rels, people=people)
        account_rows = type(account_rows)(
            a + 1, f"A{a}", people, cs, account_rows.relationships, set()
        )
        graphs.append(build_account_graph(account_rows, as_of=AS_OF))
        contact_rows += [
            (c.id, a + 1, c.influence, c.buying_role in DECISION_ROLES, False) for c in cs
        ]
        rel_rows += [(p, cid, s, float(d)) for p, cid, s, d in rels]
    contact_rows.sort()
    arrays = PortfolioRows(
        rel_person=np.array([r[0] for r in rel_rows], dtype=np.int64),
        rel_contact=np.array([r[1] for r in rel_rows], dtype=np.int64),
        rel_strength=np.array([r[2] for r in rel_rows], dtype=np.float64),
        rel_days=np.array([r[3] for r in rel_rows], dtype=np.float64),
        contact_id=np.array([c[0] for c in contact_rows], dtype=np.int64),
        contact_account=np.array([c[1] for c in contact_rows], dtype=np.int64),
        contact_influence=np.array([c[2] for c in contact_rows], dtype=np.int64),
        contact_decision=np.array([c[3] for c in contact_rows], dtype=bool),
        contact_left=np.array([c[4] for c in contact_rows], dtype=bool),
        active_people=np.array(sorted(set(range(100, 106)) - inactive), dtype=np.int64),
    )
    result = scan(arrays, min_accounts=1)
    by_account = {a.account_id: a for a in result.accounts}
    spof_accounts: dict[int, set[int]] = {}
    for g in graphs:
        account_id = g.graph["account_id"]
        if not contacts(g):
            continue
        summary = by_account[account_id]
        assert summary.contacts == len(contacts(g))
        assert summary.covered == sum(1 for c in contacts(g) if thread_holders(g, c))
        assert summary.sole_threaded == sum(
            1 for c in contacts(g) if len(thread_holders(g, c)) == 1
        )
        assert summary.bus_factor == bus_factor(g).size
        for k in key_people(g):
            spof_accounts.setdefault(k.person[1], set()).add(account_id)
    assert {p.person_id: set(p.accounts) for p in result.people} == spof_accounts


def test_portfolio_scan_of_nothing() -> None:
    empty = np.array([], dtype=np.int64)
    arrays = PortfolioRows(
        empty,
        empty,
        empty.astype(float),
        empty.astype(float),
        empty,
        empty,
        empty,
        empty.astype(bool),
        empty.astype(bool),
        empty,
    )
    result = scan(arrays)
    assert result.accounts == [] and result.people == []
