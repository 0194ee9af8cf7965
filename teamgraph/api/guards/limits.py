"""What the GraphQL endpoint refuses before it runs anything.

Each refusal has its own `extensions.code`; each limit comes from `Settings`.

- The document, checked once per query text (cached with the parse), before graphql-core's
  validation: tokens (MAX_TOKENS_EXCEEDED, the parser stops counting at the limit), repeats of
  one field in one selection set (MAX_REPEATS_EXCEEDED: graphql-core's overlapping-fields rule
  compares every pair of them, about a second of CPU for 450 repeats), depth
  (MAX_DEPTH_EXCEEDED), aliases (MAX_ALIASES_EXCEEDED) and introspection fields
  (MAX_INTROSPECTION_EXCEEDED: each `__schema` answers the whole schema, 130 KB and tens of
  milliseconds; fifteen aliased ones in 734 bytes made a 1.9 MB answer).
- Introspection when switched off (INTROSPECTION_DISABLED): a validation rule, cached.
- Nodes (MAX_NODES_EXCEEDED): GitHub's node limit, per request (teamgraph.api.guards.node_limit).

What never leaves the endpoint is teamgraph.api.guards.disclosure's business.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    NamedTypeNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    parse,
)
from strawberry.extensions import SchemaExtension, ValidationCache

from teamgraph.config import Settings

__all__ = [
    "REFUSALS",
    "DocumentBounds",
    "DocumentLimits",
    "NoIntrospectionRule",
    "Walk",
    "document_refusal",
    "fragments_of",
    "operations_of",
]

logger = logging.getLogger("teamgraph.api")

MAX_TOKENS_EXCEEDED = "MAX_TOKENS_EXCEEDED"
MAX_QUERY_BYTES_EXCEEDED = "MAX_QUERY_BYTES_EXCEEDED"
MAX_REPEATS_EXCEEDED = "MAX_REPEATS_EXCEEDED"
MAX_DEPTH_EXCEEDED = "MAX_DEPTH_EXCEEDED"
MAX_ALIASES_EXCEEDED = "MAX_ALIASES_EXCEEDED"
MAX_INTROSPECTION_EXCEEDED = "MAX_INTROSPECTION_EXCEEDED"
MAX_NODES_EXCEEDED = "MAX_NODES_EXCEEDED"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
REFUSALS = frozenset(
    {
        MAX_TOKENS_EXCEEDED,
        MAX_QUERY_BYTES_EXCEEDED,
        MAX_REPEATS_EXCEEDED,
        MAX_DEPTH_EXCEEDED,
        MAX_ALIASES_EXCEEDED,
        MAX_INTROSPECTION_EXCEEDED,
        MAX_NODES_EXCEEDED,
        INTROSPECTION_DISABLED,
    }
)
PAGE_ARGUMENTS = ("first", "last")

Selections = SelectionSetNode | None
Fragments = dict[str, FragmentDefinitionNode]


def fragments_of(document: DocumentNode) -> Fragments:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def operations_of(document: DocumentNode, name: str | None = None) -> list[OperationDefinitionNode]:
    """The document's operations, or those called `name`."""
    return [
        d
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        and (name is None or (d.name is not None and d.name.value == name))
    ]


class Walk:
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
    walk = Walk(fragments, lambda node, _: Counter([(node.alias or node.name).value]), _merged)
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

    walk = Walk(fragments, field, _max)
    return int(walk.selections(operation.selection_set))


def _aliases(operation: OperationDefinitionNode, fragments: Fragments) -> int:
    """Aliased fields, a fragment's counted at each spread (each spread asks for them again)."""

    def field(node: FieldNode, _: Any) -> int:
        return (node.alias is not None) + int(walk.selections(node.selection_set))

    walk = Walk(fragments, field, sum)
    return int(walk.selections(operation.selection_set))


INTROSPECTION_FIELDS = ("__schema", "__type")


