"""CORS: off by default; with TEAMGRAPH_CORS_ORIGINS a page on one of those origins may call
the API from a browser (preflight answered before the token guard), other origins may not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from teamgraph.config import Settings
from tests.api.graphql import Api, serving
from tests.databases import migrated_database

ALLOWED = "https://kam.example:8443"
PREFLIGHT = {
    "access-control-request-method": "POST",
    "access-control-request-headers": "authorization,content-type",
}


@pytest.fixture(scope="module")
def cors(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    url = migrated_database(backend, tmp_path_factory, "cors")
    with serving(url, {"TEAMGRAPH_CORS_ORIGINS": f"{ALLOWED}, https://hr.example/"}) as app:
        yield app


def test_a_listed_origin_passes_the_preflight_and_reads_the_answer(cors: Api) -> None:
    preflight = cors.client.options("/graphql", headers={"origin": ALLOWED, **PREFLIGHT})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ALLOWED
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    answer = cors.client.post(
        "/graphql",
        json={"query": "{ people(first: 1) { totalCount } }"},
        headers={
            "origin": "https://hr.example",
            "authorization": f"Bearer {cors.tokens['viewer']}",
        },
    )
    assert answer.status_code == 200 and "errors" not in answer.json()
    assert answer.headers["access-control-allow-origin"] == "https://hr.example"


def test_another_origin_is_refused(cors: Api) -> None:
    preflight = cors.client.options(
        "/graphql", headers={"origin": "https://evil.example", **PREFLIGHT}
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    answer = cors.client.post(
        "/graphql",
        json={"query": "{ people(first: 1) { totalCount } }"},
        headers={
            "origin": "https://evil.example",
            "authorization": f"Bearer {cors.tokens['viewer']}",
        },
    )
    assert "access-control-allow-origin" not in answer.headers


def test_cors_is_off_by_default(api: Api) -> None:
    preflight = api.client.options("/graphql", headers={"origin": ALLOWED, **PREFLIGHT})
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in preflight.headers


def test_the_setting_reads_origins_and_names_a_bad_one() -> None:
    assert Settings.from_env({}).cors_origins == ()
    got = Settings.from_env({"TEAMGRAPH_CORS_ORIGINS": " https://a.example , http://b:8080/ "})
    assert got.cors_origins == ("https://a.example", "http://b:8080")
    assert Settings.from_env({"TEAMGRAPH_CORS_ORIGINS": "*"}).cors_origins == ("*",)
    with pytest.raises(ValueError, match=r"TEAMGRAPH_CORS_ORIGINS: 'a.example/app'"):
        Settings.from_env({"TEAMGRAPH_CORS_ORIGINS": "a.example/app"})
