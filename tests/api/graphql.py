"""Driving the GraphQL API in tests: an app on a test database behind a client, operations as
a front-end sends them, the mutation tables every domain's role and bad-input tests share, and
the SQL statements a request costs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import OperationDefinitionNode, parse
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from teamgraph.api.core.ids import to_global_id
from teamgraph.app import create_app
from teamgraph.auth.service import create_token
from teamgraph.config import Settings
from teamgraph.db import make_engine, make_session_factory, unit_of_work

OPERATIONS = Path(__file__).resolve().parents[2] / "schema" / "operations"
# The server's solve-job threads (teamgraph.jobs.local, and each run's progress writer).
JOB_THREADS = ("solve-jobs-", "job-")
ROLES = ("viewer", "kam_lead", "hr_admin")
ERROR_FIELDS = "__typename ... on Error { field code message }"


@dataclass
class Api:
    client: TestClient
    sessions: sessionmaker[Session]
    tokens: dict[str, str]

    def token(self, role: str, person_email: str | None = None) -> str:
        """A new token for `role` acting as `person_email`, usable as `as_token=`."""
        with unit_of_work(self.sessions) as session:
            return create_token(session, role=role, person_email=person_email)

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: str = "viewer",
        as_token: str | None = None,
        operation_name: str | None = None,
    ) -> Any:
        """POST an operation with a role's token, or `as_token`; role="" sends no token."""
        token = as_token or (self.tokens[role] if role else None)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation_name is not None:
            body["operationName"] = operation_name
        return self.client.post("/graphql", json=body, headers=headers)

    def post_body(self, body: bytes, *, role: str = "viewer") -> Any:
        """POST `body` as it is, as application/json: for bodies a JSON encoder would never
        make (invalid UTF-8, escaped lone surrogates, absurd nesting)."""
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        headers["content-type"] = "application/json"
        return self.client.post("/graphql", content=body, headers=headers)

    def data(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: str = "viewer",
        as_token: str | None = None,
        operation_name: str | None = None,
    ) -> Any:
        """The `data` of a successful response; fails the test on any top-level error."""
        response = self.post(
            query, variables, role=role, as_token=as_token, operation_name=operation_name
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    def published(
        self,
        file: str,
        name: str,
        variables: dict[str, Any],
        *,
        role: str = "viewer",
        as_token: str | None = None,
    ) -> Any:
        """The `data` of operation `name` of a published file (schema/operations/), sent as a
        front-end sends it: the whole file, and the operation's name."""
        return self.data(
            published_document(file), variables, role=role, as_token=as_token, operation_name=name
        )


@contextmanager
def serving(
    database_url: str,
    env: dict[str, str] | None = None,
    *,
    fill: Callable[[Session], object] | None = None,
) -> Iterator[Api]:
    """An app on a migrated database, configured from TEAMGRAPH_* variables as a server is,
    with a token per role; `fill` first adds rows to the database (in the same transaction)."""
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    with unit_of_work(sessions) as session:
        if fill is not None:
            fill(session)
        tokens = {role: create_token(session, role=role) for role in ROLES}
    # The app runs no solve jobs itself unless asked (TEAMGRAPH_SERVE_JOBS): its threads would
    # poll the database beside the requests whose statements some tests count.
    settings = {"TEAMGRAPH_DATABASE_URL": database_url, "TEAMGRAPH_SERVE_JOBS": "0", **(env or {})}
    app = create_app(Settings.from_env(settings))
    try:
        with TestClient(app) as client:
            yield Api(client=client, sessions=sessions, tokens=tokens)
    finally:
        engine.dispose()


def subscribe(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str,
    operation_name: str | None = None,
    limit: int = 10_000,
) -> list[dict[str, Any]]:
    """Run a subscription over graphql-transport-ws (the token in connection_init, as a browser
    sends it) and return the payload of every `next` message, until `complete`."""
    payloads: list[dict[str, Any]] = []
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        assert ws.receive_json()["type"] == "connection_ack"
        payload: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation_name is not None:
            payload["operationName"] = operation_name
        ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        for _ in range(limit):
            message = ws.receive_json()
            if message["type"] == "complete":
                return payloads
            assert message["type"] == "next", message
            payloads.append(message["payload"])
    raise AssertionError(f"no `complete` after {limit} messages")


def gid(type_name: str, pk: int) -> str:
    """The global id of a row, as the API hands it out."""
    return str(to_global_id(type_name, pk))


# --- published operations ---------------------------------------------------------------------


def published_document(file: str) -> str:
    return (OPERATIONS / f"{file}.graphql").read_text(encoding="utf-8")


def operation_names(file: str) -> list[str]:
    """The names of a published file's operations, in the file's order."""
    return [
        d.name.value
        for d in parse(published_document(file)).definitions
        if isinstance(d, OperationDefinitionNode) and d.name is not None
    ]


# --- mutations, and the role and bad-input tables of each domain ------------------------------


def mutation(name: str, input_type: str, success: str, fields: str = "__typename") -> str:
    """A mutation document that selects the typed error's fields, or `fields` of `success`."""
    return (
        f"mutation M($input: {input_type}!) {{ {name}(input: $input) {{ {ERROR_FIELDS} "
        f"... on {success} {{ {fields} }} }} }}"
    )


def run(api: Api, op: str, name: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    """The result of mutation `name` sent with `input` and `token`."""
    result: dict[str, Any] = api.data(op, {"input": input}, as_token=token)[name]
    return result


# The input of a mutation, made from the world (the objects and tokens) a test module builds.
Inputs = Callable[[Any], dict[str, Any]]
# Mutation name -> (its input type, its success type, a valid input).
MutationTable = dict[str, tuple[str, str, Inputs]]
# (mutation name, a bad input, the error's type, the field it names).
BadInput = tuple[str, Inputs, str, str]


def check_roles(
    api: Api,
    table: MutationTable,
    name: str,
    role: str,
    *,
    setup: Callable[[Api], Any],
    allowed: Iterable[str],
) -> None:
    """Mutation `name` of `table`, on a new world from `setup`, sent with the world's token for
    `role` (role "none": no token at all): a success for the `allowed` roles, a ForbiddenError
    for the others, 401 without a token."""
    input_type, success, inputs = table[name]
    world = setup(api)
    document = mutation(name, input_type, success)
    if role == "none":
        response = api.post(document, {"input": inputs(world)}, role="")
        assert response.status_code == 401
        return
    got = run(api, document, name, inputs(world), world.tokens[role])
    if role in set(allowed):
        assert got["__typename"] == success, got
    else:
        assert (got["__typename"], got["code"]) == ("ForbiddenError", "FORBIDDEN"), got


def check_bad(
    api: Api, table: MutationTable, case: BadInput, *, setup: Callable[[Api], Any], role: str
) -> None:
    """A bad input, sent by a role allowed to make the change, is the typed error `case` names
    and names the field."""
    name, inputs, typename, field = case
    input_type, success, _ = table[name]
    world = setup(api)
    got = run(api, mutation(name, input_type, success), name, inputs(world), world.tokens[role])
    assert (got["__typename"], got["field"]) == (typename, field), got


# --- the SQL statements a request costs -------------------------------------------------------


@contextmanager
def counting(api: Api) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the block for requests (not those of
    the server's own solve-job threads, which poll for work beside them)."""
    engine: Engine = api.client.app.state.sessions.kw["bind"]  # type: ignore[attr-defined]  # Starlette app state
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not threading.current_thread().name.startswith(JOB_THREADS):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
