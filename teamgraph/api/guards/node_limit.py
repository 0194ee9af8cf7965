"""GitHub's node limit, checked per request before execution (MAX_NODES_EXCEEDED).

A connection is a field with a `first` or `last` argument; the nodes an operation may return
are the product of those sizes along each path of connections, summed over the paths. It reads
the request's variables, so it runs after the cached validation, still before any resolver;
out-of-range `first`/`last` are refused there too (INVALID, naming the argument).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    BREAK,
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    IntValueNode,
    NullValueNode,
    OperationDefinitionNode,
    OperationType,
    ValidationRule,
    ValueNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from teamgraph.api.guards.limits import (
    MAX_NODES_EXCEEDED,
    PAGE_ARGUMENTS,
    Fragments,
    Walk,
    fragments_of,
    operations_of,
)
from teamgraph.errors import INVALID
from teamgraph.pagination import DEFAULT_PAGE_SIZE, MIN_PAGE


class _PageSizeRefused(Exception):
    def __init__(self, argument: str, node: ValueNode, max_page_size: int) -> None:
        super().__init__(argument)
        self.error = GraphQLError(
            # The words and extensions of teamgraph.pagination's own check.
            f"{argument}: must be between {MIN_PAGE} and {max_page_size}",
            node,
            extensions={"code": INVALID, "field": argument},
        )


class _NodeCounter:
    """GitHub's node count of one operation.

    A connection is a field with a `first` or `last` argument; it asks for that many nodes for
    each object above it, so it counts its size times (1 + what its selection counts), and other
    fields count what their selections count. A size is a literal; a variable's value when the
    request gives one, else its default in the operation, else the largest page (the worst case,
    which is also what a check without variables sees); `DEFAULT_PAGE_SIZE` when neither
    argument is given, as the resolvers page. Fragments count at each spread (conservative:
    graphql merges identical fields of one selection set).
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Fragments,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None,
        max_page_size: int,
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.variables = variables or {}
        self.defaults = {
            v.variable.name.value: v.default_value
            for v in operation.variable_definitions or ()
            if v.default_value is not None
        }
        self.max_page_size = max_page_size
        self.walk = Walk(fragments, self.field, sum, schema)

    def count(self) -> int:
        root = self.schema.get_root_type(self.operation.operation or OperationType.QUERY)
        return int(self.walk.selections(self.operation.selection_set, root))

    def field(self, node: FieldNode, parent: Any) -> int:
        fields = getattr(parent, "fields", None)
        definition = fields.get(node.name.value) if fields else None
        if definition is None:  # introspection, __typename, or a field validation refuses
            return 0
        below = int(self.walk.selections(node.selection_set, get_named_type(definition.type)))
        if not any(name in definition.args for name in PAGE_ARGUMENTS):
            return below
        sizes = []
        for argument in node.arguments or ():
            if argument.name.value in PAGE_ARGUMENTS:
                size = self.size(argument.value)
                if size is not None and not MIN_PAGE <= size <= self.max_page_size:
                    raise _PageSizeRefused(argument.name.value, argument.value, self.max_page_size)
                sizes.append(DEFAULT_PAGE_SIZE if size is None else size)
        return max(sizes, default=DEFAULT_PAGE_SIZE) * (1 + below)

    def size(self, node: ValueNode | None) -> int | None:
        """The page size an argument asks for; None for null (the resolver's default)."""
        if isinstance(node, VariableNode):
            name = node.name.value
            if name in self.variables:
                given = self.variables[name]
                # A value of the wrong type fails coercion later; until then, the worst case.
                return given if given is None or type(given) is int else self.max_page_size
            return self.size(self.defaults[name]) if name in self.defaults else self.max_page_size
        if isinstance(node, IntValueNode):
            return int(node.value)
        return None if node is None or isinstance(node, NullValueNode) else self.max_page_size


def count_nodes(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
    max_page_size: int = 100,
) -> int:
    """GitHub's node count of a document's operation (the largest, if several are selected).

    >>> from graphql import build_schema, parse
    >>> schema = build_schema('''
    ...     type Query { people(first: Int): PersonConnection }
    ...     type PersonConnection { edges: [PersonEdge] }
    ...     type PersonEdge { node: Person }
    ...     type Person { name: String, friends(first: Int): PersonConnection }''')
    >>> count_nodes(schema, parse('{ people(first: 10) { edges { node { friends(first: 5) {'
    ...                           ' edges { node { name } } } } } } }'))
    60
    """
    fragments = fragments_of(document)
    return max(
        (
            _NodeCounter(schema, fragments, op, variables, max_page_size).count()
            for op in operations_of(document, operation_name)
        ),
        default=0,
    )


def _node_limit_errors(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    limit: int,
    max_page_size: int,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
) -> list[GraphQLError]:
    fragments = fragments_of(document)
    errors = []
    for operation in operations_of(document, operation_name):
        try:
            nodes = _NodeCounter(schema, fragments, operation, variables, max_page_size).count()
        except _PageSizeRefused as refused:
            errors.append(refused.error)
            continue
        if nodes > limit:
            errors.append(
                GraphQLError(
                    f"the query asks for up to {nodes:,} nodes; the limit is {limit:,} (each "
                    "connection counts its first/last times those of the connections above it)",
                    operation,
                    extensions={"code": MAX_NODES_EXCEEDED, "nodes": nodes, "limit": limit},
                )
            )
    return errors


def node_limit_rule(
    *,
    limit: int,
    max_page_size: int = 100,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> type[ValidationRule]:
    """The node limit as a graphql-core rule, for `graphql.validate(schema, doc, [rule])`.

    It depends on the variables, so it is built per request, never put in a cached validation.
    """

    class NodeLimitRule(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> Any:
            for error in _node_limit_errors(
                self.context.schema,
                node,
                limit=limit,
                max_page_size=max_page_size,
                variables=variables,
                operation_name=operation_name,
            ):
                self.report_error(error)
            return BREAK

    return NodeLimitRule


class NodeLimit(SchemaExtension):
    """The node limit, with the request's variables, once the document is valid.

    List it after ValidationCache: its hook must see validation done, and strawberry decides
    whether to execute right after the hooks are entered.
    """

    def __init__(self, *, limit: int, max_page_size: int) -> None:
        super().__init__()
        self.limit = limit
        self.max_page_size = max_page_size

    def on_validate(self) -> Iterator[None]:
        context: ExecutionContext = self.execution_context
        document = context.graphql_document
        # Errors are set only when there are some: an empty list would make strawberry skip a
        # validation that has not run yet.
        if document is not None and not context.pre_execution_errors:
            errors = _node_limit_errors(
                context.schema._schema,
                document,
                limit=self.limit,
                max_page_size=self.max_page_size,
                variables=context.variables,
                operation_name=context.operation_name,
            )
            if errors:
                context.pre_execution_errors = errors
        yield
