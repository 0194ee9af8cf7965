"""An account's coverage in the API: breadth, single points of failure and the drawable graph.

The figures come from teamgraph.network as plain dataclasses; the types below only rename them
for GraphQL and turn the network's `("person" | "contact", id)` nodes into Person and Contact
nodes through the request's loaders (one statement per kind, however many are listed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from teamgraph.api.core.context import Info
from teamgraph.api.core.enums import BuyingRole
from teamgraph.api.core.nodes import load_node, load_nodes
from teamgraph.api.coverage.graph import (
    Bridge,
    CoverageGraph,
    NetworkNode,
    NetworkNodeKind,
    global_node_id,
)
from teamgraph.network import breadth as breadth_figures
from teamgraph.network import coverage as coverage_service
from teamgraph.network import risk as risk_figures
from teamgraph.network.graph import Node

if TYPE_CHECKING:
    from teamgraph.api.accounts.types import Contact
    from teamgraph.api.people.types import Person

ContactRef = Annotated["Contact", strawberry.lazy("teamgraph.api.accounts.types")]
PersonRef = Annotated["Person", strawberry.lazy("teamgraph.api.people.types")]


async def contacts_at(info: Info, nodes: Sequence[Node]) -> list[Any]:
    """The Contact nodes of these network nodes, in order."""
    return await load_nodes(info, "Contact", [pk for _, pk in nodes])


async def people_at(info: Info, nodes: Sequence[Node]) -> list[Any]:
    """The Person nodes of these network nodes, in order."""
    return await load_nodes(info, "Person", [pk for _, pk in nodes])


# --- breadth --------------------------------------------------------------------------------------


@strawberry.type(description="How many contacts of one buying role have a thread.")
class RoleCoverage:
    role: BuyingRole
    covered: int
    total: int


@strawberry.type(description="Breadth within one department of the customer.")
class DepartmentBreadth:
    department: str
    contacts: int
    covered: int
    multi_threaded: int
    people_engaged: int


@strawberry.type(description="How many contacts have exactly `threads` threads.")
class ThreadCount:
    threads: int
    contacts: int


@strawberry.type(description="How deep the account is penetrated.")
class Breadth:
    index: float = strawberry.field(
        description="0-100: rises with contacts and decision makers covered, departments "
        "reached, the multi-threaded share and our people engaged (see README)."
    )
    contacts: int
    covered: int = strawberry.field(
        description="Contacts with a thread (effective strength at or above the threshold)."
    )
    coverage_share: float
    decision_makers: int
    decision_makers_covered: int
    decision_makers_multi_threaded: int
    departments: int
    departments_reached: int
    people_engaged: int
    multi_threaded: int
    multi_threaded_share: float
    threads_distribution: list[ThreadCount]
    roles: list[RoleCoverage]
    by_department: list[DepartmentBreadth]

    @classmethod
    def of(cls, b: breadth_figures.Breadth) -> Breadth:
        return cls(
            index=b.index,
            contacts=b.contacts,
            covered=b.covered,
            coverage_share=round(b.coverage_share, 4),
            decision_makers=b.decision_makers,
            decision_makers_covered=b.decision_makers_covered,
            decision_makers_multi_threaded=b.decision_makers_multi_threaded,
            departments=b.departments,
            departments_reached=b.departments_reached,
            people_engaged=b.people_engaged,
            multi_threaded=b.multi_threaded,
            multi_threaded_share=round(b.multi_threaded_share, 4),
            threads_distribution=[
                ThreadCount(threads=k, contacts=v)
                for k, v in sorted(b.threads_distribution.items())
            ],
            roles=[
                RoleCoverage(role=BuyingRole(r.role), covered=r.covered, total=r.total)
                for r in b.roles
            ],
            by_department=[
                DepartmentBreadth(
                    department=d.department,
                    contacts=d.contacts,
                    covered=d.covered,
                    multi_threaded=d.multi_threaded,
                    people_engaged=d.people_engaged,
                )
                for d in b.by_department
            ],
        )


# --- single points of failure -----------------------------------------------------------------


@strawberry.type(description="A contact who hangs on one relationship.")
class SoleThread:
    contact_node: strawberry.Private[Node]
    person_node: strawberry.Private[Node]
    influence: int
    buying_role: BuyingRole

    @strawberry.field
    async def contact(self, info: Info) -> ContactRef | None:
        return await load_node(info, "Contact", self.contact_node[1])

    @strawberry.field(description="The one person who holds the thread.")
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.person_node[1])


@strawberry.type(description="What the account would lose if this person left.")
class KeyPerson:
    person_node: strawberry.Private[Node]
    lost_nodes: strawberry.Private[tuple[Node, ...]]
    decision_makers_lost: int
    influence_lost: int

    @strawberry.field
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.person_node[1])

    @strawberry.field(description="Contacts left with no thread.")
    async def contacts_lost(self, info: Info) -> list[ContactRef]:
        return await contacts_at(info, self.lost_nodes)


@strawberry.type(
    description="The fewest of our people whose loss leaves a decision maker "
    "without a thread (size null: no decision maker; 0: one has no thread now)."
)
class BusFactor:
    size: int | None
    people_nodes: strawberry.Private[tuple[Node, ...]]
    decision_maker_node: strawberry.Private[Node | None]

    @strawberry.field
    async def people(self, info: Info) -> list[PersonRef]:
        return await people_at(info, self.people_nodes)

    @strawberry.field
    async def decision_maker(self, info: Info) -> ContactRef | None:
        if self.decision_maker_node is None:
            return None
        return await load_node(info, "Contact", self.decision_maker_node[1])


@strawberry.type(description="A sponsor or decision maker nobody has spoken to for too long.")
class StaleRelationship:
    person_node: strawberry.Private[Node]
    contact_node: strawberry.Private[Node]
    buying_role: BuyingRole
    days_since: int | None = strawberry.field(description="Null: never.")

    @strawberry.field
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.person_node[1])

    @strawberry.field
    async def contact(self, info: Info) -> ContactRef | None:
        return await load_node(info, "Contact", self.contact_node[1])


@strawberry.type(description="An account's relationship web: breadth, risks, and a picture.")
class AccountCoverage:
    as_of: dt.date
    breadth: Breadth
    sole_threads: list[SoleThread]
    key_people: list[KeyPerson]
    articulation_points: list[NetworkNode]
    bridges: list[Bridge]
    bus_factor: BusFactor
    stale: list[StaleRelationship]
    graph: CoverageGraph

    @classmethod
    def of(cls, found: coverage_service.Coverage) -> AccountCoverage:
        labels = {n: data.get("label", "") for n, data in found.graph.nodes(data=True)}

        def ref(node: Node) -> NetworkNode:
            return NetworkNode(
                id=global_node_id(node), kind=NetworkNodeKind(node[0]), label=labels.get(node, "")
            )

        r: risk_figures.Risk = found.risk
        return cls(
            as_of=found.as_of,
            breadth=Breadth.of(found.breadth),
            sole_threads=[
                SoleThread(
                    contact_node=s.contact,
                    person_node=s.person,
                    influence=s.influence,
                    buying_role=BuyingRole(s.buying_role),
                )
                for s in r.sole_threads
            ],
            key_people=[
                KeyPerson(
                    person_node=k.person,
                    lost_nodes=k.contacts_lost,
                    decision_makers_lost=k.decision_makers_lost,
                    influence_lost=k.influence_lost,
                )
                for k in r.key_people
            ],
            articulation_points=[ref(n) for n in r.articulation_points],
            bridges=[Bridge(a=ref(a), b=ref(b)) for a, b in r.bridges],
            bus_factor=BusFactor(
                size=r.bus_factor.size,
                people_nodes=r.bus_factor.people,
                decision_maker_node=r.bus_factor.decision_maker,
            ),
            stale=[
                StaleRelationship(
                    person_node=s.person,
                    contact_node=s.contact,
                    buying_role=BuyingRole(s.buying_role),
                    days_since=s.days_since,
                )
                for s in r.stale
            ],
            graph=CoverageGraph(drawing=found.drawing),
        )
