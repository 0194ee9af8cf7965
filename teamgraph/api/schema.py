"""The schema, composed from each domain's query class."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from graphql import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from teamgraph.api.accounts.mutations import AccountMutations
from teamgraph.api.accounts.queries import AccountsQuery
from teamgraph.api.auth.mutations import TokenMutations
from teamgraph.api.auth.queries import TokensQuery
from teamgraph.api.catalogue.mutations import CatalogueMutations
from teamgraph.api.catalogue.queries import CatalogueQuery
from teamgraph.api.core.nodes import NodeQuery
from teamgraph.api.coverage.graph import COLUMN_SCALAR, Column
from teamgraph.api.coverage.queries import NetworkQuery
from teamgraph.api.guards.disclosure import ApiSchema, MaskUnexpectedErrors
from teamgraph.api.guards.limits import (
    DocumentBounds,
    DocumentLimits,
    NoIntrospectionRule,
    ShortDocumentValidationCache,
)
from teamgraph.api.guards.node_limit import NodeLimit
from teamgraph.api.guards.observer import OperationObserver
from teamgraph.api.people.mutations import PeopleMutations
from teamgraph.api.people.queries import PeopleQuery
from teamgraph.api.people.time_off import TimeOffMutations
from teamgraph.api.plans.mutations import PlanMutations
from teamgraph.api.plans.queries import PlansQuery
from teamgraph.api.staffing.jobs import SolveJobMutations, SolveJobSubscription
from teamgraph.api.staffing.mutations import StaffingMutations
from teamgraph.api.staffing.queries import StaffingQuery
from teamgraph.config import Settings


@strawberry.type
class Query(
    NodeQuery,
    PeopleQuery,
    CatalogueQuery,
    AccountsQuery,
    PlansQuery,
    NetworkQuery,
    StaffingQuery,
    TokensQuery,
):
    pass


@strawberry.type
class Mutation(
    AccountMutations,
    PlanMutations,
    CatalogueMutations,
    PeopleMutations,
    TimeOffMutations,
    StaffingMutations,
    SolveJobMutations,
    TokenMutations,
):
    pass


@strawberry.type
class Subscription(SolveJobSubscription):
    pass


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


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with the endpoint's limits from `settings` (the defaults when None).

    The order of the extensions matters (see teamgraph.api.guards.limits): document limits parse
    (cached, with the token limit) and add rules to the cached validation, which the node
    limit must follow.
    """
    document_limits, node_limit = limit_extensions(settings or Settings())
    return ApiSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        # No "Did you mean ...?" (ApiSchema strips them all): names told to anyone who guesses.
        config=StrawberryConfig(disable_field_suggestions=True, scalar_map={Column: COLUMN_SCALAR}),
        extensions=[
            OperationObserver,
            document_limits,
            ShortDocumentValidationCache,
            node_limit,
            MaskUnexpectedErrors,
        ],
    )


def sdl(schema: strawberry.Schema) -> str:
    """The schema as SDL text, as written to schema/teamgraph.graphql."""
    return schema.as_str().rstrip("\n") + "\n"