def _introspections(operation: OperationDefinitionNode, fragments: Fragments) -> int:
    """`__schema` and `__type` fields, a fragment's counted at each spread."""

    def field(node: FieldNode, _: Any) -> int:
        own = node.name.value in INTROSPECTION_FIELDS
        return own + int(walk.selections(node.selection_set))

    walk = Walk(fragments, field, sum)
    return int(walk.selections(operation.selection_set))


@dataclass(frozen=True)
class DocumentBounds:
    """The limits on a query's text, hashable: they are part of the parse cache's key."""

    max_tokens: int
    max_repeats: int
    max_depth: int
    max_aliases: int
    max_query_bytes: int = 32_768
    max_introspection: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> DocumentBounds:
        return cls(
            max_tokens=settings.max_tokens,
            max_repeats=settings.max_repeats,
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_query_bytes=settings.max_query_bytes,
            max_introspection=settings.max_introspection,
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
    fragments = fragments_of(document)
    repeats = _repeats(document, fragments)
    if repeats > bounds.max_repeats:
        return _Refusal(
            f"one field is selected {repeats} times in one selection set; the limit is "
            f"{bounds.max_repeats}",
            None,
            (("code", MAX_REPEATS_EXCEEDED), ("repeats", repeats), ("limit", bounds.max_repeats)),
        )
    for operation in operations_of(document):
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
        introspections = _introspections(operation, fragments)
        if introspections > bounds.max_introspection:
            return _Refusal(
                f"the query asks for the schema (`__schema`, `__type`) {introspections} times; "
                f"the limit is {bounds.max_introspection}",
                operation,
                (
                    ("code", MAX_INTROSPECTION_EXCEEDED),
                    ("introspections", introspections),
                    ("limit", bounds.max_introspection),
                ),
            )
    return None


# A parsed document weighs about 70 times its text (every token is kept for error locations):
# the published operations' largest file, 3.9 KB, parses to 250 KiB. So only texts up to
# CACHED_QUERY_BYTES are cached, 64 of them (real clients send a handful of documents): at most
# about 40 MiB, where 256 texts of any size let one token pin 400 MiB.
CACHED_QUERY_BYTES = 8 * 1024
CACHED_DOCUMENTS = 64


def parse_within(query: str, bounds: DocumentBounds) -> DocumentNode | _Refusal:
    """The parsed document, or why it is refused; short texts come from the shared cache."""
    if is_cacheable(query):
        return _parse_cached(query, bounds)
    return _parse_within(query, bounds)


def is_cacheable(query: str | None) -> bool:
    return query is not None and len(query) <= CACHED_QUERY_BYTES


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


_parse_cached = lru_cache(maxsize=CACHED_DOCUMENTS)(_parse_within)


class ShortDocumentValidationCache(ValidationCache):
    """strawberry's validation cache, for the documents the parse cache keeps: a long text's
    document is validated each time, so the cache's key does not pin it either."""

    def __init__(self) -> None:
        super().__init__(maxsize=CACHED_DOCUMENTS)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if is_cacheable(context.query):
            yield from super().on_validate()
            return
        from strawberry.schema.schema import validate_document  # strawberry's own lazy import

        document = context.graphql_document
        assert document is not None  # validation follows a parse
        context.pre_execution_errors = validate_document(
            context.schema._schema, document, context.validation_rules
        )
        yield


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
            size = len(context.query.encode())
            if size > self.bounds.max_query_bytes:  # refused before the parse and its cache
                raise GraphQLError(
                    f"the query text is {size:,} bytes; the limit is "
                    f"{self.bounds.max_query_bytes:,} (send large values as variables)",
                    extensions={
                        "code": MAX_QUERY_BYTES_EXCEEDED,
                        "limit": self.bounds.max_query_bytes,
                    },
                )
            parsed = parse_within(context.query, self.bounds)
            if isinstance(parsed, _Refusal):
                raise parsed.error()
            context.graphql_document = parsed
        yield
