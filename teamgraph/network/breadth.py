"""How widely and deeply our people reach into an account.

The breadth index (0-100) is a weighted sum of six shares, each 0..1, so it rises with every
one of them and is 100 only when every contact, decision maker and department is reached,
every contact has two or more threads, and enough of our people are engaged. Multi-threading
weighs most: an account where the KAM alone knows everyone is reached, but not held.

    20 x contacts covered            + 15 x decision makers covered
  + 10 x departments reached         + 30 x contacts multi-threaded
  + 15 x decision makers multi-threaded
  + 10 x min(1, people engaged / (contacts / 3))   (one of ours per three contacts is "enough")
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from teamgraph.accounts.models import BuyingRole as BUYING_ROLES
from teamgraph.network.graph import Node, thread_index

__all__ = ["DECISION_ROLES", "Breadth", "DepartmentBreadth", "RoleCoverage", "breadth"]

DECISION_ROLES = ("decision_maker", "economic_buyer")
WEIGHTS = {
    "covered": 20,
    "decision_makers": 15,
    "departments": 10,
    "multi_threaded": 30,
    "decision_makers_multi_threaded": 15,
    "people": 10,
}
CONTACTS_PER_PERSON = 3


@dataclass(frozen=True)
class RoleCoverage:
    role: str
    covered: int
    total: int


@dataclass(frozen=True)
class DepartmentBreadth:
    department: str
    contacts: int
    covered: int
    multi_threaded: int
    people_engaged: int


@dataclass(frozen=True)
class Breadth:
    contacts: int
    covered: int
    decision_makers: int
    decision_makers_covered: int
    decision_makers_multi_threaded: int
    departments: int
    departments_reached: int
    people_engaged: int
    # threads per contact -> how many contacts have that many (0, 1, 2, ...)
    threads_distribution: dict[int, int]
    multi_threaded: int
    roles: list[RoleCoverage] = field(default_factory=list)
    by_department: list[DepartmentBreadth] = field(default_factory=list)

    @property
    def coverage_share(self) -> float:
        return self.covered / self.contacts if self.contacts else 0.0

    @property
    def multi_threaded_share(self) -> float:
        return self.multi_threaded / self.contacts if self.contacts else 0.0

    @property
    def index(self) -> float:
        if not self.contacts:
            return 0.0
        shares = {
            "covered": self.covered / self.contacts,
            "decision_makers": (
                self.decision_makers_covered / self.decision_makers if self.decision_makers else 1.0
            ),
            "decision_makers_multi_threaded": (
                self.decision_makers_multi_threaded / self.decision_makers
                if self.decision_makers
                else 1.0
            ),
            "departments": self.departments_reached / self.departments if self.departments else 0.0,
            "multi_threaded": self.multi_threaded / self.contacts,
            "people": min(1.0, self.people_engaged / max(1.0, self.contacts / CONTACTS_PER_PERSON)),
        }
        return round(sum(WEIGHTS[k] * v for k, v in shares.items()), 2)


def breadth(graph: nx.Graph, *, threads: dict[Node, list[Node]] | None = None) -> Breadth:
    """Breadth of the account in `graph` (see graph.build_account_graph); `threads` is the
    graph's `thread_index`, when the caller already has it."""
    holders = threads if threads is not None else thread_index(graph)
    nodes = list(holders)
    distribution = Counter(len(h) for h in holders.values())
    engaged = {p for h in holders.values() for p in h}
    role_total: Counter[str] = Counter()
    role_covered: Counter[str] = Counter()
    departments: dict[str, list[Node]] = defaultdict(list)
    for c in nodes:
        data = graph.nodes[c]
        role_total[data["buying_role"]] += 1
        role_covered[data["buying_role"]] += bool(holders[c])
        departments[data["department"] or "(none)"].append(c)
    decision = [c for c in nodes if graph.nodes[c]["buying_role"] in DECISION_ROLES]
    per_department = [
        DepartmentBreadth(
            department=name,
            contacts=len(members),
            covered=sum(1 for c in members if holders[c]),
            multi_threaded=sum(1 for c in members if len(holders[c]) >= 2),
            people_engaged=len({p for c in members for p in holders[c]}),
        )
        for name, members in sorted(departments.items())
    ]
    return Breadth(
        contacts=len(nodes),
        covered=sum(1 for h in holders.values() if h),
        decision_makers=len(decision),
        decision_makers_covered=sum(1 for c in decision if holders[c]),
        decision_makers_multi_threaded=sum(1 for c in decision if len(holders[c]) >= 2),
        departments=len(departments),
        departments_reached=sum(1 for d in per_department if d.covered),
        people_engaged=len(engaged),
        threads_distribution=dict(sorted(distribution.items())),
        multi_threaded=sum(1 for h in holders.values() if len(h) >= 2),
        roles=[
            RoleCoverage(r, role_covered[r], role_total[r]) for r in BUYING_ROLES if role_total[r]
        ],
        by_department=per_department,
    )
