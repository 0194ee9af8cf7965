"""Limits on one operation: tokens, depth, aliases, page sizes and GitHub's node limit.

The node count is checked against GitHub's two documented examples on a tiny schema of the same
shape; everything else end to end through HTTP, with the defaults and with limits set from
TEAMGRAPH_* variables.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, TypeVar

import pytest
import strawberry
from graphql import GraphQLError, GraphQLSchema, parse, validate

from teamgraph.api.guards import limits as limits_module
from teamgraph.api.guards.limits import DocumentBounds, document_refusal
from teamgraph.api.guards.node_limit import count_nodes, node_limit_rule
from teamgraph.api.schema import build_schema, limit_extensions
from teamgraph.config import Settings
from teamgraph.pagination import DEFAULT_PAGE_SIZE
from teamgraph.people import service as people_service
from tests.api.graphql import Api, serving

T = TypeVar("T")
OPERATIONS = sorted(
    (Path(__file__).resolve().parents[2] / "schema" / "operations").glob("*.graphql")
)


# A schema with the shape of GitHub's examples; its resolvers never run, it is only counted.
@strawberry.type
class Edge(Generic[T]):
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    total_count: int


@strawberry.type
class Comment:
    body_html: str = strawberry.field(name="bodyHTML")


@strawberry.type
class Issue:
    title: str
    body_html: str = strawberry.field(name="bodyHTML")

    @strawberry.field
    def comments(self, first: int | None = None, last: int | None = None) -> Connection[Comment]:
        raise NotImplementedError


@strawberry.type
class PullRequest:
    title: str

    @strawberry.field
    def comments(self, first: int | None = None, last: int | None = None) -> Connection[Comment]:
        raise NotImplementedError


@strawberry.type
class Repository:
    name: str

    @strawberry.field
    def issues(self, first: int | None = None, last: int | None = None) -> Connection[Issue]:
        raise NotImplementedError

    @strawberry.field
    def pull_requests(
        self, first: int | None = None, last: int | None = None
    ) -> Connection[PullRequest]:
        raise NotImplementedError


@strawberry.type
class User:
    login: str

    @strawberry.field
    def repositories(
        self, first: int | None = None, last: int | None = None
    ) -> Connection[Repository]:
        raise NotImplementedError

    @strawberry.field
    def followers(self, first: int | None = None, last: int | None = None) -> Connection[User]:
        raise NotImplementedError


@strawberry.type
class GitHubQuery:
    viewer: User


GITHUB: GraphQLSchema = strawberry.Schema(query=GitHubQuery)._schema

# GitHub's examples, as written in "Rate limits and node limits for the GraphQL API".
SIMPLE = """
query {
  viewer {
    repositories(first: 50) {
      edges {
        repository:node {
          name

          issues(first: 10) {
            totalCount
            edges {
              node {
                title
                bodyHTML
              }
            }
          }
        }
      }
    }
  }
}
"""
COMPLEX = """
query {
  viewer {
    repositories(first: 50) {
      edges {
        repository:node {
          name

          pullRequests(first: 20) {
            edges {
              pullRequest:node {
                title

                comments(first: 10) {
                  edges {
                    comment:node {
                      bodyHTML
                    }
                  }
                }
              }
            }
          }

          issues(first: 20) {
            totalCount
            edges {
              issue:node {
                title
                bodyHTML

                comments(first: 10) {
                  edges {
                    comment:node {
                      bodyHTML
                    }
                  }
                }
              }
            }
          }
        }
      }
    }

    followers(first: 10) {
      edges {
        follower:node {
          login
        }
      }
    }
  }
}
"""
BOUNDS = DocumentBounds.from_settings(Settings())  # the defaults
REPOSITORIES = """
query Repositories($n: Int) {
  viewer { repositories(first: $n) { edges { node { issues(first: 10) { totalCount } } } } }
}
"""


def nodes(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> int:
    return count_nodes(GITHUB, parse(query), variables=variables, **kwargs)


def refusals(query: str, **rule: Any) -> list[GraphQLError]:
    return validate(GITHUB, parse(query), [node_limit_rule(**rule)])


@pytest.mark.parametrize(("query", "expected"), [(SIMPLE, 550), (COMPLEX, 22_060)])
def test_githubs_examples(query: str, expected: int) -> None:
    assert validate(GITHUB, parse(query)) == []
    assert nodes(query) == expected
    assert refusals(query, limit=expected) == []
    (error,) = refusals(query, limit=expected - 1)
    assert error.extensions == {
        "code": "MAX_NODES_EXCEEDED",
        "nodes": expected,
        "limit": expected - 1,
    }


def test_a_variable_counts_its_value_else_its_default_else_the_largest_page() -> None:
    assert nodes(REPOSITORIES, {"n": 50}) == 550
    assert nodes(REPOSITORIES) == 100 * 11
    assert nodes(REPOSITORIES.replace("$n: Int", "$n: Int = 5")) == 5 * 11
    assert nodes(REPOSITORIES, {"n": None}) == DEFAULT_PAGE_SIZE * 11


def test_a_connection_without_first_or_last_counts_the_default_page() -> None:
    assert nodes("{ viewer { followers { totalCount } } }") == DEFAULT_PAGE_SIZE
    assert nodes("{ viewer { followers(last: 7) { totalCount } } }") == 7


def test_fragments_count_where_they_are_spread() -> None:
    query = """
    { viewer { ...Followers more: followers(first: 1) { edges { node { ...Followers } } } } }
    fragment Followers on User { followers(first: 3) { totalCount } }
    """
    assert nodes(query) == 3 + 1 * (1 + 3)


def test_a_fragment_spread_twice_per_level_is_counted_without_walking_every_path() -> None:
    levels = 40  # 2**40 paths: walking them would never end
    fragments = " ".join(
        f"fragment F{i} on User {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)
    )
    last = f"fragment F{levels} on User {{ followers(first: 1) {{ totalCount }} }}"
    query = f"{{ viewer {{ ...F0 }} }} {fragments} {last}"
    assert nodes(query) == 2**levels
    aliases = parse(query.replace("followers(first: 1) { totalCount }", "a: login"))
    error = document_refusal(aliases, replace(BOUNDS, max_repeats=2**levels))
    assert error is not None
    assert error.extensions == {"code": "MAX_ALIASES_EXCEEDED", "aliases": 2**levels, "limit": 15}


def test_only_the_selected_operation_counts() -> None:
    query = SIMPLE.replace("query {", "query Simple {") + COMPLEX.replace(
        "query {", "query Complex {"
    )
    assert nodes(query, operation_name="Simple") == 550
    assert nodes(query, operation_name="Complex") == 22_060


@pytest.mark.parametrize(
    ("argument", "value", "variables"),
    [("first", "101", {}), ("last", "-1", {}), ("first", "$n", {"n": 500})],
)
def test_a_page_size_out_of_range_is_refused_naming_the_argument(
    argument: str, value: str, variables: dict[str, Any]
) -> None:
    query = f"query($n: Int) {{ viewer {{ followers({argument}: {value}) {{ totalCount }} }} }}"
    (error,) = refusals(query, limit=50_000, variables=variables)
    assert error.message == f"{argument}: must be between 1 and 100"
    assert error.extensions == {"code": "INVALID", "field": argument}


def test_depth_counts_fields_not_fragments_nor_introspection() -> None:
    query = """
    { viewer { ...F } __schema { types { fields { type { ofType { ofType { name } } } } } } }
    fragment F on User { ... on User { followers { edges { node { login } } } } }
    """  # viewer followers edges node login: 5
    assert document_refusal(parse(query), replace(BOUNDS, max_depth=5)) is None
    error = document_refusal(parse(query), replace(BOUNDS, max_depth=4))
    assert error is not None
    assert error.extensions == {"code": "MAX_DEPTH_EXCEEDED", "depth": 5, "limit": 4}


def test_repeats_count_the_fragments_merged_into_a_selection_set() -> None:
    query = """
    { viewer { login ...A ... on User { login ...A } followers { edges { node { login } } } } }
    fragment A on User { login l: login }
    """  # viewer's selection set asks for `login` 4 times
    assert document_refusal(parse(query), replace(BOUNDS, max_repeats=4)) is None
    error = document_refusal(parse(query), replace(BOUNDS, max_repeats=3))
    assert error is not None
    assert error.extensions == {"code": "MAX_REPEATS_EXCEEDED", "repeats": 4, "limit": 3}


def test_bounds_and_rules_are_built_once_so_the_caches_keep_hitting() -> None:
    document_limits, _ = limit_extensions(replace(Settings(), introspection=False))
    first, second = document_limits(), document_limits()
    assert first.bounds is second.bounds  # type: ignore[attr-defined]
    assert first.rules is second.rules  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", OPERATIONS, ids=[p.stem for p in OPERATIONS])
def test_published_operations_pass_the_default_limits(path: Path) -> None:
    settings = Settings()
    document = parse(path.read_text(encoding="utf-8"), max_tokens=settings.max_tokens)
    assert document_refusal(document, BOUNDS) is None
    schema = build_schema(settings)._schema
    assert validate(schema, document, [node_limit_rule(limit=settings.max_nodes)]) == []


def test_settings_read_the_limits_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "TEAMGRAPH_MAX_DEPTH": "4",
            "TEAMGRAPH_MAX_ALIASES": "2",
            "TEAMGRAPH_MAX_TOKENS": "60",
            "TEAMGRAPH_MAX_REPEATS": "3",
            "TEAMGRAPH_MAX_NODES": "500",
            "TEAMGRAPH_MAX_PAGE_SIZE": "30",
        }
    )
    assert (settings.max_depth, settings.max_aliases, settings.max_tokens) == (4, 2, 60)
    assert settings.max_repeats == 3
    assert (settings.max_nodes, settings.max_page_size) == (500, 30)
    defaults = Settings.from_env({})
    assert (defaults.max_depth, defaults.max_aliases, defaults.max_tokens) == (10, 15, 2000)
    assert defaults.max_repeats == 30
    assert (defaults.max_nodes, defaults.max_page_size) == (50_000, 100)


# End to end, through HTTP.


def refused(api: Api, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The one error of a refused operation, which must not have run."""
    response = api.post(query, variables)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["data"] is None, body
    (error,) = body["errors"]
    return dict(error)


