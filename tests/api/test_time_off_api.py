"""HR keeps time off through HTTP: add (merged with what it overlaps or touches), remove,
import; HR only; each bad input a typed error naming the field; only HR and the person see it."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest

from teamgraph.api.core.ids import from_global_id
from teamgraph.db import unit_of_work
from teamgraph.people.time_off import add_time_off
from tests.api.graphql import (
    Api,
    BadInput,
    MutationTable,
    check_bad,
    check_roles,
    gid,
    mutation,
    run,
)
from tests.api.worlds import Staff, make_staff

_serial = itertools.count(1)


@dataclass
class Away:
    """A department (tests.api.worlds.Staff) where Cy is away one week of 2026."""

    staff: Staff
    cy_week: str
    tokens: dict[str, str]

    def __getattr__(self, name: str) -> str:
        return str(getattr(self.staff, name))


def make_away(api: Api) -> Away:
    staff = make_staff(api)
    with unit_of_work(api.sessions) as s:
        cy = from_global_id(staff.cy)[1]
        week, _ = add_time_off(
            s, person_id=cy, start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 8), reason="move"
        )
        week_id = gid("TimeOff", week.id)
    return Away(staff=staff, cy_week=week_id, tokens=staff.tokens)


def _some_days(away: Away) -> dict[str, str]:
    """Two days of Bob's, a different month each time (a role test adds one per role)."""
    month = next(_serial) % 12 + 1
    return {
        "personId": away.bob,
        "startDate": f"2026-{month:02d}-01",
        "endDate": f"2026-{month:02d}-02",
    }


MUTATIONS: MutationTable = {
    "addTimeOff": (
        "AddTimeOffInput",
        "AddTimeOffSuccess",
        _some_days,
    ),
    "removeTimeOff": (
        "RemoveTimeOffInput",
        "RemoveTimeOffSuccess",
        lambda w: {"timeOffId": w.cy_week},
    ),
    "importTimeOff": (
        "ImportTimeOffInput",
        "ImportTimeOffSuccess",
        lambda w: {"csv": f"person,start,end\n{w.bob_email},2026-02-02,2026-02-03\n"},
    ),
}


@pytest.mark.parametrize("role", ["none", "viewer", "kam_lead", "hr_admin"])
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_only_hr_keeps_time_off(api: Api, name: str, role: str) -> None:
    check_roles(api, MUTATIONS, name, role, setup=make_away, allowed={"hr_admin"})


def test_not_even_the_person_records_their_own(api: Api) -> None:
    away = make_away(api)
    document = mutation("addTimeOff", "AddTimeOffInput", "AddTimeOffSuccess")
    own = {"personId": away.ann, "startDate": "2026-06-01", "endDate": "2026-06-02"}
    got = run(api, document, "addTimeOff", own, away.tokens["ann"])
    assert got["__typename"] == "ForbiddenError"


BAD: list[BadInput] = [
    (
        "addTimeOff",
        lambda w: {"personId": w.bob, "startDate": "2026-05-02", "endDate": "2026-05-01"},
        "ValidationError",
        "endDate",
    ),
    (
        "addTimeOff",
        lambda w: {"personId": w.bob, "startDate": "2026-01-01", "endDate": "2027-06-01"},
        "ValidationError",
        "endDate",
    ),
    (
        "addTimeOff",
        lambda w: {"personId": w.python, "startDate": "2026-01-01", "endDate": "2026-01-01"},
        "NotFoundError",
        "personId",
    ),
    (
        "addTimeOff",
        lambda w: {
            "personId": w.bob,
            "startDate": "2026-01-01",
            "endDate": "2026-01-01",
            "reason": "r" * 501,
        },
        "ValidationError",
        "reason",
    ),
    (
        "removeTimeOff",
        lambda w: {"timeOffId": gid("TimeOff", 999_999)},
        "NotFoundError",
        "timeOffId",
    ),
    ("removeTimeOff", lambda w: {"timeOffId": w.bob}, "NotFoundError", "timeOffId"),
    ("importTimeOff", lambda w: {"csv": " "}, "ValidationError", "csv"),
    ("importTimeOff", lambda w: {"csv": "who,when\nx,y\n"}, "ValidationError", "csv"),
]


@pytest.mark.parametrize("case", BAD, ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(BAD)])
def test_bad_input_is_a_typed_error(api: Api, case: BadInput) -> None:
    check_bad(api, MUTATIONS, case, setup=make_away, role="hr_admin")


