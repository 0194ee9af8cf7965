"""The whole schema fuzzed for each role: queries and mutations generated from the schema
(hypothesis-graphql), valid ones and ones with one schema violation, with ids of real rows of
every type mixed with junk, sent to the demo organisation. Whatever comes back must be a clean
answer: no 5xx, no INTERNAL_SERVER_ERROR, and a code on every error.

Bounded and seeded (`derandomize`): the same operations on every run, a few hundred per role.
Run more with TEAMGRAPH_FUZZ_EXAMPLES=5000 when hunting.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Iterator
from typing import Any

import graphql
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema
from sqlalchemy import select

from teamgraph.accounts.models import Account, Contact
from teamgraph.api.schema import build_schema
from teamgraph.auth.models import ApiToken
from teamgraph.catalogue.models import Skill
from teamgraph.db import unit_of_work
from teamgraph.people.models import Person, TimeOff
from teamgraph.plans.models import Objective, Plan, Proposal, Task
from tests.api.graphql import Api, gid

EXAMPLES = int(os.environ.get("TEAMGRAPH_FUZZ_EXAMPLES", "120"))
MODELS = {
    "Person": Person,
    "Skill": Skill,
    "Account": Account,
    "Contact": Contact,
    "Plan": Plan,
    "Task": Task,
    "Objective": Objective,
    "Proposal": Proposal,
    "TimeOff": TimeOff,
    "ApiToken": ApiToken,
}
# Solves are bounded by their own time limit; the fuzz asks for short ones.
SHORT_FLOATS = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from([0.0, -0.0, 1e20, -1e20, 1.7e308, 5e-324]),
)


def _string(values: st.SearchStrategy[str]) -> st.SearchStrategy[graphql.ValueNode]:
    return values.map(lambda text: graphql.StringValueNode(value=text))


@pytest.fixture(scope="module")
def ids(demo: Api) -> list[str]:
    """Global ids of a few rows of every type in the demo organisation."""
    with unit_of_work(demo.sessions) as session:
        return [
            gid(type_name, pk)
            for type_name, model in MODELS.items()
            for pk in session.scalars(select(model.id).order_by(model.id).limit(4))
        ]


@pytest.fixture(scope="module")
def tokens(demo: Api) -> dict[str, str]:
    """A token per role; the kam_lead one is the KAM of a demo account, so writes get past the
    policy and into the services."""
    with unit_of_work(demo.sessions) as session:
        kam_email = session.scalar(
            select(Person.email).join(Account, Account.kam_id == Person.id).order_by(Account.id)
        )
    return {**demo.tokens, "kam_lead": demo.token("kam_lead", kam_email)}


@pytest.fixture
def quiet() -> Iterator[None]:
    """The refusals a fuzz provokes are logged at warning level; keep the run's output short."""
    logger = logging.getLogger("teamgraph.api")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def operations(ids: list[str], mode: Mode) -> st.SearchStrategy[str]:
    custom = {
        "ID": _string(st.one_of(st.sampled_from(ids), st.text(max_size=16))),
        "Date": _string(st.one_of(st.dates().map(dt.date.isoformat), st.text(max_size=12))),
        "DateTime": _string(st.datetimes().map(dt.datetime.isoformat)),
        "Float": SHORT_FLOATS.map(lambda x: graphql.FloatValueNode(value=repr(x))),
    }
    schema = build_schema()._schema
    return from_schema(schema, custom_scalars=custom, codec=None, mode=mode)


def check_clean(response: Any, operation: str) -> None:
    assert response.status_code < 500, (operation, response.text)
    try:
        body = response.json()
    except json.JSONDecodeError:
        pytest.fail(f"not JSON ({response.status_code}): {response.text[:300]}\n{operation}")
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code, (operation, error)
        assert code != "INTERNAL_SERVER_ERROR", (operation, error)


@pytest.mark.slow
@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("role", ["viewer", "kam_lead", "hr_admin"])
def test_no_operation_crashes_the_server(
    demo: Api, ids: list[str], tokens: dict[str, str], quiet: None, role: str, mode: Mode
) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(operation=operations(ids, mode))
    def fuzz(operation: str) -> None:
        body = json.dumps({"query": operation}).encode()
        headers = {"Authorization": f"Bearer {tokens[role]}", "content-type": "application/json"}
        check_clean(demo.client.post("/graphql", content=body, headers=headers), operation)

    fuzz()
