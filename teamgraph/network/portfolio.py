"""The portfolio scan: threads, sole threads and bus factors of every account at once.

At portfolio scale (hundreds of thousands of relationships) networkx is the wrong tool: the
structure that matters is bipartite (our people x their contacts), and a person is a single
point of failure for a contact exactly when they hold its only thread. So the scan works on
flat numpy arrays: one pass computes effective strengths, `bincount` gives threads per
contact, the rows of sole-threaded contacts name their holders, and `minimum.at` gives each
account's bus factor (the fewest threads of any of its decision makers). Days since the last
interaction are computed by the database (`teamgraph.network.store.load_portfolio`), so no
date objects are built in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from teamgraph.network.strength import effective_strengths

__all__ = ["AccountRisk", "PortfolioRows", "PortfolioScan", "SpofPerson", "scan"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PortfolioRows:
    rel_person: IntArray
    rel_contact: IntArray
    rel_strength: FloatArray
    rel_days: FloatArray  # NaN where no interaction was recorded
    contact_id: IntArray  # sorted
    contact_account: IntArray
    contact_influence: IntArray
    contact_decision: npt.NDArray[np.bool_]
    contact_left: npt.NDArray[np.bool_]
    active_people: IntArray  # sorted ids of active people


@dataclass(frozen=True)
class AccountRisk:
    account_id: int
    contacts: int
    covered: int
    sole_threaded: int
    decision_makers: int
    bus_factor: int | None


@dataclass(frozen=True)
class SpofPerson:
    person_id: int
    accounts: tuple[int, ...]
    contacts_lost: int
    influence_lost: int


@dataclass(frozen=True)
class PortfolioScan:
    accounts: list[AccountRisk]
    people: list[SpofPerson]  # single points of failure on at least `min_accounts` accounts


def scan(
    rows: PortfolioRows,
    *,
    half_life_days: float = 180.0,
    threshold: float = 0.2,
    min_accounts: int = 2,
) -> PortfolioScan:
    n = len(rows.contact_id)
    index = np.searchsorted(rows.contact_id, rows.rel_contact)
    strength = effective_strengths(rows.rel_strength, rows.rel_days, half_life_days=half_life_days)
    present = ~rows.contact_left
    thread = (
        (strength >= threshold)
        & np.isin(rows.rel_person, rows.active_people)
        & present[np.clip(index, 0, max(n - 1, 0))]
    )
    threads = np.bincount(index[thread], minlength=n)

    accounts, account_index = np.unique(rows.contact_account, return_inverse=True)
    m = len(accounts)
    contacts = np.bincount(account_index, weights=present, minlength=m).astype(int)
    covered = np.bincount(account_index, weights=present & (threads >= 1), minlength=m).astype(int)
    sole = present & (threads == 1)
    sole_count = np.bincount(account_index, weights=sole, minlength=m).astype(int)
    decision = present & rows.contact_decision
    dms = np.bincount(account_index, weights=decision, minlength=m).astype(int)
    big = np.iinfo(np.int64).max
    bus = np.full(m, big, dtype=np.int64)
    np.minimum.at(bus, account_index[decision], threads[decision])

    # Sole-thread rows: the one thread of a contact that has exactly one.
    holder_rows = thread & sole[index]
    holders = rows.rel_person[holder_rows]
    lost_contacts = index[holder_rows]
    lost_accounts = rows.contact_account[lost_contacts]
    influence = rows.contact_influence[lost_contacts]
    people_found: list[SpofPerson] = []
    if len(holders):
        people, person_index = np.unique(holders, return_inverse=True)
        per_person_contacts = np.bincount(person_index)
        per_person_influence = np.bincount(person_index, weights=influence).astype(int)
        pairs = np.unique(np.stack([holders, lost_accounts], axis=1), axis=0)
        pair_people, pair_counts = np.unique(pairs[:, 0], return_counts=True)
        many = pair_people[pair_counts >= min_accounts]
        # np.unique(axis=0) sorted the pairs by person, then account.
        starts = np.searchsorted(pairs[:, 0], many, side="left")
        ends = np.searchsorted(pairs[:, 0], many, side="right")
        for person, start, end in zip(many, starts, ends, strict=True):
            k = int(np.searchsorted(people, person))
            spans = pairs[start:end, 1]
            people_found.append(
                SpofPerson(
                    person_id=int(person),
                    accounts=tuple(int(a) for a in spans),
                    contacts_lost=int(per_person_contacts[k]),
                    influence_lost=int(per_person_influence[k]),
                )
            )
    people_found.sort(key=lambda s: (-len(s.accounts), -s.influence_lost, s.person_id))
    return PortfolioScan(
        accounts=[
            AccountRisk(
                account_id=int(accounts[a]),
                contacts=int(contacts[a]),
                covered=int(covered[a]),
                sole_threaded=int(sole_count[a]),
                decision_makers=int(dms[a]),
                bus_factor=None if bus[a] == big else int(bus[a]),
            )
            for a in range(m)
        ],
        people=people_found,
    )
