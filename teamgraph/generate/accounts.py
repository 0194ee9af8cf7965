"""Generated accounts: org charts that are trees, relationships around each KAM, conflicts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import update

from teamgraph.accounts.models import (
    Account,
    AccountCompetitor,
    ConflictOfInterest,
    Contact,
    Relationship,
)
from teamgraph.generate.bulk import chunks, insert_returning, insert_rows
from teamgraph.generate.people import People
from teamgraph.generate.run import Run
from teamgraph.generate.vocabulary import (
    CUSTOMER_DEPARTMENTS,
    INDUSTRIES,
    LEVELS,
    account_name,
    contact_name,
)

FRAGILE_SHARE = 0.33  # accounts that hang on their KAM
# Senior contacts (low depth) get more threads than specialists.
SENIORITY_BOOST = np.array([1.8, 1.5, 1.1, 0.8, 0.6])


@dataclass(frozen=True)
class Accounts:
    ids: list[int]
    kams: list[int]
    contact_ids: list[int]  # contacts_per_account per account, in account order
    depths: list[int]
    contacts_per_account: int

    def contacts_of(self, index: int) -> list[int]:
        lo = index * self.contacts_per_account
        return self.contact_ids[lo : lo + self.contacts_per_account]


def add_accounts(run: Run, count: int, people: People, *, contacts_per_account: int) -> Accounts:
    rng = run.rng
    rows = [
        {
            "name": f"{account_name(a)} (gen{run.seed})",
            "industry": INDUSTRIES[a % len(INDUSTRIES)],
            "tier": rng.choices(("strategic", "key", "development"), weights=(2, 5, 3))[0],
            "stage": rng.choices((3, 4, 5), weights=(3, 5, 2))[0],
            "growth": rng.randint(1, 5),
            "fit": rng.randint(1, 5),
            "strategic_value": rng.randint(1, 5),
            "kam_id": people.kam_ids[a % len(people.kam_ids)],
        }
        for a in range(count)
    ]
    ids = insert_returning(run.session, Account, rows)

    # A contact's manager is an earlier contact, favouring the first (senior) ones, so depth
    # grows like a real org chart: a few executives, more managers, many specialists.
    contacts: list[dict[str, Any]] = []
    parents: list[int] = []
    depths: list[int] = []
    for account_id in ids:
        base = len(contacts)
        for j in range(contacts_per_account):
            if j == 0:
                parent, depth = -1, 0
            else:
                parent = base + int(rng.random() ** 2 * j)
                depth = min(depths[parent] + 1, len(LEVELS) - 1)
            title, roles, influence = LEVELS[depth]
            role = rng.choices([r for r, _ in roles], weights=[w for _, w in roles])[0]
            dept = (
                CUSTOMER_DEPARTMENTS[rng.randrange(len(CUSTOMER_DEPARTMENTS))]
                if depth
                else "Executive"
            )
            contacts.append(
                {
                    "account_id": account_id,
                    "name": f"{contact_name(j, account_id)} {j + 1}",
                    "title": title if depth in (0, 1) else f"{title} {dept}",
                    "department": dept,
                    "buying_role": role,
                    "influence": max(1, influence - (1 if rng.random() < 0.3 else 0)),
                    "left_company": rng.random() < 0.02,
                    "email": "",
                }
            )
            parents.append(parent)
            depths.append(depth)
    contact_ids = insert_returning(run.session, Contact, contacts)
    managers = [
        {"id": contact_ids[k], "reports_to_id": contact_ids[p]}
        for k, p in enumerate(parents)
        if p >= 0
    ]
    for chunk in chunks(managers):
        run.session.execute(update(Contact), list(chunk))
    return Accounts(
        ids=ids,
        kams=[int(r["kam_id"]) for r in rows],
        contact_ids=contact_ids,
        depths=depths,
        contacts_per_account=contacts_per_account,
    )


def add_relationships(run: Run, accounts: Accounts, people: People, *, per_contact: float) -> int:
    """Threads per contact ~ Poisson(per_contact x seniority); the KAM holds most of them."""
    rng, nrng = run.rng, run.nrng
    rows = []
    size = accounts.contacts_per_account
    for a in range(len(accounts.ids)):
        kam = accounts.kams[a]
        fragile = rng.random() < FRAGILE_SHARE
        colleagues = nrng.choice(
            people.others, size=min(len(people.others), rng.randint(3, 8)), replace=False
        )
        team = [kam, *(int(p) for p in colleagues)]
        depths = np.array(accounts.depths[a * size : (a + 1) * size])
        wanted = nrng.poisson(per_contact * SENIORITY_BOOST[depths])
        if fragile:
            wanted = np.minimum(wanted, 1 + (nrng.random(size) < 0.15))
        ages = nrng.integers(1, 400, size=(size, len(team) + 1))
        strengths = np.round(nrng.uniform(0.2, 1.0, size=(size, len(team) + 1)), 3)
        for k, contact_id in enumerate(accounts.contacts_of(a)):
            count = int(min(max(wanted[k], 0), len(team) + 1))
            if count == 0:
                continue
            who = [kam] if fragile or rng.random() < 0.8 else []
            others = [p for p in team[1:] if p not in who]
            rng.shuffle(others)
            who += others[: max(0, count - len(who))]
            if len(who) < count:  # a colleague from elsewhere in the company
                stranger = int(people.others[rng.randrange(len(people.others))])
                if stranger not in who:
                    who.append(stranger)
            for n, person_id in enumerate(who[:count]):
                rows.append(
                    {
                        "person_id": person_id,
                        "contact_id": contact_id,
                        "strength": float(strengths[k, n]),
                        "last_interaction": run.today - dt.timedelta(days=int(ages[k, n])),
                    }
                )
    insert_rows(run.session, Relationship, rows)
    return len(rows)


def add_conflicts_and_competitors(run: Run, accounts: Accounts, people: People) -> tuple[int, int]:
    """About one account in ten bars someone (a former employee of a competitor)."""
    conflicts = []
    for account_id in accounts.ids:
        if run.rng.random() < 0.1:
            person_id = int(people.others[run.rng.randrange(len(people.others))])
            conflicts.append(
                {
                    "person_id": person_id,
                    "account_id": account_id,
                    "reason": "formerly employed by a competitor",
                }
            )
    insert_rows(run.session, ConflictOfInterest, conflicts)
    competitors = [
        {"account_id": accounts.ids[a], "competitor_id": accounts.ids[a + 1]}
        for a in range(0, len(accounts.ids) - 1, 10)
    ]
    insert_rows(run.session, AccountCompetitor, competitors)
    return len(conflicts), len(competitors)
