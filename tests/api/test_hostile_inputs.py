"""Hostile input, class by class, each refused with a clean error and never a crash: a control
character (NUL first) in every text input, lone UTF-16 surrogates, absurd numbers, ids beyond
64 bits, crafted cursors, a 50,000-character search, bodies that are not one JSON object,
invalid UTF-8, JSON nested 100,000 deep, spreadsheets with lone CRs or huge cells; and
graphql-core's own refusals with an `extensions.code`."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.graphql import ERROR_FIELDS, Api, gid, mutation
from tests.api.worlds import World, make_world

Inputs = Callable[[World], dict[str, Any]]
BIG = 2**64
INTERNAL = "INTERNAL_SERVER_ERROR"


@pytest.fixture(scope="module")
def hostile(api: Api) -> World:
    """One world for the module: every request below is refused, so none changes it."""
    return make_world(api)


def codes(response: Any) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]


def send(api: Api, name: str, input: dict[str, Any], token: str) -> Any:
    """Mutation `name` with `input`, JSON-encoded as it is (any text, escaped)."""
    type_name = name[0].upper() + name[1:]
    document = mutation(name, f"{type_name}Input", f"{type_name}Success")
    body = json.dumps({"query": document, "variables": {"input": input}}).encode()
    headers = {"Authorization": f"Bearer {token}", "content-type": "application/json"}
    return api.client.post("/graphql", content=body, headers=headers)


# --- text: every text input refuses control characters, naming the field --------------------

# (mutation, who sends it, the input with TEXT where the text under test goes, its field)
TEXT_INPUTS: list[tuple[str, str, Inputs, str]] = [
    ("createAccount", "kam", lambda w: {"name": "TEXT"}, "name"),
    ("createAccount", "kam", lambda w: {"name": "Fine", "industry": "TEXT"}, "industry"),
    ("updateAccount", "kam", lambda w: {"accountId": w.account, "name": "TEXT"}, "name"),
    ("updateAccount", "kam", lambda w: {"accountId": w.account, "industry": "TEXT"}, "industry"),
    ("createContact", "kam", lambda w: {"accountId": w.account, "name": "TEXT"}, "name"),
    (
        "createContact",
        "kam",
        lambda w: {"accountId": w.account, "name": "Ok", "title": "TEXT"},
        "title",
    ),
    (
        "createContact",
        "kam",
        lambda w: {"accountId": w.account, "name": "Ok", "department": "TEXT"},
        "department",
    ),
    ("updateContact", "kam", lambda w: {"contactId": w.ceo, "name": "TEXT"}, "name"),
    ("updateContact", "kam", lambda w: {"contactId": w.ceo, "title": "TEXT"}, "title"),
    ("updateContact", "kam", lambda w: {"contactId": w.ceo, "department": "TEXT"}, "department"),
    (
        "recordInteraction",
        "kam",
        lambda w: {
            "accountId": w.account,
            "date": "2024-01-02",
            "kind": "EMAIL",
            "note": "TEXT",
            "personIds": [w.kam],
            "contactIds": [w.ceo],
        },
        "note",
    ),
    (
        "createPlan",
        "kam",
        lambda w: {
            "accountId": w.account,
            "name": "TEXT",
            "periodStart": "2030-01-01",
            "periodEnd": "2030-03-31",
        },
        "name",
    ),
    ("updatePlan", "kam", lambda w: {"planId": w.plan, "name": "TEXT"}, "name"),
    ("createObjective", "kam", lambda w: {"planId": w.plan, "title": "TEXT"}, "title"),
    (
        "createObjective",
        "kam",
        lambda w: {"planId": w.plan, "title": "Ok", "metric": "TEXT"},
        "metric",
    ),
    ("updateObjective", "kam", lambda w: {"objectiveId": w.objective, "title": "TEXT"}, "title"),
    (
        "updateObjective",
        "kam",
        lambda w: {"objectiveId": w.objective, "metric": "TEXT"},
        "metric",
    ),
    (
        "createTask",
        "kam",
        lambda w: {"planId": w.plan, "kind": "RESEARCH", "title": "TEXT", "effortHours": 2},
        "title",
    ),
    ("updateTask", "kam", lambda w: {"taskId": w.task, "title": "TEXT"}, "title"),
    (
        "recordReview",
        "kam",
        lambda w: {"planId": w.plan, "heldOn": "2024-01-02", "notes": "TEXT"},
        "notes",
    ),
    ("createSkill", "hr_admin", lambda w: {"name": "TEXT"}, "name"),
    ("createSkill", "hr_admin", lambda w: {"name": "Ok", "category": "TEXT"}, "category"),
    ("createSkill", "hr_admin", lambda w: {"name": "Ok", "description": "TEXT"}, "description"),
    ("createSkill", "hr_admin", lambda w: {"name": "Ok", "aliases": ["TEXT"]}, "aliases[0]"),
    ("renameSkill", "hr_admin", lambda w: {"skillId": w.skill, "name": "TEXT"}, "name"),
    ("addSkillAlias", "hr_admin", lambda w: {"skillId": w.skill, "alias": "TEXT"}, "alias"),
    ("createPerson", "hr_admin", lambda w: {"name": "TEXT", "email": "t@x.example"}, "name"),
    ("createPerson", "hr_admin", lambda w: {"name": "Ok", "email": "a@TEXT.example"}, "email"),
    (
        "createPerson",
        "hr_admin",
        lambda w: {"name": "Ok", "email": "t@x.example", "title": "TEXT"},
        "title",
    ),
    (
        "createPerson",
        "hr_admin",
        lambda w: {"name": "Ok", "email": "t@x.example", "department": "TEXT"},
        "department",
    ),
    (
        "createPerson",
        "hr_admin",
        lambda w: {"name": "Ok", "email": "t@x.example", "location": "TEXT"},
        "location",
    ),
    ("updatePerson", "hr_admin", lambda w: {"personId": w.pat, "name": "TEXT"}, "name"),
    ("updatePerson", "hr_admin", lambda w: {"personId": w.pat, "email": "b@TEXT.eu"}, "email"),
    ("updatePerson", "hr_admin", lambda w: {"personId": w.pat, "location": "TEXT"}, "location"),
    (
        "addTimeOff",
        "hr_admin",
        lambda w: {
            "personId": w.pat,
            "startDate": "2030-01-01",
            "endDate": "2030-01-02",
            "reason": "TEXT",
        },
        "reason",
    ),
]


def _with_text(value: Any, text: str) -> Any:
    if isinstance(value, str):
        return value.replace("TEXT", text)
    if isinstance(value, list):
        return [_with_text(v, text) for v in value]
    if isinstance(value, dict):
        return {k: _with_text(v, text) for k, v in value.items()}
    return value


@pytest.mark.parametrize("text", ["\x00leading", "in\x00side", "bell\x07", "esc\x1b[2J"])
@pytest.mark.parametrize(
    ("name", "role", "inputs", "field"),
    TEXT_INPUTS,
    ids=[f"{name}.{field}" for name, _, _, field in TEXT_INPUTS],
)
def test_a_control_character_in_any_text_is_a_validation_error(
    api: Api, hostile: World, name: str, role: str, inputs: Inputs, field: str, text: str
) -> None:
    response = send(api, name, _with_text(inputs(hostile), text), hostile.tokens[role])
    assert response.status_code == 200, response.text
    got = response.json()["data"][name]
    assert (got["__typename"], got["code"], got["field"]) == ("ValidationError", "INVALID", field)
    assert "control character" in got["message"]


def test_line_breaks_stay_allowed_in_notes(api: Api, hostile: World) -> None:
    got = send(
        api,
        "recordReview",
        {"planId": hostile.plan, "heldOn": "2024-01-03", "notes": "one\r\ntwo\tthree"},
        hostile.tokens["kam"],
    ).json()["data"]["recordReview"]
    assert got["__typename"] == "RecordReviewSuccess", got


@pytest.mark.parametrize(
    "search",
    [
        "query($s: String) { skills(filter: {search: $s}) { totalCount } }",
        "query($s: String) { skills(filter: {category: $s}) { totalCount } }",
        "query($s: String) { people(filter: {department: $s}) { totalCount } }",
        "query($s: String) { accounts(filter: {industry: $s}) { totalCount } }",
    ],
)
def test_a_nul_in_a_filter_is_invalid(api: Api, search: str) -> None:
    response = api.post(search, {"s": "a\x00b"})
    assert codes(response) == ["INVALID"], response.text


# --- lone surrogates: refused with the body, naming where -------------------------------------


def test_a_lone_surrogate_anywhere_in_the_variables_is_a_bad_request(
    api: Api, hostile: World
) -> None:
    body = (
        b'{"query": "mutation($input: CreateSkillInput!) { createSkill(input: $input) '
        b'{ __typename } }", "variables": {"input": {"name": "ok\\ud800"}}}'
    )
    response = api.post_body(body, role="hr_admin")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "variables.input.name" in error["message"] and "surrogate" in error["message"]


def test_a_surrogate_pair_is_a_character(api: Api) -> None:
    body = b'{"query": "query($s: String) { skills(filter: {search: $s}) { totalCount } }",'
    body += b' "variables": {"s": "\\ud83d\\ude00"}}'
    response = api.post_body(body)
    assert response.status_code == 200 and "errors" not in response.json(), response.text


def test_a_lone_surrogate_in_the_variables_of_a_get_is_a_bad_request(api: Api) -> None:
    response = api.client.get(
        "/graphql",
        params={
            "query": "query($s: String) { skills(filter: {search: $s}) { totalCount } }",
            "variables": '{"s": "\\udc00"}',
        },
        headers={"Authorization": f"Bearer {api.tokens['viewer']}"},
    )
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


# --- bodies: not an object, not UTF-8, nested deep, numbers JSON has not -----------------------


@pytest.mark.parametrize(
    "body",
    [
        b"1",
        b'"a string"',
        b"null",
        b"true",
        b"\xff\xfe{}",
        b'{"query": "{ __typename }\xff"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 34 + b"]" * 34 + b"}}",
        b'{"query": "{ __typename }", "variables": {"n": NaN}}',
        b'{"query": "{ __typename }", "variables": {"n": ' + b"9" * 5000 + b"}}",
    ],
    ids=[
        "number",
        "string",
        "null",
        "boolean",
        "utf16-bom",
        "invalid-utf8",
        "array-100k-deep",
        "object-100k-deep",
        "variables-35-deep",
        "nan",
        "5000-digit-int",
    ],
)
def test_a_body_that_is_not_one_sane_json_object_is_a_bad_request(api: Api, body: bytes) -> None:
    response = api.post_body(body)
    assert response.status_code == 400, response.text
    assert codes(response) == ["BAD_REQUEST"]


# --- numbers: bounded in the services -----------------------------------------------------------

NUMBERS: list[tuple[str, Inputs, str]] = [
    (
        "createTask",
        lambda w: {"planId": w.plan, "kind": "RESEARCH", "title": "Huge", "effortHours": 1e20},
        "effortHours",
    ),
    ("updateTask", lambda w: {"taskId": w.task, "effortHours": 1e20}, "effortHours"),
    ("updateTask", lambda w: {"taskId": w.task, "effortHours": 10_001}, "effortHours"),
    ("updateTask", lambda w: {"taskId": w.task, "headcountMax": 2_000_000_000}, "headcountMax"),
    (
        "createObjective",
        lambda w: {"planId": w.plan, "title": "Big", "baseline": 1.7e308},
        "baseline",
    ),
    ("updateObjective", lambda w: {"objectiveId": w.objective, "target": -1e300}, "target"),
    (
        "recordReview",
        lambda w: {
            "planId": w.plan,
            "heldOn": "2024-01-02",
            "readings": [{"objectiveId": w.objective, "value": 1e200}],
        },
        "readings[0].value",
    ),
]

TASK_EFFORT = "query($id: ID!) { node(id: $id) { ... on Task { effortHours } } }"


@pytest.mark.parametrize(
    ("name", "inputs", "field"), NUMBERS, ids=[f"{n}.{f}" for n, _, f in NUMBERS]
)
def test_an_absurd_number_is_a_validation_error(
    api: Api, hostile: World, name: str, inputs: Inputs, field: str
) -> None:
    got = send(api, name, inputs(hostile), hostile.tokens["kam"]).json()["data"][name]
    assert (got["__typename"], got["field"]) == ("ValidationError", field), got
    effort = api.data(TASK_EFFORT, {"id": hostile.task})["node"]["effortHours"]
    assert effort < 10_000


# --- ids beyond 64 bits, or not ours ------------------------------------------------------------


def _id(type_name: str, key: int | str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode()


ID_QUERIES = [
    ("query($id: ID!) { node(id: $id) { id } }", "Skill"),
    ("query($id: ID!) { nodes(ids: [$id]) { id } }", "Skill"),
    ("query($id: ID!) { plan(id: $id) { id } }", "Plan"),
    ("query($id: ID!) { account(id: $id) { id } }", "Account"),
    ("query($id: ID!) { plans(account: $id) { totalCount } }", "Account"),
    ("query($id: ID!) { skillRetirementImpact(skill: $id) { __typename } }", "Skill"),
    (
        "query($id: ID!) { candidates(task: $id, first: 3, includeIneligible: false)"
        " { __typename } }",
        "Task",
    ),
    ("query($id: ID!) { whyNot(person: $id, task: $id) { __typename } }", "Person"),
    (
        "query($id: ID!) { introductionPaths(contact: $id, from: $id, first: 2) { __typename } }",
        "Contact",
    ),
    ("query($id: ID!) { compareProposals(a: $id, b: $id) { __typename } }", "Proposal"),
    ("query($id: String) { people(filter: {skill: $id}) { totalCount } }", "Skill"),
]


@pytest.mark.parametrize("key", [BIG, 2**63, -1, 0, "+7", "٣", "1_0", "9" * 400])
@pytest.mark.parametrize(("query", "type_name"), ID_QUERIES, ids=[t for _, t in ID_QUERIES])
def test_an_id_beyond_64_bits_or_not_ours_finds_nothing(
    api: Api, query: str, type_name: str, key: int | str
) -> None:
    response = api.post(query, {"id": _id(type_name, key)}, role="hr_admin")
    assert response.status_code == 200, response.text
    assert set(codes(response)) <= {"NOT_FOUND", "INVALID"}, response.text


ID_MUTATIONS: list[tuple[str, str, Callable[[str], dict[str, Any]], str]] = [
    ("renameSkill", "hr_admin", lambda bad: {"skillId": bad, "name": "X"}, "skillId"),
    ("createSkill", "hr_admin", lambda bad: {"name": "Big parent", "parentId": bad}, "parentId"),
    ("mergeSkills", "hr_admin", lambda bad: {"from": bad, "into": bad}, "from"),
    ("updatePerson", "hr_admin", lambda bad: {"personId": bad, "name": "X"}, "personId"),
    ("removeTimeOff", "hr_admin", lambda bad: {"timeOffId": bad}, "timeOffId"),
    ("updatePlan", "kam", lambda bad: {"planId": bad, "name": "X"}, "planId"),
    ("unassign", "kam", lambda bad: {"taskId": bad, "personId": bad}, "taskId"),
    ("acceptProposal", "kam", lambda bad: {"proposalId": bad, "confirmRemovals": False}, ""),
]


@pytest.mark.parametrize(
    ("name", "role", "inputs", "field"), ID_MUTATIONS, ids=[n for n, *_ in ID_MUTATIONS]
)
def test_an_id_beyond_64_bits_in_a_mutation_is_not_found(
    api: Api, hostile: World, name: str, role: str, inputs: Callable[[str], Any], field: str
) -> None:
    bad = _id("Skill", BIG)
    got = send(api, name, inputs(bad), hostile.tokens[role]).json()["data"][name]
    assert got["__typename"] == "NotFoundError", got
    assert field in (got["field"] or ""), got


# --- cursors ----------------------------------------------------------------------------------


def _cursor(key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


CURSORS = [
    _cursor({"a": 1}),
    _cursor([[1], [2]]),
    _cursor([{"x": 1}, 1]),
    _cursor([BIG**2, 1]),
    _cursor(["Ann", BIG]),
    _cursor(["Ann", "1"]),
    _cursor(["Ann", 1.5]),
    _cursor([None, None]),
    _cursor(["Ann", True]),
    _cursor(["A\x00nn", 1]),
    _cursor([[[[[[[[1]]]]]]], 1]),
    base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode(),
    _cursor(["x" * 10_000, 1]),
    "not base64 at all!",
    "",
]
CONNECTIONS = [
    "query($c: String) { people(first: 2, after: $c) { totalCount } }",
    "query($c: String) { skills(last: 2, before: $c) { totalCount } }",
    "query($c: String) { accounts(first: 2, after: $c) { totalCount } }",
    "query($c: String) { plans(first: 2, after: $c) { totalCount } }",
    "query($c: String) { accounts(first: 2) { edges { node { contacts(first: 2, after: $c)"
    " { totalCount } } } } }",
]


@pytest.mark.parametrize(
    "query", CONNECTIONS, ids=["people", "skills", "accounts", "plans", "contacts"]
)
@pytest.mark.parametrize("cursor", CURSORS)
def test_a_crafted_cursor_is_invalid(api: Api, hostile: World, query: str, cursor: str) -> None:
    response = api.post(query, {"c": cursor})
    assert response.status_code == 200, response.text
    assert set(codes(response)) == {"INVALID"}, response.text
    assert response.json()["errors"][0]["extensions"]["field"] in ("after", "before")


def test_a_token_cursor_of_the_wrong_kind_is_invalid(api: Api) -> None:
    query = "query($c: String) { apiTokens(includeRevoked: true, after: $c) { totalCount } }"
    response = api.post(query, {"c": _cursor(["Ann", 1])}, role="hr_admin")
    assert codes(response) == ["INVALID"], response.text


# --- long searches ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("query($s: String) { skills(filter: {search: $s}) { totalCount } }", "search"),
        ("query($s: String!) { people(filter: {skill: $s}) { totalCount } }", "skill"),
    ],
)
def test_a_50000_character_search_is_invalid(api: Api, query: str, field: str) -> None:
    response = api.post(query, {"s": "a%_" * 16_667})
    assert codes(response) == ["INVALID"], response.text
    assert response.json()["errors"][0]["extensions"]["field"] == field


# --- spreadsheets -------------------------------------------------------------------------------

IMPORT_MATRIX = mutation(
    "importSkillsMatrix",
    "ImportSkillsMatrixInput",
    "ImportSkillsMatrixSuccess",
    "entries created",
)
IMPORT_TIME_OFF = mutation("importTimeOff", "ImportTimeOffInput", "ImportTimeOffSuccess", "periods")


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
def test_a_matrix_with_any_line_ending_imports(api: Api, newline: str) -> None:
    world = make_world(api)
    name = api.data(
        "query($id: ID!) { node(id: $id) { ... on Skill { name } } }", {"id": world.skill}
    )
    rows = ["email,skill,level", f"{world.kam_email},{name['node']['name']},4", ""]
    got = api.data(
        IMPORT_MATRIX,
        {"input": {"csv": newline.join(rows), "shape": "LONG"}},
        role="hr_admin",
    )["importSkillsMatrix"]
    assert got["__typename"] == "ImportSkillsMatrixSuccess", got
    assert got["entries"] == 1


@pytest.mark.parametrize(
    "csv",
    [
        "email,skill,level\nsomeone@x.example,Py\rthon,3\n",
        "email,skill,level\nsomeone@x.example," + "P" * 131_073 + ",3\n",
        "email," + "P" * 131_072 + "\nsomeone@x.example,3\n",
        'email,skill,level\nsomeone@x.example,"never closed,3\n',
        "email,skill,level\n\x00,\x00,\x00\n",
    ],
    ids=["stray-cr", "128k-cell", "128k-header", "open-quote", "nul"],
)
def test_a_broken_matrix_is_a_validation_error(api: Api, csv: str) -> None:
    got = api.data(IMPORT_MATRIX, {"input": {"csv": csv, "shape": "LONG"}}, role="hr_admin")
    result = got["importSkillsMatrix"]
    assert (result["__typename"], result["field"]) == ("ValidationError", "csv"), result


@pytest.mark.parametrize(
    "csv",
    [
        "email,start,end,reason\rnobody@x.example,2030-01-01,2030-01-02,r\r",
        "email,start,end,reason\nnobody@x.example,2030-01-01,2030-01-02," + "r" * 131_073,
        "email,start,end,reason\nnobody@x.example,2030-01-01,2030-01-02,a\x00b\n",
    ],
    ids=["cr", "128k-cell", "nul-reason"],
)
def test_a_broken_time_off_file_is_a_validation_error(api: Api, csv: str) -> None:
    result = api.data(IMPORT_TIME_OFF, {"input": {"csv": csv}}, role="hr_admin")["importTimeOff"]
    assert (result["__typename"], result["field"]) == ("ValidationError", "csv"), result


def test_a_time_off_reason_with_a_nul_is_a_row_error(api: Api, hostile: World) -> None:
    csv = f"email,start,end,reason\n{hostile.kam_email},2030-01-01,2030-01-02,a\x00b\n"
    result = api.data(
        mutation("importTimeOff", "ImportTimeOffInput", "ImportTimeOffSuccess", "periods").replace(
            "field code message",
            "field code message ... on ValidationError { rows { line field reason } }",
        ),
        {"input": {"csv": csv}},
        role="hr_admin",
    )["importTimeOff"]
    assert result["rows"] == [
        {
            "line": 2,
            "field": "reason",
            "reason": "must not contain the control character U+0000 (at position 2)",
        }
    ]


# --- graphql-core's own refusals carry a code ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ nope }", {}, "GRAPHQL_VALIDATION_FAILED"),
        ("{ people(first: 2) { totalCount ", {}, "GRAPHQL_PARSE_FAILED"),
        ("mutation { createSkill(input: {}) { __typename } }", {}, "GRAPHQL_VALIDATION_FAILED"),
        ('{ people(first: "two") { totalCount } }', {}, "GRAPHQL_VALIDATION_FAILED"),
        (
            "mutation($i: CreateSkillInput!) { createSkill(input: $i) { __typename } }",
            {"i": {}},
            "BAD_USER_INPUT",
        ),
        (
            "mutation($i: CreateSkillInput!) { createSkill(input: $i) { __typename } }",
            {"i": {"name": "x", "bogus": 1}},
            "BAD_USER_INPUT",
        ),
        ("query($n: Int!) { people(first: $n) { totalCount } }", {"n": "x"}, "BAD_USER_INPUT"),
        ("query($n: Int!) { people(first: $n) { totalCount } }", {}, "BAD_USER_INPUT"),
        (
            "query($d: Date!) { talentMap(demandedOnly: true) { __typename } plans(first: 1)"
            " { edges { node { account { coverage(asOf: $d) { __typename } } } } } }",
            {"d": "not a date"},
            "BAD_USER_INPUT",
        ),
    ],
    ids=[
        "unknown-field",
        "syntax",
        "missing-input-field",
        "literal-of-wrong-type",
        "variable-missing-field",
        "variable-unknown-field",
        "variable-wrong-type",
        "variable-missing",
        "variable-bad-date",
    ],
)
def test_graphql_refusals_carry_a_code(
    api: Api, query: str, variables: dict[str, Any], code: str
) -> None:
    response = api.post(query, variables, role="hr_admin")
    assert response.status_code == 200, response.text
    assert set(codes(response)) == {code}, response.text


def test_no_error_selection_reaches_the_client_without_a_code(api: Api) -> None:
    """Errors of each kind in one list: every one of them has a code."""
    query = f"mutation {{ renameSkill(input: {{skillId: 1, name: 2}}) {{ {ERROR_FIELDS} }} }}"
    response = api.post(query, role="hr_admin")
    assert codes(response) and None not in codes(response), response.text


def test_an_id_given_for_the_demo_is_still_found(api: Api, hostile: World) -> None:
    """The bounds refuse what is no id, never an id we gave out."""
    got = api.data("query($id: ID!) { node(id: $id) { id } }", {"id": hostile.task})
    assert got["node"]["id"] == hostile.task
    assert gid("Task", 1) != _id("Task", BIG)


# --- names: any text is a name, or refused with a reason ---------------------------------------

RENAME = mutation("renameSkill", "RenameSkillInput", "RenameSkillSuccess")
ADD_ALIAS = mutation("addSkillAlias", "AddSkillAliasInput", "AddSkillAliasSuccess")
NAMED = {"RenameSkillSuccess", "AddSkillAliasSuccess", "ValidationError", "ConflictError"}


def test_a_name_too_long_once_case_folded_is_refused(api: Api, hostile: World) -> None:
    got = send(
        api,
        "renameSkill",
        {"skillId": hostile.skill, "name": "ß" * 100},
        hostile.tokens["hr_admin"],
    )
    result = got.json()["data"]["renameSkill"]
    assert (result["__typename"], result["field"]) == ("ValidationError", "name"), result
    assert "case-folded" in result["message"]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=130), alias=st.booleans())
def test_renaming_or_aliasing_a_skill_to_any_text_is_answered(
    api: Api, hostile: World, text: str, alias: bool
) -> None:
    name = "addSkillAlias" if alias else "renameSkill"
    key = "alias" if alias else "name"
    response = send(api, name, {"skillId": hostile.skill, key: text}, hostile.tokens["hr_admin"])
    if response.status_code == 400:  # a lone surrogate: refused with the body
        assert codes(response) == ["BAD_REQUEST"]
        return
    assert response.json()["data"][name]["__typename"] in NAMED, response.text
