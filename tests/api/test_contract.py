"""The published contract: schema/teamgraph.graphql is the printed schema, and every example
operation in schema/operations/ is valid against it."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import parse, validate

from teamgraph.api.schema import build_schema, sdl

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
OPERATIONS = sorted((SCHEMA_DIR / "operations").glob("*.graphql"))


def test_checked_in_sdl_matches_the_code() -> None:
    checked_in = (SCHEMA_DIR / "teamgraph.graphql").read_text(encoding="utf-8")
    assert checked_in == sdl(build_schema()), (
        "schema/teamgraph.graphql is out of date: run `make schema` "
        "(teamgraph export-schema) and commit the result"
    )


@pytest.mark.parametrize("path", OPERATIONS, ids=[p.stem for p in OPERATIONS])
def test_operations_are_valid_against_the_schema(path: Path) -> None:
    schema = build_schema()._schema
    errors = validate(schema, parse(path.read_text(encoding="utf-8")))
    assert errors == [], [e.message for e in errors]
