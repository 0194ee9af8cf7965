"""The schema, composed from each domain's query class."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaskErrors, ParserCache, ValidationCache

from teamgraph.api.account_mutations import AccountMutations
from teamgraph.api.accounts import AccountsQuery
from teamgraph.api.catalogue import CatalogueQuery
from teamgraph.api.catalogue_mutations import CatalogueMutations
from teamgraph.api.people import PeopleQuery
from teamgraph.api.people_mutations import PeopleMutations
from teamgraph.api.plan_mutations import PlanMutations
from teamgraph.api.plans import PlansQuery
from teamgraph.api.relay import NodeQuery
from teamgraph.errors import DomainError


def _should_mask(error: Exception) -> bool:
    """Unexpected exceptions are masked; GraphQL's own and domain errors reach the client."""
    original = getattr(error, "original_error", None)
    return original is not None and not isinstance(original, DomainError)


@strawberry.type
class Query(NodeQuery, PeopleQuery, CatalogueQuery, AccountsQuery, PlansQuery):
    pass


@strawberry.type
class Mutation(AccountMutations, PlanMutations, CatalogueMutations, PeopleMutations):
    pass


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: MaskErrors(should_mask_error=_should_mask),
        ],
    )


def sdl(schema: strawberry.Schema) -> str:
    """The schema as SDL text, as written to schema/teamgraph.graphql."""
    return schema.as_str().rstrip("\n") + "\n"
