"""The relationship web in the API: `Account.coverage` (breadth, single points of failure, the
drawable graph), `introductionPaths` and `talentMap`.

The figures come from teamgraph.network as plain dataclasses; the types below only rename them
for GraphQL and turn the network's `("person" | "contact", id)` nodes into Person and Contact
objects through the request's loaders (one statement per kind, however many are listed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Annotated, NewType

import strawberry

from teamgraph.api.context import Info
from teamgraph.api.people import Person, person_by_id
from teamgraph.api.relay import decode_id, to_global_id
from teamgraph.network import breadth as breadth_figures
from teamgraph.network import coverage as coverage_service
from teamgraph.network import risk as risk_figures
from teamgraph.network import store as network_store
from teamgraph.network.drawing import Drawing
from teamgraph.network.graph import Node
from teamgraph.network.store import introductions
from teamgraph.staffing.talent import talent_map

if TYPE_CHECKING:
    from teamgraph.api.accounts import BuyingRole, Contact

ContactRef = Annotated["Contact", strawberry.lazy("teamgraph.api.accounts")]
BuyingRoleRef = Annotated["BuyingRole", strawberry.lazy("teamgraph.api.accounts")]


async def _contacts(info: Info, nodes: Sequence[Node]) -> list[Contact]:
    from teamgraph.api.accounts import _contacts as contacts_by_pk

    return await contacts_by_pk(info, [pk for _, pk in nodes])


async def _people(info: Info, nodes: Sequence[Node]) -> list[Person]:
    rows = await info.context.loader(person_by_id).load_many([pk for _, pk in nodes])
    return [Person.from_row(row) for row in rows if row is not None]


def _role(value: str) -> BuyingRole:
    from teamgraph.api.accounts import BuyingRole

    return BuyingRole(value)


def global_node_id(node: Node) -> strawberry.ID:
    kind, pk = node
    return to_global_id("Person" if kind == "person" else "Contact", pk)


# --- breadth --------------------------------------------------------------------------------------


@strawberry.type(description="How many contacts of one buying role have a thread.")
class RoleCoverage:
    role: BuyingRoleRef
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
                RoleCoverage(role=_role(r.role), covered=r.covered, total=r.total) for r in b.roles
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
    buying_role: BuyingRoleRef

    @strawberry.field
    async def contact(self, info: Info) -> ContactRef | None:
        found = await _contacts(info, [self.contact_node])
        return found[0] if found else None

    @strawberry.field(description="The one person who holds the thread.")
    async def person(self, info: Info) -> Person | None:
        found = await _people(info, [self.person_node])
        return found[0] if found else None


@strawberry.type(description="What the account would lose if this person left.")
class KeyPerson:
    person_node: strawberry.Private[Node]
    lost_nodes: strawberry.Private[tuple[Node, ...]]
    decision_makers_lost: int
    influence_lost: int

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        found = await _people(info, [self.person_node])
        return found[0] if found else None

    @strawberry.field(description="Contacts left with no thread.")
    async def contacts_lost(self, info: Info) -> list[ContactRef]:
        return await _contacts(info, self.lost_nodes)


@strawberry.type(
    description="The fewest of our people whose loss leaves a decision maker "
    "without a thread (size null: no decision maker; 0: one has no thread now)."
)
class BusFactor:
    size: int | None
    people_nodes: strawberry.Private[tuple[Node, ...]]
    decision_maker_node: strawberry.Private[Node | None]

    @strawberry.field
    async def people(self, info: Info) -> list[Person]:
        return await _people(info, self.people_nodes)

    @strawberry.field
    async def decision_maker(self, info: Info) -> ContactRef | None:
        if self.decision_maker_node is None:
            return None
        found = await _contacts(info, [self.decision_maker_node])
        return found[0] if found else None


@strawberry.type(description="A sponsor or decision maker nobody has spoken to for too long.")
class StaleRelationship:
    person_node: strawberry.Private[Node]
    contact_node: strawberry.Private[Node]
    buying_role: BuyingRoleRef
    days_since: int | None = strawberry.field(description="Null: never.")

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        found = await _people(info, [self.person_node])
        return found[0] if found else None

    @strawberry.field
    async def contact(self, info: Info) -> ContactRef | None:
        found = await _contacts(info, [self.contact_node])
        return found[0] if found else None


@strawberry.enum
class NetworkNodeKind(Enum):
    PERSON = "person"
    CONTACT = "contact"


@strawberry.type(description="A node of the account web: one of our people or a contact.")
class NetworkNode:
    id: strawberry.ID = strawberry.field(description="The Person's or Contact's global id.")
    kind: NetworkNodeKind
    label: str


@strawberry.type(description="An edge whose removal splits the account web.")
class Bridge:
    a: NetworkNode
    b: NetworkNode


# --- the drawable graph --------------------------------------------------------------------------


@strawberry.type(description="A node to draw, placed by a seeded networkx layout (stable).")
class GraphNode:
    id: strawberry.ID
    kind: NetworkNodeKind
    label: str
    buying_role: BuyingRoleRef | None
    influence: int | None
    flags: list[str] = strawberry.field(
        description="sole_threaded, uncovered, stale, key_person, cut_point."
    )
    x: float
    y: float


@strawberry.type(description="relationship (person -> contact) or reports_to (report -> manager).")
class GraphEdge:
    source: strawberry.ID
    target: strawberry.ID
    kind: str
    strength: float


# One column of the drawable graph: a JSON array sent as one GraphQL value, where a list of N
# scalars costs GraphQL N. The schema maps it to the `Column` scalar (COLUMN_SCALAR).
Column = NewType("Column", list)  # any JSON values, by design
COLUMN_SCALAR = strawberry.scalar(
    name="Column",
    serialize=list,
    parse_value=list,
    description="A JSON array: one column of the drawable graph (its field says of what). "
    "One value for GraphQL to send, where a list of N scalars costs it N.",
)


@strawberry.type(
    description="The same picture as parallel columns, one entry per node (and per edge, whose "
    "ends are positions in the node columns): the compact form for large accounts, a fraction "
    "of the server's work of `nodes` and `edges`. Values are those `nodes` and `edges` give."
)
class GraphColumns:
    ids: Column = strawberry.field(description="Each node's global id (a Person or Contact).")
    kinds: Column = strawberry.field(description="PERSON or CONTACT.")
    labels: Column = strawberry.field(description="Names.")
    buying_roles: Column = strawberry.field(description="A BuyingRole name, or null.")
    influences: Column = strawberry.field(description="1..5, or null for our people.")
    flags: Column = strawberry.field(description="Lists of risk flags, as `GraphNode.flags`.")
    xs: Column = strawberry.field(description="Floats.")
    ys: Column = strawberry.field(description="Floats.")
    edge_sources: Column = strawberry.field(description="Positions in `ids`.")
    edge_targets: Column = strawberry.field(description="Positions in `ids`.")
    edge_kinds: Column = strawberry.field(description="relationship or reports_to.")
    edge_strengths: Column = strawberry.field(description="Effective strengths, 0..1.")


@strawberry.type(
    description="The coverage graph to draw: our people on one row, the customer's org chart "
    "below. Built only when asked for."
)
class CoverageGraph:
    drawing: strawberry.Private[Drawing]

    def _ids(self) -> dict[Node, strawberry.ID]:
        return {n.id: global_node_id(n.id) for n in self.drawing.nodes}

    @strawberry.field
    def nodes(self) -> list[GraphNode]:
        ids = self._ids()
        return [
            GraphNode(
                id=ids[n.id],
                kind=NetworkNodeKind(n.kind),
                label=n.label,
                buying_role=_role(n.buying_role) if n.buying_role else None,
                influence=n.influence,
                flags=list(n.flags),
                x=n.x,
                y=n.y,
            )
            for n in self.drawing.nodes
        ]

    @strawberry.field
    def edges(self) -> list[GraphEdge]:
        ids = self._ids()
        return [
            GraphEdge(
                source=ids[e.source],
                target=ids[e.target],
                kind=e.kind,
                strength=round(e.strength, 4),
            )
            for e in self.drawing.edges
        ]

    @strawberry.field
    def columns(self) -> GraphColumns:
        nodes, edges = self.drawing.nodes, self.drawing.edges
        at = {n.id: i for i, n in enumerate(nodes)}
        return GraphColumns(
            ids=Column([global_node_id(n.id) for n in nodes]),
            kinds=Column([n.kind.upper() for n in nodes]),
            labels=Column([n.label for n in nodes]),
            buying_roles=Column([n.buying_role.upper() if n.buying_role else None for n in nodes]),
            influences=Column([n.influence for n in nodes]),
            flags=Column([list(n.flags) for n in nodes]),
            xs=Column([n.x for n in nodes]),
            ys=Column([n.y for n in nodes]),
            edge_sources=Column([at[e.source] for e in edges]),
            edge_targets=Column([at[e.target] for e in edges]),
            edge_kinds=Column([e.kind for e in edges]),
            edge_strengths=Column([round(e.strength, 4) for e in edges]),
        )


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
                    buying_role=_role(s.buying_role),
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
                    buying_role=_role(s.buying_role),
                    days_since=s.days_since,
                )
                for s in r.stale
            ],
            graph=CoverageGraph(drawing=found.drawing),
        )


def account_coverage(info: Info, account_pk: int, as_of: dt.date | None) -> AccountCoverage:
    ctx = info.context
    found = network_store.account_coverage(
        ctx.session, account_pk, settings=ctx.settings, as_of=as_of
    )
    return AccountCoverage.of(found)


# --- introduction paths and the talent map ----------------------------------------------------


@strawberry.type(description="One hop of an introduction path, with the strength that gets there.")
class PathStep:
    node: NetworkNode
    strength: float | None = strawberry.field(description="Null on the first step.")


@strawberry.type(
    description="A way in: from a person, through colleagues or the customer's "
    "reporting lines, to the target contact."
)
class IntroductionPath:
    score: float = strawberry.field(description="The product of the effective strengths.")
    steps: list[PathStep]


@strawberry.type(description="Supply of one skill against the open tasks' demand for it.")
class SkillSupply:
    skill_pk: strawberry.Private[int]
    name: str
    tasks: int = strawberry.field(description="Open tasks requiring it.")
    level_demanded: int
    headcount_demanded: int
    qualified: int = strawberry.field(description="Active people at or above the level demanded.")
    qualified_free_hours: float
    gap: bool = strawberry.field(description="Demanded, and nobody qualified has time.")
    people_by_level: list[int] = strawberry.field(
        description="Active holders at levels 1..5, in that order."
    )
    sole_holder_pk: strawberry.Private[int | None]

    @strawberry.field
    def skill_id(self) -> strawberry.ID:
        return to_global_id("Skill", self.skill_pk)

    @strawberry.field(description="The only qualified person, when there is exactly one.")
    async def sole_holder(self, info: Info) -> Person | None:
        if self.sole_holder_pk is None:
            return None
        found = await _people(info, [("person", self.sole_holder_pk)])
        return found[0] if found else None


@strawberry.type
class TalentMap:
    skills: list[SkillSupply]
    gap_pks: strawberry.Private[frozenset[int]]  # the talent map's gaps, as it decides them

    @strawberry.field(description="Demanded skills nobody qualified has time for.")
    def gaps(self) -> list[SkillSupply]:
        return [s for s in self.skills if s.skill_pk in self.gap_pks]

    @strawberry.field(description="Demanded skills only one person holds at the level asked.")
    def sole_holders(self) -> list[SkillSupply]:
        return [s for s in self.skills if s.tasks and s.sole_holder_pk is not None]


@strawberry.type
class NetworkQuery:
    @strawberry.field(
        description="The strongest ways from one of our people to a contact, best first."
    )
    def introduction_paths(
        self,
        info: Info,
        contact: strawberry.ID,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        first: int = 3,
    ) -> list[IntroductionPath]:
        ctx = info.context
        found = introductions(
            ctx.session,
            contact_id=decode_id(contact, "Contact", field="contact"),
            person_id=decode_id(from_, "Person", field="from"),
            k=first,
            settings=ctx.settings,
        )
        return [
            IntroductionPath(
                score=round(path.score, 4),
                steps=[
                    PathStep(
                        node=NetworkNode(
                            id=global_node_id(node),
                            kind=NetworkNodeKind(node[0]),
                            label=path_label,
                        ),
                        strength=None if i == 0 else round(path.strengths[i - 1], 4),
                    )
                    for i, (node, path_label) in enumerate(
                        zip(path.nodes, path.labels, strict=True)
                    )
                ],
            )
            for path in found
        ]

    @strawberry.field(description="Per skill: supply by level and free hours against open demand.")
    def talent_map(self, info: Info, demanded_only: bool = False) -> TalentMap:
        found = talent_map(info.context.session, demanded_only=demanded_only)
        return TalentMap(
            skills=[
                SkillSupply(
                    skill_pk=s.skill_id,
                    name=s.name,
                    tasks=s.tasks,
                    level_demanded=s.level_demanded,
                    headcount_demanded=s.headcount_demanded,
                    qualified=s.qualified,
                    qualified_free_hours=round(s.qualified_free_hours, 2),
                    gap=s.gap,
                    people_by_level=[s.people_by_level.get(level, 0) for level in range(1, 6)],
                    sole_holder_pk=s.sole_holder,
                )
                for s in found.skills
            ],
            gap_pks=frozenset(s.skill_id for s in found.gaps),
        )
