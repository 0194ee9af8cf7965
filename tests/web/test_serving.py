"""The app and GraphiQL are served by teamgraph from files inside the package, and nothing
they load comes from another host (the browser tests in test_browser.py check the same from
a real browser)."""

from __future__ import annotations

import base64
import hashlib
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from teamgraph.web import graphiql, vendor
from tests.api.graphql import Api

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "teamgraph" / "web"
ASSET = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"')


def test_the_vendored_files_are_the_locked_bytes() -> None:
    assert vendor.check(vendor.read_lock()) == []


def test_a_tarball_whose_integrity_differs_from_the_lock_is_refused() -> None:
    package = vendor.read_lock()[0]
    with pytest.raises(SystemExit, match="integrity"):
        vendor.unpack(package, b"not the tarball")


def test_every_file_of_the_app_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["teamgraph"]
    for path in [*(WEB / "static").rglob("*"), *(WEB / "vendor").rglob("*")]:
        if path.is_file():
            relative = path.relative_to(ROOT / "teamgraph").as_posix()
            assert any(fnmatch(relative, p.replace("**/", "*")) for p in patterns), (
                f"{relative} is not in pyproject's package-data"
            )


def test_the_app_answers_at_the_root_and_under_app(api: Api) -> None:
    for path in ("/", "/app", "/app/accounts", "/app/plans/UGxhbjox"):
        page = api.client.get(path)
        assert page.status_code == 200, path
        assert '<div id="app">' in page.text
        policy = page.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "connect-src 'self'" in policy


def test_the_app_page_loads_only_local_files_each_served_as_it_should_be(api: Api) -> None:
    page = api.client.get("/").text
    local = [a for a in ASSET.findall(page) if not a.startswith("data:")]
    mapped = re.findall(r'"(/app/vendor/[^"]+)"', page)
    assert local and mapped
    for address in local + mapped:
        assert address.startswith("/app/"), address
        served = api.client.get(address)
        assert served.status_code == 200, address
        if address.endswith((".js", ".mjs")):
            assert served.headers["content-type"].startswith("text/javascript"), address
    vendored = api.client.get(mapped[0])
    assert "immutable" in vendored.headers["cache-control"]


def test_an_unknown_vendored_file_is_not_found(api: Api) -> None:
    assert api.client.get("/app/vendor/react@18.2.0/nothing.js").status_code == 404
    assert api.client.get("/app/static/nothing.js").status_code == 404


def test_graphiql_loads_its_scripts_from_the_local_copies_with_their_integrity(api: Api) -> None:
    page = api.client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert not re.search(r'(?:src|href)="https?://', page.text)
    tags = re.findall(r'(?:src|href)="(/app/vendor/[^"]+)"\s+integrity="([^"]+)"', page.text)
    assert len(tags) == 7  # React, ReactDOM, js-cookie, GraphiQL (2), the explorer (2)
    for address, integrity in tags:
        served = api.client.get(address)
        assert served.status_code == 200, address
        algorithm, _, digest = integrity.partition("-")
        assert base64.b64encode(hashlib.new(algorithm, served.content).digest()).decode() == digest


def test_graphiql_asking_for_an_asset_that_is_not_vendored_fails_loudly() -> None:
    page = '<script src="https://cdn.example/graphiql@9.9.9/graphiql.min.js"></script>'
    with pytest.raises(RuntimeError, match=r"graphiql@9\.9\.9/graphiql\.min\.js"):
        graphiql.localise(page, {"graphiql@3.8.3/graphiql.min.js"})
    assert graphiql.localise(page, {"graphiql@9.9.9/graphiql.min.js"}) == (
        '<script src="/app/vendor/graphiql@9.9.9/graphiql.min.js"></script>'
    )


def test_the_apps_operations_are_the_published_ones() -> None:
    published = {p.name: p.read_bytes() for p in (ROOT / "schema" / "operations").glob("*")}
    copied = {p.name: p.read_bytes() for p in (WEB / "static" / "operations").glob("*")}
    assert copied == published, (
        "the app sends the published operations: "
        "cp schema/operations/*.graphql teamgraph/web/static/operations/"
    )