ADD = """mutation($input: AddTimeOffInput!) { addTimeOff(input: $input) {
  __typename ... on AddTimeOffSuccess { outcome timeOff { id startDate endDate reason }
    person { timeOff { startDate endDate } } } ... on Error { field message } } }"""
PERSON = """query($id: ID!) { node(id: $id) { ... on Person { name
  timeOff { id startDate endDate reason person { name } } } } }"""


def test_periods_merge_and_go(api: Api) -> None:
    away = make_away(api)
    hr = away.tokens["hr_admin"]
    added = api.data(
        ADD,
        {"input": {"personId": away.cy, "startDate": "2026-05-09", "endDate": "2026-05-15"}},
        as_token=hr,
    )["addTimeOff"]
    # From the day after the first week ends: one period, from the 4th to the 15th.
    assert added["outcome"] == "MERGED"
    assert added["timeOff"]["id"] == away.cy_week
    assert added["person"]["timeOff"] == [{"startDate": "2026-05-04", "endDate": "2026-05-15"}]
    separate = api.data(
        ADD,
        {
            "input": {
                "personId": away.cy,
                "startDate": "2026-12-21",
                "endDate": "2026-12-31",
                "reason": "holiday",
            }
        },
        as_token=hr,
    )["addTimeOff"]
    assert separate["outcome"] == "ADDED"
    removed = api.data(
        """mutation($input: RemoveTimeOffInput!) { removeTimeOff(input: $input) {
          ... on RemoveTimeOffSuccess { person { timeOff { reason } } } } }""",
        {"input": {"timeOffId": away.cy_week}},
        as_token=hr,
    )["removeTimeOff"]
    assert removed["person"]["timeOff"] == [{"reason": "holiday"}]


def test_an_import_lists_every_bad_row_and_writes_nothing(api: Api) -> None:
    away = make_away(api)
    document = """mutation($input: ImportTimeOffInput!) { importTimeOff(input: $input) {
      __typename ... on ImportTimeOffSuccess { periods added merged unchanged people }
      ... on ValidationError { field rows { line field reason } } } }"""
    bad = (
        f"person;start;end\n{away.bob_email};2026-09-01;2026-09-04\n"
        "nobody@example.com;2026-09-01;2026-09-02\n"
        f"{away.bob_email};2026-09-10;someday\n"
    )
    rejected = api.data(document, {"input": {"csv": bad}}, as_token=away.tokens["hr_admin"])
    assert rejected["importTimeOff"]["field"] == "csv"
    assert [(r["line"], r["field"]) for r in rejected["importTimeOff"]["rows"]] == [
        (3, "person"),
        (4, "end"),
    ]
    seen = api.data(PERSON, {"id": away.bob}, as_token=away.tokens["hr_admin"])
    assert seen["node"]["timeOff"] == []
    good = f"person\tstart\tend\treason\n{away.bob_email}\t2026-09-01\t2026-09-04\tcourse\n"
    done = api.data(document, {"input": {"csv": good}}, as_token=away.tokens["hr_admin"])
    assert done["importTimeOff"] == {
        "__typename": "ImportTimeOffSuccess",
        "periods": 1,
        "added": 1,
        "merged": 0,
        "unchanged": 0,
        "people": 1,
    }


def test_only_hr_and_the_person_see_it(api: Api) -> None:
    away = make_away(api)
    hr = api.data(PERSON, {"id": away.cy}, as_token=away.tokens["hr_admin"])["node"]
    assert hr["timeOff"] == [
        {
            "id": away.cy_week,
            "startDate": "2026-05-04",
            "endDate": "2026-05-08",
            "reason": "move",
            "person": {"name": hr["name"]},
        }
    ]
    for role in ("viewer", "kam_lead"):
        assert (
            api.data(PERSON, {"id": away.cy}, as_token=away.tokens[role])["node"]["timeOff"] is None
        )
    by_id = "query($id: ID!) { node(id: $id) { ... on TimeOff { startDate } } }"
    assert api.data(by_id, {"id": away.cy_week}, as_token=away.tokens["hr_admin"])["node"] == {
        "startDate": "2026-05-04"
    }
    hidden = api.post(by_id, {"id": away.cy_week}, as_token=away.tokens["viewer"]).json()
    assert hidden["data"] == {"node": None}
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
