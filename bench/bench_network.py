"""Relationship-web analytics: per-account latency and the portfolio scan. Prints tables.

    python bench/bench_network.py            # per-account (1,000 contacts, 300 people) + portfolio
    python bench/bench_network.py --quick    # smaller portfolio (2,000 people, 500 accounts)

Per account: breadth + single points of failure + drawable graph, from rows already loaded
(the store's share is reported apart). Portfolio: `teamgraph generate` fills a SQLite file,
then the vectorised scan loads and scans every relationship; the naive way (a networkx graph
per account) is timed on a sample of accounts and scaled up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import tempfile
import time
from pathlib import Path

from teamgraph.db import make_engine, make_session_factory, unit_of_work
from teamgraph.generate import generate_organisation
from teamgraph.migrate import upgrade
from teamgraph.network.coverage import analyse
from teamgraph.network.graph import (
    AccountRows,
    ContactRow,
    PersonRow,
    RelationshipRow,
    build_account_graph,
)
from teamgraph.network.portfolio import scan
from teamgraph.network.risk import bus_factor, key_people
from teamgraph.network.store import load_account_rows, load_portfolio

AS_OF = dt.date(2026, 11, 1)
ROLES = (
    "decision_maker",
    "economic_buyer",
    "champion",
    "influencer",
    "technical_evaluator",
    "user",
    "gatekeeper",
)


def big_account(
    contacts: int = 1_000, people: int = 300, per_contact: float = 4.0, seed: int = 1
) -> AccountRows:
    rng = random.Random(seed)
    contact_rows = [
        ContactRow(
            i + 1,
            f"Contact {i + 1}",
            department=f"Dept {i % 12}",
            buying_role=ROLES[0] if i < 5 else rng.choice(ROLES[1:]),
            influence=5 if i < 20 else rng.randint(1, 4),
            reports_to_id=None if i == 0 else 1 + int(rng.random() ** 2 * i),
        )
        for i in range(contacts)
    ]
    staff = {1000 + p: PersonRow(1000 + p, f"Person {p}", f"Team {p % 10}") for p in range(people)}
    rels = set()
    for c in contact_rows:
        for _ in range(max(1, int(rng.expovariate(1 / per_contact)))):
            rels.add((1000 + rng.randrange(people), c.id))
    relationships = [
        RelationshipRow(
            p, c, round(rng.uniform(0.2, 1.0), 2), AS_OF - dt.timedelta(days=rng.randrange(400))
        )
        for p, c in sorted(rels)
    ]
    shared = {(1000 + rng.randrange(people), 1000 + rng.randrange(people)) for _ in range(600)}
    return AccountRows(
        1,
        "Big",
        staff,
        contact_rows,
        relationships,
        {tuple(sorted(s)) for s in shared if s[0] != s[1]},
    )  # type: ignore[misc]


def _analyses(rows: AccountRows, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        graph = build_account_graph(rows, as_of=AS_OF, colleague_ties=False)
        analyse(graph, as_of=AS_OF, stale_after_days=120)
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def _p95(timings: list[float]) -> float:
    return timings[max(0, round(0.95 * len(timings)) - 1)]


def per_account(runs: int) -> None:
    rows = big_account()
    plain = _analyses(rows, runs)
    # `teamgraph serve` freezes what start-up loaded, so full collections skip it; same here.
    gc.collect()
    gc.freeze()
    served = _analyses(rows, runs)
    gc.unfreeze()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'account.db'}"
        upgrade(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        account_id = _store(sessions, rows)
        loads = []
        for _ in range(max(5, runs // 4)):
            with unit_of_work(sessions) as session:
                started = time.perf_counter()
                load_account_rows(session, account_id)
                loads.append((time.perf_counter() - started) * 1000)
        engine.dispose()
    print(
        "per account: 1,000 contacts, 300 people, "
        f"{len(rows.relationships):,} relationships ({runs} runs)"
    )
    for label, timings in (("plain process", plain), ("as served (gc.freeze)", served)):
        print(
            f"  analysis (graph + breadth + risk + drawing), {label:<22} "
            f"p50 {statistics.median(timings):6.1f} ms   p95 {_p95(timings):6.1f} ms"
        )
    print(f"  loading the rows from SQLite                 p50 {statistics.median(loads):6.1f} ms")


def _store(sessions, rows: AccountRows) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from teamgraph.accounts.models import Account, Contact, Relationship
    from teamgraph.people.models import Person

    with unit_of_work(sessions) as session:
        account_id = session.execute(
            insert(Account).returning(Account.id), [{"name": "Big"}]
        ).scalar_one()
        session.execute(
            insert(Person),
            [
                {
                    "id": p.id,
                    "name": p.name,
                    "email": f"p{p.id}@example.com",
                    "department": p.department,
                }
                for p in rows.people.values()
            ],
        )
        session.execute(
            insert(Contact),
            [
                {
                    "id": c.id,
                    "account_id": account_id,
                    "name": c.name,
                    "department": c.department,
                    "buying_role": c.buying_role,
                    "influence": c.influence,
                }
                for c in rows.contacts
            ],
        )
        from sqlalchemy import update

        session.execute(
            update(Contact),
            [
                {"id": c.id, "reports_to_id": c.reports_to_id}
                for c in rows.contacts
                if c.reports_to_id
            ],
        )
        session.execute(
            insert(Relationship),
            [
                {
                    "person_id": r.person_id,
                    "contact_id": r.contact_id,
                    "strength": r.strength,
                    "last_interaction": r.last_interaction,
                }
                for r in rows.relationships
            ],
        )
    return int(account_id)


def portfolio(people: int, accounts: int, per_contact: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'portfolio.db'}"
        upgrade(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        started = time.perf_counter()
        with unit_of_work(sessions) as session:
            counts = generate_organisation(
                session,
                people=people,
                accounts=accounts,
                seed=1,
                relationships_per_contact=per_contact,
                plans_per_account=0,
            )
        generated = time.perf_counter() - started
        with unit_of_work(sessions) as session:
            started = time.perf_counter()
            rows = load_portfolio(session, as_of=AS_OF)
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            result = scan(rows)
            scanned = time.perf_counter() - started
            sample = [a.account_id for a in result.accounts[:: max(1, len(result.accounts) // 100)]]
            started = time.perf_counter()
            for account_id in sample:
                graph = build_account_graph(load_account_rows(session, account_id), as_of=AS_OF)
                key_people(graph)
                bus_factor(graph)
            naive = (time.perf_counter() - started) / len(sample) * len(result.accounts)
        engine.dispose()
    print(
        f"portfolio: {counts.people:,} people, {counts.accounts:,} accounts, "
        f"{counts.contacts:,} contacts, "
        f"{counts.relationships:,} relationships (generated in {generated:.0f} s)"
    )
    print(
        f"  vectorised scan: load {loaded:5.2f} s + scan {scanned:5.2f} s "
        f"= {loaded + scanned:5.2f} s; "
        f"{len(result.people):,} people are single points of failure on 2+ accounts"
    )
    print(
        f"  naive (networkx graph per account), scaled from {len(sample)} accounts: {naive:6.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    per_account(args.runs)
    if args.quick:
        portfolio(2_000, 500, 4.0)
    else:
        portfolio(20_000, 5_000, 5.3)


if __name__ == "__main__":
    main()