@pytest.fixture
def no_resolver_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused operation must not reach `people`: if it does, the test sees a masked error."""

    def boom(*_: Any, **__: Any) -> Any:
        raise AssertionError("the operation ran")

    monkeypatch.setattr(people_service, "list_people", boom)


def test_too_deep_is_refused(api: Api) -> None:
    reports = "reportsTo { " * 4 + "name" + " }" * 4
    contacts = "contacts { edges { node { " + reports + " } } }"
    query = "{ accounts { edges { node { " + contacts + " } } } }"  # 11 fields deep
    error = refused(api, query)
    assert error["extensions"] == {"code": "MAX_DEPTH_EXCEEDED", "depth": 11, "limit": 10}
    api.data(query.replace("reportsTo { name }", "name"))


def test_too_many_aliases_are_refused(api: Api) -> None:
    aliases = " ".join(f"p{i}: people(first: 1) {{ totalCount }}" for i in range(16))
    error = refused(api, f"{{ {aliases} }}")
    assert error["extensions"] == {"code": "MAX_ALIASES_EXCEEDED", "aliases": 16, "limit": 15}
    api.data(f"{{ {aliases.removesuffix('p15: people(first: 1) { totalCount }')} }}")


def test_aliased_introspection_over_the_limit_is_refused(api: Api) -> None:
    """Fifteen aliased `__schema` in 734 bytes answered 1.9 MB: each costs the whole schema."""
    schemas = " ".join(f"s{i}: __schema {{ types {{ name }} }}" for i in range(15))
    error = refused(api, f"{{ {schemas} }}")
    assert error["extensions"] == {
        "code": "MAX_INTROSPECTION_EXCEEDED",
        "introspections": 15,
        "limit": 3,
    }
    three = " ".join(f"s{i}: __schema {{ queryType {{ name }} }}" for i in range(3))
    assert api.data(f"{{ {three} }}")["s2"]["queryType"]["name"] == "Query"


def test_introspection_in_fragments_counts_at_each_spread(api: Api) -> None:
    query = (
        'fragment T on Query { t: __type(name: "Query") { name } }'
        " { ...T a: people(first: 1) { totalCount } ...on Query { ...T ...T } "
        "  s: __schema { queryType { name } } }"
    )
    assert refused(api, query)["extensions"]["introspections"] == 4


def test_too_many_tokens_are_refused(api: Api) -> None:
    query = "{ __typename }" + "\n#" * 1997  # comments count: 2,000 tokens
    api.data(query)
    error = refused(api, query + "\n#")
    assert error["extensions"] == {"code": "MAX_TOKENS_EXCEEDED", "limit": 2000}


def test_too_many_repeats_are_refused(api: Api) -> None:
    query = "{ " + " ".join(["people { totalCount }"] * 31) + " }"
    error = refused(api, query)
    assert error["extensions"] == {"code": "MAX_REPEATS_EXCEEDED", "repeats": 31, "limit": 30}
    api.data(query.replace("people { totalCount }", "", 1))


def test_too_many_nodes_are_refused_before_anything_runs(api: Api, no_resolver_runs: None) -> None:
    plans = "plans(first: 100) { edges { node { tasks(first: 100) { totalCount } } } }"
    aliased = " ".join(f"p{i}: {plans}" for i in range(5))
    five = f"{{ people(first: 1) {{ totalCount }} {aliased} }}"  # 1 + 5 x (100 + 100 x 100)
    error = refused(api, five)
    assert error["extensions"] == {"code": "MAX_NODES_EXCEEDED", "nodes": 50_501, "limit": 50_000}
    assert "50,501 nodes" in error["message"]


def test_a_page_size_out_of_range_is_refused_before_anything_runs(
    api: Api, no_resolver_runs: None
) -> None:
    contacts = "contacts(last: 101) { totalCount }"
    query = (
        f"{{ people(first: 1) {{ totalCount }} accounts {{ edges {{ node {{ {contacts} }} }} }} }}"
    )
    error = refused(api, query)
    assert error["message"] == "last: must be between 1 and 100"
    assert error["extensions"] == {"code": "INVALID", "field": "last"}


@pytest.fixture(scope="module")
def tight(api_database: str) -> Iterator[Api]:
    env = {
        "TEAMGRAPH_MAX_DEPTH": "5",
        "TEAMGRAPH_MAX_ALIASES": "2",
        "TEAMGRAPH_MAX_TOKENS": "60",
        "TEAMGRAPH_MAX_REPEATS": "3",
        "TEAMGRAPH_MAX_NODES": "500",
        "TEAMGRAPH_MAX_PAGE_SIZE": "30",
    }
    with serving(api_database, env) as api:
        yield api


NESTED = """
query Nested($n: Int) {
  accounts(first: $n) { edges { node { contacts(first: $n) { totalCount } } } }
}
"""


def test_depth_follows_its_setting(tight: Api) -> None:
    error = refused(tight, "{ accounts { edges { node { contacts { edges { cursor } } } } } }")
    assert error["extensions"] == {"code": "MAX_DEPTH_EXCEEDED", "depth": 6, "limit": 5}
    tight.data("{ accounts { edges { node { kam { name } } } } }")


def test_aliases_follow_their_setting(tight: Api) -> None:
    error = refused(tight, "{ a: people { totalCount } b: people { totalCount } c: __typename }")
    assert error["extensions"] == {"code": "MAX_ALIASES_EXCEEDED", "aliases": 3, "limit": 2}
    tight.data("{ a: people { totalCount } b: people { totalCount } }")


def test_tokens_follow_their_setting(tight: Api) -> None:
    tight.data("{ __typename }" + "\n#" * 57)
    error = refused(tight, "{ __typename }" + "\n#" * 58)
    assert error["extensions"] == {"code": "MAX_TOKENS_EXCEEDED", "limit": 60}


def test_repeats_follow_their_setting(tight: Api) -> None:
    tight.data("{ __typename __typename __typename }")
    error = refused(tight, "{ __typename __typename __typename __typename }")
    assert error["extensions"] == {"code": "MAX_REPEATS_EXCEEDED", "repeats": 4, "limit": 3}


def test_nodes_follow_their_setting_and_count_the_variables_given(tight: Api) -> None:
    assert tight.data(NESTED, {"n": 20})["accounts"]["edges"] == []  # 20 x (1 + 20) = 420
    error = refused(tight, NESTED, {"n": 30})
    assert error["extensions"] == {"code": "MAX_NODES_EXCEEDED", "nodes": 930, "limit": 500}
    assert refused(tight, NESTED)["extensions"]["nodes"] == 930  # not given: the largest page
    default_pages = "{ accounts { edges { node { contacts { totalCount } } } } }"
    tight.data(default_pages)  # 20 x (1 + 20)


def test_page_size_follows_its_setting(tight: Api) -> None:
    error = refused(tight, "{ people(first: 31) { totalCount } }")
    assert error["message"] == "first: must be between 1 and 30"
    assert error["extensions"] == {"code": "INVALID", "field": "first"}
    tight.data("{ people(first: 30) { totalCount } }")


def test_only_short_texts_are_cached_so_a_token_cannot_pin_memory_with_long_ones(api: Api) -> None:
    """A long text within every limit parses to about 70 times its size: it is parsed and
    validated each time, never kept by the shared caches; a short one is kept (the control)."""
    parsed = limits_module._parse_cached
    validated = limits_module.ShortDocumentValidationCache().cached_validate_document
    ids = ", ".join(f'"{10_000 + i}"' for i in range(1_900))
    long_text = f"query Many {{ nodes(ids: [{ids}]) {{ id }} }}"
    short_text = f"query Few {{ nodes(ids: [{ids[:80]}]) {{ id }} }}"
    assert len(long_text) > limits_module.CACHED_QUERY_BYTES >= len(short_text)

    before = parsed.cache_info().currsize, validated.cache_info().currsize
    for _ in range(2):
        body = api.post(long_text).json()
        assert "MAX_TOKENS_EXCEEDED" not in str(body), "the text must be within the limits"
        assert body["data"] is not None or body["errors"][0]["extensions"]["code"], body
    assert (parsed.cache_info().currsize, validated.cache_info().currsize) == before

    api.post(short_text)
    api.post(short_text)
    assert parsed.cache_info().hits >= 1
    assert parsed.cache_info().currsize == min(before[0] + 1, limits_module.CACHED_DOCUMENTS)
