"""The drawable coverage graph: nodes placed by the server's seeded layout, edges, and the
same picture as parallel columns (the compact form for large accounts)."""

from __future__ import annotations

from enum import Enum
from typing import NewType

import strawberry

from teamgraph.api.core.enums import BuyingRole
from teamgraph.api.core.ids import to_global_id
from teamgraph.network.drawing import Drawing
from teamgraph.network.graph import Node


def global_node_id(node: Node) -> strawberry.ID:
    kind, pk = node
    return to_global_id("Person" if kind == "person" else "Contact", pk)


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
    buying_role: BuyingRole | None
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
                buying_role=BuyingRole(n.buying_role) if n.buying_role else None,
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
