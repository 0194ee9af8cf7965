"""The README's GraphQL examples are valid against the schema, and run as printed on the demo
with the tokens `teamgraph token demo` makes (docs that drift are bugs)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import OperationDefinitionNode, OperationType, parse, print_ast, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account
from teamgraph.api.core.ids import to_global_id
from teamgraph.api.schema import build_schema
from teamgraph.auth.service import create_demo_tokens
from teamgraph.db import unit_of_work
from teamgraph.people.models import Person
from teamgraph.seeding import load_demo
from tests.api.graphql import Api, serving
from tests.databases import migrated_database

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```graphql\n(.*?)```", TEXT, re.S)


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


# --- every example, run as printed on the demo -------------------------------------------------


def _role_of(block: str) -> str:
    """The role whose section a block is in: the README's last bold heading before it."""
    headings = re.findall(r"^\*\*(.+?)\*\*$", TEXT[: TEXT.index(block)], re.M)
    heading = headings[-1] if headings else ""
    if heading.startswith("HR"):
        return "hr_admin"
    if heading.startswith("KAM lead"):
        return "kam_lead"
    return "viewer"


def _kam_account(session: Session, kam_email: str) -> str:
    """The account the demo kam_lead token's person leads (the README's `$account`)."""
    account_id = session.scalars(
        select(Account.id)
        .join(Person, Person.id == Account.kam_id)
        .where(Person.email == kam_email)
        .order_by(Account.id)
    ).first()
    assert account_id is not None
    return str(to_global_id("Account", account_id))


# The values a reader would put in an example's variables, by operation name.
VARIABLES: dict[str, Callable[[dict[str, str]], dict[str, Any]]] = {
    "Coverage": lambda found: {"account": found["account"]},
}


@pytest.fixture(scope="module")
def demo_app(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Api, dict[str, str], dict[str, str]]]:
    """An app on a freshly seeded demo, the `teamgraph token demo` tokens, and the objects the
    examples' variables name."""
    url = migrated_database(backend, tmp_path_factory, "readme")
    with serving(url, {"TEAMGRAPH_SOLVER_TIME_LIMIT": "5"}, fill=load_demo) as api:
        with unit_of_work(api.sessions) as session:
            made = create_demo_tokens(session)
            found = {"account": _kam_account(session, made["kam_lead"][0])}
        yield api, {role: token for role, (_, token) in made.items()}, found


def _failures(operation: OperationDefinitionNode, data: dict[str, Any]) -> list[Any]:
    """The typed errors a mutation answered with (a success type is what the README promises)."""
    if operation.operation != OperationType.MUTATION:
        return []
    failed = []
    for result in data.values():
        typename = result.get("__typename", "")
        if (typename and not typename.endswith("Success")) or "code" in result:
            failed.append(result)
    return failed


def test_every_readme_example_runs_on_the_demo(
    demo_app: tuple[Api, dict[str, str], dict[str, str]],
) -> None:
    """In README order (later examples use what earlier ones made: the first proposal), each
    operation as printed, with the demo token of its section's role."""
    api, tokens, found = demo_app
    ran = 0
    for block in BLOCKS:
        role = _role_of(block)
        for definition in parse(block).definitions:
            assert isinstance(definition, OperationDefinitionNode)
            name = definition.name.value if definition.name else None
            declared = {v.variable.name.value for v in definition.variable_definitions or ()}
            variables = VARIABLES[name](found) if name in VARIABLES else {}
            assert declared <= set(variables), f"give {name}'s variables in VARIABLES"
            response = api.post(print_ast(definition), variables, as_token=tokens[role])
            assert response.status_code == 200, (role, response.text)
            body = response.json()
            assert "errors" not in body, (role, print_ast(definition), body["errors"])
            assert _failures(definition, body["data"]) == [], (role, print_ast(definition))
            ran += 1
    assert ran >= 9
