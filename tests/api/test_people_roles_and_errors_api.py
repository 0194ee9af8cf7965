"""Who may change people through HTTP (HR only; not even a person their own skills), and the
typed error of each bad input."""

from __future__ import annotations

import itertools

import pytest

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

UNKNOWN_SKILL = gid("Skill", 999_999_999)

# --- roles: only HR changes people --------------------------------------------------------------

MUTATIONS: MutationTable = {
    "createPerson": (
        "CreatePersonInput",
        "CreatePersonSuccess",
        lambda s: {"name": "Role", "email": f"role{next(_serial)}.{s.n}@example.com"},
    ),
    "updatePerson": (
        "UpdatePersonInput",
        "UpdatePersonSuccess",
        lambda s: {"personId": s.cy, "title": "Lead"},
    ),
    "setProficiency": (
        "SetProficiencyInput",
        "SetProficiencySuccess",
        lambda s: {"personId": s.cy, "skillId": s.python, "level": 3},
    ),
    "removeProficiency": (
        "RemoveProficiencyInput",
        "RemoveProficiencySuccess",
        lambda s: {"personId": s.ann, "skillId": s.go},
    ),
    "importSkillsMatrix": (
        "ImportSkillsMatrixInput",
        "ImportSkillsMatrixSuccess",
        lambda s: {"csv": f"person,skill,level\n{s.bob_email},Go {s.n},1\n"},
    ),
}


@pytest.mark.parametrize("role", ["none", "viewer", "kam_lead", "hr_admin"])
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_roles(api: Api, name: str, role: str) -> None:
    check_roles(api, MUTATIONS, name, role, setup=make_staff, allowed={"hr_admin"})


def test_a_person_may_not_change_their_own_skills(api: Api, staff: Staff) -> None:
    document = mutation("setProficiency", "SetProficiencyInput", "SetProficiencySuccess")
    got = run(
        api,
        document,
        "setProficiency",
        {"personId": staff.ann, "skillId": staff.go, "level": 5},
        staff.tokens["ann"],
    )
    assert got["__typename"] == "ForbiddenError"


# --- typed errors for bad input -----------------------------------------------------------------

BAD: list[BadInput] = [
    ("createPerson", lambda s: {"name": "X", "email": "not-an-email"}, "ValidationError", "email"),
    (
        "createPerson",
        lambda s: {"name": "X", "email": s.ann_email.upper()},
        "ConflictError",
        "email",
    ),
    ("createPerson", lambda s: {"name": " ", "email": f"b{s.n}@x.io"}, "ValidationError", "name"),
    (
        "createPerson",
        lambda s: {"name": "X", "email": f"c{s.n}@x.io", "capacityHours": 81},
        "ValidationError",
        "capacityHours",
    ),
    ("updatePerson", lambda s: {"personId": s.python}, "NotFoundError", "personId"),
    ("updatePerson", lambda s: {"personId": s.cy, "email": "a@b"}, "ValidationError", "email"),
    ("updatePerson", lambda s: {"personId": s.cy, "email": s.bob_email}, "ConflictError", "email"),
    ("updatePerson", lambda s: {"personId": s.cy, "active": None}, "ValidationError", "active"),
    (
        "updatePerson",
        lambda s: {"personId": s.cy, "department": "d" * 121},
        "ValidationError",
        "department",
    ),
    (
        "setProficiency",
        lambda s: {"personId": s.cy, "skillId": s.go, "level": 6},
        "ValidationError",
        "level",
    ),
    (
        "setProficiency",
        lambda s: {"personId": s.cy, "skillId": s.go, "level": 3, "interest": 0},
        "ValidationError",
        "interest",
    ),
    (
        "setProficiency",
        lambda s: {"personId": s.cy, "skillId": s.go, "level": 3, "lastUsed": "2999-01-01"},
        "ValidationError",
        "lastUsed",
    ),
    (
        "setProficiency",
        lambda s: {"personId": s.cy, "skillId": UNKNOWN_SKILL, "level": 3},
        "NotFoundError",
        "skillId",
    ),
    (
        "setProficiency",
        lambda s: {"personId": s.cy, "skillId": s.retired, "level": 3},
        "ValidationError",
        "skillId",
    ),
    (
        "setProficiency",
        lambda s: {"personId": s.go, "skillId": s.go, "level": 3},
        "NotFoundError",
        "personId",
    ),
    (
        "setProficiency",
        lambda s: {"personId": s.cy, "skillId": s.go, "level": 3, "verified": True},
        "ValidationError",
        "verified",
    ),
    (
        "removeProficiency",
        lambda s: {"personId": s.cy, "skillId": s.go},
        "NotFoundError",
        "skillId",
    ),
    (
        "importSkillsMatrix",
        lambda s: {"csv": f"person,skill,level\n{s.ann_email},Go {s.n},0\n"},
        "ValidationError",
        "csv",
    ),
    ("importSkillsMatrix", lambda s: {"csv": "  "}, "ValidationError", "csv"),
]


@pytest.mark.parametrize("case", BAD, ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(BAD)])
def test_bad_input_is_a_typed_error(api: Api, case: BadInput) -> None:
    check_bad(api, MUTATIONS, case, setup=make_staff, role="hr_admin")
