"""The README's GraphQL examples are valid against the schema (docs that drift are bugs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from teamgraph.api.schema import build_schema

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_has_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_graphql_examples_are_valid(block: str) -> None:
    schema = build_schema()._schema
    document = parse(block)
    # Each operation on its own: a block may hold several anonymous ones.
    for definition in document.definitions:
        single = type(document)(definitions=(definition,))
        errors = validate(schema, single)
        assert errors == [], [e.message for e in errors]
