"""What the GraphQL endpoint refuses before it runs anything, and what it never lets out.

Each refusal has its own `extensions.code`; each limit comes from `Settings`.

- The document, checked once per query text (cached with the parse), before graphql-core's
  validation: tokens (MAX_TOKENS_EXCEEDED, the parser stops counting at the limit), repeats of
  one field in one selection set (MAX_REPEATS_EXCEEDED: graphql-core's overlapping-fields rule
  compares every pair of them, about a second of CPU for 450 repeats), depth
  (MAX_DEPTH_EXCEEDED) and aliases (MAX_ALIASES_EXCEEDED).
- Introspection when switched off (INTROSPECTION_DISABLED): a validation rule, cached.
- Nodes (MAX_NODES_EXCEEDED): GitHub's node limit, the product of `first`/`last` along each
  path of connections, summed. It reads the request's variables, so it runs per request after
  the cached validation, still before execution; out-of-range `first`/`last` are refused there
  too (INVALID, naming the argument), before any resolver runs.

What never leaves: an unexpected exception reaches the client as "Unexpected error."
(INTERNAL_SERVER_ERROR) and the log "teamgraph.api" with its traceback.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import strawberry
from graphql import (
    BREAK,
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    Node,
    NullValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationRule,
    ValueNode,
    VariableNode,
    get_named_type,
    parse,
)
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.types import ExecutionContext

from teamgraph.config import Settings
from teamgraph.errors import INVALID, DomainError
from teamgraph.pagination import DEFAULT_PAGE_SIZE, MIN_PAGE

__all__ = [
    "ApiSchema",
    "DocumentBounds",
    "DocumentLimits",
    "MaskUnexpectedErrors",
    "NoIntrospectionRule",
    "NodeLimit",
    "count_nodes",
    "document_refusal",
    "is_unexpected",
    "limit_extensions",
    "node_limit_rule",
]

logger = logging.getLogger("teamgraph.api")

MAX_TOKENS_EXCEEDED = "MAX_TOKENS_EXCEEDED"
MAX_REPEATS_EXCEEDED = "MAX_REPEATS_EXCEEDED"
MAX_DEPTH_EXCEEDED = "MAX_DEPTH_EXCEEDED"
MAX_ALIASES_EXCEEDED = "MAX_ALIASES_EXCEEDED"
MAX_NODES_EXCEEDED = "MAX_NODES_EXCEEDED"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
REFUSALS = frozenset(
    {
        MAX_TOKENS_EXCEEDED,
        MAX_REPEATS_EXCEEDED,
        MAX_DEPTH_EXCEEDED,
        MAX_ALIASES_EXCEEDED,
        MAX_NODES_EXCEEDED,
        INTROSPECTION_DISABLED,
    }
)
PAGE_ARGUMENTS = ("first", "last")
_SUGGESTION = re.compile(r"\s*Did you mean\b.*$", re.DOTALL)

Selections = SelectionSetNode | None
Fragments = dict[str, FragmentDefinitionNode]


def _fragments(document: DocumentNode) -> Fragments:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def _operations(document: DocumentNode, name: str | None = None) -> list[OperationDefinitionNode]:
    """The document's operations, or those called `name`."""
    return [
        d
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        and (name is None or (d.name is not None and d.name.value == name))
    ]


