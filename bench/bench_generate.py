"""How fast `teamgraph generate` fills a fresh store. Prints a table; asserts nothing.

python bench/bench_generate.py                 # 1,000/20 and 10,000/200 on SQLite
python bench/bench_generate.py --large         # adds 20,000 people / 5,000 accounts
python bench/bench_generate.py --postgres URL  # the same on an empty PostgreSQL database
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from teamgraph.db import make_engine, make_session_factory, unit_of_work
from teamgraph.generate import generate_organisation
from teamgraph.migrate import downgrade, upgrade

SIZES = [(1_000, 20, 20, 4.0), (10_000, 200, 20, 4.0)]
ROW = "{:<10} {:>8} {:>8} {:>9} {:>10} {:>9} {:>8} {:>8}"
LARGE = (20_000, 5_000, 20, 4.0)  # 100,000 contacts, about 400,000 relationships


def run(
    url: str, people: int, accounts: int, contacts: int, per_contact: float
) -> tuple[float, dict[str, int]]:
    upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    with unit_of_work(make_session_factory(engine)) as session:
        counts = generate_organisation(
            session,
            people=people,
            accounts=accounts,
            seed=1,
            contacts_per_account=contacts,
            relationships_per_contact=per_contact,
        )
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds, counts.__dict__


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database to fill")
    args = parser.parse_args()
    sizes = SIZES + ([LARGE] if args.large else [])
    print(
        ROW.format(
            "store", "people", "accounts", "contacts", "relations", "rows", "seconds", "rows/s"
        )
    )
    for people, accounts, contacts, per_contact in sizes:
        stores = []
        with tempfile.TemporaryDirectory() as tmp:
            stores.append(("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}"))
            if args.postgres:
                stores.append(("postgres", args.postgres))
            for name, url in stores:
                seconds, counts = run(url, people, accounts, contacts, per_contact)
                rows = sum(counts.values())
                cells = (people, accounts, counts["contacts"], counts["relationships"], rows)
                speed = f"{rows / seconds:,.0f}"
                print(
                    ROW.format(name, *(f"{n:,}" for n in cells), f"{seconds:.1f}", speed),
                    flush=True,
                )
                if name == "postgres":
                    downgrade(url, "base")


if __name__ == "__main__":
    main()
