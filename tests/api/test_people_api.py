"""People through HTTP: proficiencies, load, assignments and time off (personal data), the
`people` filters with stable pages, every HR mutation on people (the skills matrix import
included), and the SQL cost of a nested query. Roles and typed errors are in
test_people_roles_and_errors_api.py."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from sqlalchemy import select

from teamgraph.db import unit_of_work
from teamgraph.people.models import Proficiency, TimeOff
from teamgraph.people.service import set_proficiency
from teamgraph.plans import team
from tests import factories
from tests.api.graphql import (
    Api,
    Inputs,
    counting,
    mutation,
    run,
)
from tests.api.worlds import Staff

_serial = itertools.count(1)
UNKNOWN_SKILL = "U2tpbGw6OTk5OTk5OTk5"  # Skill:999999999


# --- a person's skills, load, assignments and time off ------------------------------------------

PERSON = """
query($id: ID!) { node(id: $id) { ... on Person {
  name email
  proficiencies { level interest lastUsed verified verifiedBy { name } skill { name aliases } }
  load(from: "2027-01-01", to: "2027-06-30") {
    capacityHours availableHours assignedHours freeHours openTasks
  }
  assignments { role task { title status } }
  timeOff { startDate endDate reason }
} } }
"""


def test_person_with_proficiencies_load_and_assignments(api: Api, staff: Staff) -> None:
    ann = api.data(PERSON, {"id": staff.ann}, role="hr_admin")["node"]
    n = staff.n
    assert [(p["skill"]["name"], p["level"]) for p in ann["proficiencies"]] == [
        (f"Python {n}", 4),
        (f"Go {n}", 2),
    ]
    assert ann["proficiencies"][0]["skill"]["aliases"] == [f"py-{n}"]
    assert ann["proficiencies"][0]["verified"] is False
    # Over the plan's period (181 days, her tasks' window): 40 h a week = 1034.29 h; 30 h open
    # + 6 h in progress count; the 50 h of a done task do not.
    assert ann["load"] == {
        "capacityHours": 40,
        "availableHours": 1034.29,
        "assignedHours": 36.0,
        "freeHours": 998.29,
        "openTasks": 2,
    }
    assert [a["task"]["status"] for a in ann["assignments"]] == ["OPEN", "IN_PROGRESS", "DONE"]


def test_time_off_is_seen_by_hr_and_the_person_only(api: Api, staff: Staff) -> None:
    want = [{"startDate": "2027-08-01", "endDate": "2027-08-14", "reason": ""}]
    for token, sees in (
        (staff.tokens["hr_admin"], True),
        (staff.tokens["ann"], True),
        (staff.tokens["viewer"], False),
        (staff.tokens["kam_lead"], False),
    ):
        ann = api.data(PERSON, {"id": staff.ann}, as_token=token)["node"]
        assert ann["timeOff"] == (want if sees else None), token
        assert (ann["email"] is not None) is sees
    bob = api.data(PERSON, {"id": staff.bob}, as_token=staff.tokens["ann"])["node"]
    assert bob["timeOff"] is None  # Ann sees her own, not her colleague's


# --- the people filters ---------------------------------------------------------------------------

PEOPLE = """
query($f: PeopleFilter, $first: Int, $after: String, $last: Int, $before: String) {
  people(filter: $f, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
  }
}
"""


def people(api: Api, flt: dict[str, Any], **page: Any) -> list[str]:
    found = api.data(PEOPLE, {"f": flt, **page})["people"]
    return [e["node"]["name"].split()[0] for e in found["edges"]]


def test_people_by_skill_id_name_or_alias_with_a_minimum_level(api: Api, staff: Staff) -> None:
    d = staff.department
    assert people(api, {"department": d}) == ["Ann", "Bob", "Cy"]
    assert people(api, {"department": d.upper(), "skill": staff.python}) == ["Ann", "Bob"]
    assert people(api, {"skill": f"PYTHON {staff.n}"}) == ["Ann", "Bob"]
    assert people(api, {"skill": f"py-{staff.n}", "minLevel": 3}) == ["Ann"]
    assert people(api, {"skill": f"golang-{staff.n}", "minLevel": 3}) == []


def test_people_with_free_hours(api: Api, staff: Staff) -> None:
    # The first week of the plan's period (181 days): Ann 40 - 36 x 7/181 = 38.61 h free, Bob
    # 20 - 5 x 7/181 = 19.81, Cy 30; the week of Ann's time off (1-14 Aug 2027) she has none.
    d = staff.department
    week = {"from": "2027-01-01", "to": "2027-01-07"}
    assert people(api, {"department": d, "minFreeHours": 19.8, **week}) == ["Ann", "Bob", "Cy"]
    assert people(api, {"department": d, "minFreeHours": 19.9, **week}) == ["Ann", "Cy"]
    assert people(api, {"department": d, "minFreeHours": 38.7, **week}) == []
    assert people(api, {"department": d, "minFreeHours": 0, **week}) == ["Ann", "Bob", "Cy"]
    away = {"from": "2027-08-02", "to": "2027-08-08"}
    assert people(api, {"department": d, "minFreeHours": 1, **away}) == ["Bob", "Cy"]


def test_filtered_pages_are_stable(api: Api, staff: Staff) -> None:
    flt = {"department": staff.department}
    first = api.data(PEOPLE, {"f": flt, "first": 2})["people"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"] is True
    # Someone joins in between: the next page neither repeats nor skips anyone.
    with unit_of_work(api.sessions) as s:
        factories.person(s, name=f"Aaron {staff.n}", department=staff.department)
    after = first["pageInfo"]["endCursor"]
    assert people(api, flt, first=2, after=after) == ["Cy"]
    assert people(api, flt, last=2, before=after) == ["Aaron", "Ann"]


@pytest.mark.parametrize(
    ("flt", "field"),
    [
        (lambda s: {"skill": "no such skill at all"}, "skill"),
        (lambda s: {"skill": UNKNOWN_SKILL}, "skill"),
        (lambda s: {"minLevel": 3}, "minLevel"),
        (lambda s: {"skill": s.python, "minLevel": 9}, "minLevel"),
        (lambda s: {"minFreeHours": -1}, "minFreeHours"),
        (lambda s: {"minFreeHours": 1, "from": "2027-02-01", "to": "2027-01-01"}, "to"),
    ],
)
def test_bad_people_filters_name_the_field(api: Api, staff: Staff, flt: Inputs, field: str) -> None:
    body = api.post(PEOPLE, {"f": flt(staff)}).json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["field"] == field, body


# --- mutations: the success path end to end ------------------------------------------------------

PERSON_FIELDS = "person { id name email title department location capacityHours active }"


def hr(api: Api, document: str, name: str, input: dict[str, Any], staff: Staff) -> Any:
    return run(api, document, name, input, staff.tokens["hr_admin"])


def test_create_and_update_a_person(api: Api, staff: Staff) -> None:
    email = f"New.Hire{staff.n}@Example.com"
    created = hr(
        api,
        mutation("createPerson", "CreatePersonInput", "CreatePersonSuccess", PERSON_FIELDS),
        "createPerson",
        {"name": " New  Hire ", "email": email, "department": staff.department, "title": None},
        staff,
    )
    assert created["__typename"] == "CreatePersonSuccess", created
    person = created["person"]
    assert (person["name"], person["email"]) == ("New Hire", email.lower())
    assert (person["capacityHours"], person["title"], person["active"]) == (40, "", True)
    updated = hr(
        api,
        mutation("updatePerson", "UpdatePersonInput", "UpdatePersonSuccess", PERSON_FIELDS),
        "updatePerson",
        {"personId": person["id"], "capacityHours": 32, "location": "Lyon", "active": False},
        staff,
    )["person"]
    assert (updated["capacityHours"], updated["location"], updated["active"]) == (32, "Lyon", False)
    assert updated["name"] == "New Hire" and updated["email"] == email.lower()


PROFICIENCY = """proficiency { level interest lastUsed verified verifiedAt verifiedBy { name }
  skill { name } person { name } }"""


def test_set_proficiency_with_verification(api: Api, staff: Staff) -> None:
    document = mutation(
        "setProficiency", "SetProficiencyInput", "SetProficiencySuccess", PROFICIENCY
    )
    base = {"personId": staff.cy, "skillId": staff.go}
    first = run(
        api,
        document,
        "setProficiency",
        {**base, "level": 3, "interest": 5, "lastUsed": "2026-01-31", "verified": True},
        staff.tokens["hera"],
    )
    assert first["__typename"] == "SetProficiencySuccess", first
    got = first["proficiency"]
    assert (got["level"], got["interest"], got["lastUsed"]) == (3, 5, "2026-01-31")
    assert got["verified"] is True and got["verifiedBy"] == {"name": f"Hera {staff.n}"}
    assert got["verifiedAt"] is not None and got["skill"] == {"name": f"Go {staff.n}"}
    # The same level keeps the verification; a new level drops it; null clears the interest.
    same = hr(api, document, "setProficiency", {**base, "level": 3}, staff)["proficiency"]
    assert same["verified"] is True and same["interest"] == 5
    changed = hr(api, document, "setProficiency", {**base, "level": 4, "interest": None}, staff)
    assert changed["proficiency"]["verified"] is False
    assert changed["proficiency"]["interest"] is None
    assert changed["proficiency"]["lastUsed"] == "2026-01-31"


def test_remove_proficiency(api: Api, staff: Staff) -> None:
    document = mutation(
        "removeProficiency",
        "RemoveProficiencyInput",
        "RemoveProficiencySuccess",
        "person { name proficiencies { skill { name } } } skill { name }",
    )
    got = hr(
        api, document, "removeProficiency", {"personId": staff.ann, "skillId": staff.go}, staff
    )
    assert got["__typename"] == "RemoveProficiencySuccess", got
    assert got["skill"] == {"name": f"Go {staff.n}"}
    assert got["person"]["proficiencies"] == [{"skill": {"name": f"Python {staff.n}"}}]


IMPORT = mutation(
    "importSkillsMatrix",
    "ImportSkillsMatrixInput",
    "ImportSkillsMatrixSuccess",
    "entries created updated unchanged people",
).replace("... on Error", "... on ValidationError { rows { line field reason } } ... on Error")


def levels(api: Api, staff: Staff) -> dict[tuple[int, int], int]:
    with unit_of_work(api.sessions) as s:
        rows = s.scalars(select(Proficiency).where(Proficiency.person_id.in_(staff.pks.values())))
        return {(p.person_id, p.skill_id): p.level for p in rows}


def test_import_a_wide_matrix(api: Api, staff: Staff) -> None:
    n = staff.n
    text = f"email;py-{n};Go {n}\n{staff.ann_email};4;5\n{staff.bob_email};3;\n"
    got = hr(api, IMPORT, "importSkillsMatrix", {"csv": text, "shape": "WIDE"}, staff)
    assert got == {
        "__typename": "ImportSkillsMatrixSuccess",
        "entries": 3,
        "created": 0,
        "updated": 2,
        "unchanged": 1,
        "people": 2,
    }
    found = levels(api, staff)
    assert found[(staff.pks["ann"], staff.pks["go"])] == 5
    assert found[(staff.pks["bob"], staff.pks["python"])] == 3


def test_a_bad_matrix_lists_every_row_and_writes_nothing(api: Api, staff: Staff) -> None:
    before = levels(api, staff)
    text = (
        "person,skill,level\n"
        f"{staff.ann_email},Go {staff.n},5\n"
        f"nobody{staff.n}@example.com,Go {staff.n},3\n"
        f"{staff.bob_email},Cobol {staff.n},2\n"
        f"{staff.bob_email},py-{staff.n},seven\n"
    )
    got = hr(api, IMPORT, "importSkillsMatrix", {"csv": text}, staff)
    assert (got["__typename"], got["field"], got["code"]) == ("ValidationError", "csv", "INVALID")
    assert [(r["line"], r["field"]) for r in got["rows"]] == [
        (3, "person"),
        (4, "skill"),
        (5, "level"),
    ]
    assert "Cobol" in got["rows"][1]["reason"]
    assert levels(api, staff) == before
    header = hr(api, IMPORT, "importSkillsMatrix", {"csv": "name,when\nx,y\n"}, staff)
    assert (header["__typename"], header["field"]) == ("ValidationError", "csv")


def test_a_dry_run_counts_what_an_import_would_do_and_writes_nothing(
    api: Api, staff: Staff
) -> None:
    before = levels(api, staff)
    n = staff.n
    text = f"email;py-{n};Go {n}\n{staff.ann_email};4;5\n{staff.bob_email};1;2\n"
    dry = {"csv": text, "dryRun": True}
    got = hr(api, IMPORT.replace("people", "people dryRun"), "importSkillsMatrix", dry, staff)
    assert (got["__typename"], got["dryRun"], got["entries"]) == (
        "ImportSkillsMatrixSuccess",
        True,
        4,
    )
    assert got["created"] + got["updated"] + got["unchanged"] == 4 and got["updated"] >= 1
    assert levels(api, staff) == before
    bad = hr(api, IMPORT, "importSkillsMatrix", {"csv": text + "x@y;9;9\n", "dryRun": True}, staff)
    assert bad["__typename"] == "ValidationError" and {r["line"] for r in bad["rows"]} == {4}
    done = hr(
        api, IMPORT.replace("people", "people dryRun"), "importSkillsMatrix", {"csv": text}, staff
    )
    assert {k: done[k] for k in ("created", "updated", "unchanged")} == {
        k: got[k] for k in ("created", "updated", "unchanged")
    }
    assert done["dryRun"] is False and levels(api, staff) != before


# --- the SQL cost of a nested query -------------------------------------------------------------

NESTED = """
query($f: PeopleFilter) { people(filter: $f, first: 100) { edges { node {
  name timeOff { startDate }
  load { assignedHours freeHours }
  assignments { role task { title } }
  proficiencies { level verifiedBy { name } skill { name aliases parent { name } holderCount } }
} } } }
"""


def build_department(api: Api, department: str, size: int) -> None:
    with unit_of_work(api.sessions) as s:
        top = factories.skill(s)
        skills = [
            factories.skill(s, parent_id=top.id, aliases=[f"{department} {i}"]) for i in range(3)
        ]
        account = factories.account(s)
        plan = factories.plan(s, account.id)
        for i in range(size):
            person = factories.person(s, department=department)
            for skill in skills[: 1 + i % 3]:
                set_proficiency(s, person_id=person.id, skill_id=skill.id, level=3)
            task = factories.task(s, plan.id)
            team.assign(s, task_id=task.id, person_id=person.id)
            s.add(
                TimeOff(
                    person_id=person.id,
                    start_date=dt.date(2027, 1, 1),
                    end_date=dt.date(2027, 1, 2),
                )
            )


def test_nested_people_query_costs_a_fixed_number_of_statements(api: Api) -> None:
    counts = []
    for size in (2, 12):
        department = f"Sized {next(_serial)}"
        build_department(api, department, size)
        with counting(api) as statements:
            data = api.data(NESTED, {"f": {"department": department}}, role="hr_admin")
        edges = data["people"]["edges"]
        assert len(edges) == size and all(e["node"]["timeOff"] for e in edges)
        assert all(e["node"]["proficiencies"][0]["skill"]["parent"] for e in edges)
        counts.append(len(statements))
    # A load over a window reads time off and open work: two statements.
    assert counts[0] == counts[1] and counts[1] <= 13, counts