class _Walk:
    """Folds selections through inline fragments and fragment spreads, each fragment computed
    once: a document spreading a fragment twice per level must not cost 2**levels to measure.

    `field(node, parent)` gives a field's figure, recursing with `selections` itself; fragments
    add nothing of their own. A fragment met again on its own path (a cycle, which validation
    reports) counts 0. With a schema, `parent` is the type selected on.
    """

    def __init__(
        self,
        fragments: Fragments,
        field: Callable[[FieldNode, Any], Any],
        combine: Callable[[list[Any]], Any],
        schema: GraphQLSchema | None = None,
    ) -> None:
        self.fragments = fragments
        self.field = field
        self.combine = combine
        self.schema = schema
        self.memo: dict[str, Any] = {}
        self.busy: set[str] = set()

    def selections(self, node: Selections, parent: Any = None) -> Any:
        figures = []
        for selection in node.selections if node else ():
            if isinstance(selection, FieldNode):
                figures.append(self.field(selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                on = self.type_named(selection.type_condition, parent)
                figures.append(self.selections(selection.selection_set, on))
            elif isinstance(selection, FragmentSpreadNode):
                figures.append(self.spread(selection.name.value))
        return self.combine(figures)

    def spread(self, name: str) -> Any:
        if name not in self.memo:
            fragment = self.fragments.get(name)
            if fragment is None or name in self.busy:
                return self.combine([])
            self.busy.add(name)
            on = self.type_named(fragment.type_condition, None)
            self.memo[name] = self.selections(fragment.selection_set, on)
            self.busy.discard(name)
        return self.memo[name]

    def type_named(self, condition: NamedTypeNode | None, default: Any) -> Any:
        if condition is None or self.schema is None:
            return default
        return self.schema.get_type(condition.name.value)


def _max(figures: list[int]) -> int:
    return max(figures, default=0)


def _merged(counters: list[Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for counter in counters:
        total.update(counter)
    return total


def _repeats(document: DocumentNode, fragments: Fragments) -> int:
    """The most times one response name is selected in one selection set, with its inline
    fragments and fragment spreads merged in, as graphql-core compares them."""
    walk = _Walk(fragments, lambda node, _: Counter([(node.alias or node.name).value]), _merged)
    worst = 0
    roots = [d.selection_set for d in document.definitions if hasattr(d, "selection_set")]
    while roots:
        root = roots.pop()
        worst = max(worst, *walk.selections(root).values(), 0)
        inline = [root]
        while inline:  # the fields' own selection sets are roots of their own
            for selection in inline.pop().selections:
                if isinstance(selection, InlineFragmentNode):
                    inline.append(selection.selection_set)
                elif isinstance(selection, FieldNode) and selection.selection_set:
                    roots.append(selection.selection_set)
    return worst


def _depth(operation: OperationDefinitionNode, fragments: Fragments) -> int:
    """Fields nested along the deepest path; introspection (`__schema`...) is not counted."""

    def field(node: FieldNode, _: Any) -> int:
        if node.name.value.startswith("__"):
            return 0
        return 1 + int(walk.selections(node.selection_set))

    walk = _Walk(fragments, field, _max)
    return int(walk.selections(operation.selection_set))


def _aliases(operation: OperationDefinitionNode, fragments: Fragments) -> int:
    """Aliased fields, a fragment's counted at each spread (each spread asks for them again)."""

    def field(node: FieldNode, _: Any) -> int:
        return (node.alias is not None) + int(walk.selections(node.selection_set))

    walk = _Walk(fragments, field, sum)
    return int(walk.selections(operation.selection_set))


@dataclass(frozen=True)
class DocumentBounds:
    """The limits on a query's text, hashable: they are part of the parse cache's key."""

    max_tokens: int
    max_repeats: int
    max_depth: int
    max_aliases: int

    @classmethod
    def from_settings(cls, settings: Settings) -> DocumentBounds:
        return cls(
            max_tokens=settings.max_tokens,
            max_repeats=settings.max_repeats,
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
        )


class _Refusal(NamedTuple):
    message: str
    node: Node | None
    extensions: tuple[tuple[str, Any], ...]

    def error(self) -> GraphQLError:
        return GraphQLError(self.message, self.node, extensions=dict(self.extensions))


def document_refusal(document: DocumentNode, bounds: DocumentBounds) -> GraphQLError | None:
    """Why `document` is refused (repeats, depth or aliases over `bounds`), or None."""
    refusal = _refusal(document, bounds)
    return refusal.error() if refusal else None


def _refusal(document: DocumentNode, bounds: DocumentBounds) -> _Refusal | None:
    fragments = _fragments(document)
    repeats = _repeats(document, fragments)
    if repeats > bounds.max_repeats:
        return _Refusal(
            f"one field is selected {repeats} times in one selection set; the limit is "
            f"{bounds.max_repeats}",
            None,
            (("code", MAX_REPEATS_EXCEEDED), ("repeats", repeats), ("limit", bounds.max_repeats)),
        )
    for operation in _operations(document):
        depth = _depth(operation, fragments)
        if depth > bounds.max_depth:
            return _Refusal(
                f"the query is {depth} fields deep; the limit is {bounds.max_depth}",
                operation,
                (("code", MAX_DEPTH_EXCEEDED), ("depth", depth), ("limit", bounds.max_depth)),
            )
        aliases = _aliases(operation, fragments)
        if aliases > bounds.max_aliases:
            return _Refusal(
                f"the query uses {aliases} aliases; the limit is {bounds.max_aliases}",
                operation,
                (
                    ("code", MAX_ALIASES_EXCEEDED),
                    ("aliases", aliases),
                    ("limit", bounds.max_aliases),
                ),
            )
    return None


@lru_cache(maxsize=256)  # shared by every request; bounded, so unique texts cannot grow it
def _parse_within(query: str, bounds: DocumentBounds) -> DocumentNode | _Refusal:
    """The parsed document, or why it is refused. Syntax errors are raised (and not cached)."""
    try:
        document = parse(query, max_tokens=bounds.max_tokens)
    except GraphQLSyntaxError as error:
        if f"more than {bounds.max_tokens} tokens" not in error.message:
            raise
        return _Refusal(
            f"the query is longer than the limit of {bounds.max_tokens:,} tokens",
            None,
            (("code", MAX_TOKENS_EXCEEDED), ("limit", bounds.max_tokens)),
        )
    return _refusal(document, bounds) or document


class NoIntrospectionRule(ValidationRule):
    """Refuses `__schema` and `__type` (INTROSPECTION_DISABLED); `__typename` stays allowed."""

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.name.value in ("__schema", "__type"):
            self.report_error(
                GraphQLError(
                    "introspection is disabled on this server",
                    node,
                    extensions={"code": INTROSPECTION_DISABLED},
                )
            )


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
        self.walk = _Walk(fragments, self.field, sum, schema)

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
    fragments = _fragments(document)
    return max(
        (
            _NodeCounter(schema, fragments, op, variables, max_page_size).count()
            for op in _operations(document, operation_name)
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
    fragments = _fragments(document)
    errors = []
    for operation in _operations(document, operation_name):
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


class DocumentLimits(SchemaExtension):
    """Parses, cached, within the document bounds (in place of strawberry's ParserCache, whose
    errors cannot be caught by another extension to get a code), and adds the fixed validation
    rules: built once, they keep the ValidationCache key the same for every request."""

    def __init__(
        self, *, bounds: DocumentBounds, rules: tuple[type[ASTValidationRule], ...]
    ) -> None:
        super().__init__()
        self.bounds = bounds
        self.rules = rules

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = (*context.validation_rules, *self.rules)
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query:
            parsed = _parse_within(context.query, self.bounds)
            if isinstance(parsed, _Refusal):
                raise parsed.error()
            context.graphql_document = parsed
        yield


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


def is_unexpected(error: GraphQLError) -> bool:
    """An exception no one meant to send: neither a domain error nor one of GraphQL's own (a
    bad variable value arrives wrapped around a GraphQLError, and is the client's mistake)."""
    original = error.original_error
    return original is not None and not isinstance(original, DomainError | GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    """strawberry's MaskErrors for unexpected errors only, with a code clients can test."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL_SERVER_ERROR}
        return masked


class ApiSchema(strawberry.Schema):
    """strawberry's Schema, logging to "teamgraph.api" rather than every error (a typo included)
    with a traceback: unexpected errors with their traceback, before MaskErrors hides them from
    the client; refusals by a limit as warnings; the client's other mistakes at debug level."""

    @staticmethod
    def remove_field_suggestion(error: GraphQLError) -> None:
        """Every "Did you mean ...?" (arguments, types, enum values, input fields), where
        strawberry's `disable_field_suggestions` removes only those after "Cannot query field"."""
        error.message = _SUGGESTION.sub("", error.message)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        operation = execution_context.operation_name if execution_context else None
        for error in errors:
            if is_unexpected(error):
                logger.error(
                    "unexpected error in operation %s at %s: %s",
                    operation,
                    error.path,
                    error.message,
                    exc_info=error.original_error,
                )
            elif (error.extensions or {}).get("code") in REFUSALS:
                logger.warning("refused operation %s: %s", operation, error.message)
            else:
                logger.debug("client error in operation %s: %s", operation, error.message)


def limit_extensions(settings: Settings) -> tuple[Callable[[], SchemaExtension], ...]:
    """(DocumentLimits, NodeLimit) factories: one extension per request, their bounds and rules
    built here, once."""
    bounds = DocumentBounds.from_settings(settings)
    rules: tuple[type[ASTValidationRule], ...] = (
        () if settings.introspection else (NoIntrospectionRule,)
    )

    def document_limits() -> SchemaExtension:
        return DocumentLimits(bounds=bounds, rules=rules)

    def node_limit() -> SchemaExtension:
        return NodeLimit(limit=settings.max_nodes, max_page_size=settings.max_page_size)

    return document_limits, node_limit
