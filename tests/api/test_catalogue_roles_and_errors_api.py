"""Who may keep the skills catalogue through HTTP (HR only, and a refused change writes
nothing), and the typed error of each bad input, retired skills included."""

from __future__ import annotations

import pytest

from teamgraph.catalogue.models import Skill as SkillRow
from teamgraph.db import unit_of_work
from tests.api.graphql import (
    Api,
    BadInput,
    MutationTable,
    check_bad,
    check_roles,
    mutation,
    run,
)
from tests.api.worlds import Catalogue, make_catalogue

# --- roles: only HR keeps the catalogue ---------------------------------------------------------

MUTATIONS: MutationTable = {
    "createSkill": (
        "CreateSkillInput",
        "CreateSkillSuccess",
        lambda c: {"name": f"New {c.n}", "category": c.category},
    ),
    "renameSkill": (
        "RenameSkillInput",
        "RenameSkillSuccess",
        lambda c: {"skillId": c.spare, "name": f"Renamed {c.n}"},
    ),
    "reparentSkill": (
        "ReparentSkillInput",
        "ReparentSkillSuccess",
        lambda c: {"skillId": c.spare, "parentId": c.cloud},
    ),
    "addSkillAlias": (
        "AddSkillAliasInput",
        "AddSkillAliasSuccess",
        lambda c: {"skillId": c.spare, "alias": f"extra-{c.n}"},
    ),
    "mergeSkills": (
        "MergeSkillsInput",
        "MergeSkillsSuccess",
        lambda c: {"from": c.dup, "into": c.kube},
    ),
    "retireSkill": (
        "RetireSkillInput",
        "RetireSkillSuccess",
        lambda c: {"skillId": c.spare, "replacedById": c.cloud},
    ),
    "restoreSkill": ("RestoreSkillInput", "RestoreSkillSuccess", lambda c: {"skillId": c.retired}),
}


@pytest.mark.parametrize("role", ["none", "viewer", "kam_lead", "hr_admin"])
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_roles(api: Api, name: str, role: str) -> None:
    check_roles(api, MUTATIONS, name, role, setup=make_catalogue, allowed={"hr_admin"})


def test_a_forbidden_merge_changes_nothing(api: Api, cat: Catalogue) -> None:
    document = mutation("mergeSkills", "MergeSkillsInput", "MergeSkillsSuccess")
    got = run(
        api, document, "mergeSkills", {"from": cat.dup, "into": cat.kube}, cat.tokens["viewer"]
    )
    assert got["__typename"] == "ForbiddenError"
    with unit_of_work(api.sessions) as s:
        assert s.get(SkillRow, cat.pks["dup"]).status == "active"  # type: ignore[union-attr]  # it exists


# --- typed errors for bad input -----------------------------------------------------------------

UNKNOWN = "U2tpbGw6OTk5OTk5OTk5"  # Skill:999999999
BAD: list[BadInput] = [
    ("createSkill", lambda c: {"name": "  "}, "ValidationError", "name"),
    ("createSkill", lambda c: {"name": "x" * 121}, "ValidationError", "name"),
    ("createSkill", lambda c: {"name": f"KUBERNETES {c.n}"}, "ConflictError", "name"),
    ("createSkill", lambda c: {"name": f"k8s-{c.n}"}, "ConflictError", "name"),
    (
        "createSkill",
        lambda c: {"name": f"Fresh {c.n}", "aliases": ["ok", f"kp-{c.n}"]},
        "ConflictError",
        "aliases[1]",
    ),
    (
        "createSkill",
        lambda c: {"name": f"Fresh {c.n}", "parentId": UNKNOWN},
        "NotFoundError",
        "parentId",
    ),
    (
        "createSkill",
        lambda c: {"name": f"Fresh {c.n}", "parentId": c.ann},
        "NotFoundError",
        "parentId",
    ),
    ("renameSkill", lambda c: {"skillId": UNKNOWN, "name": "x"}, "NotFoundError", "skillId"),
    ("renameSkill", lambda c: {"skillId": c.kube, "name": f"kp-{c.n}"}, "ConflictError", "name"),
    ("renameSkill", lambda c: {"skillId": c.kube, "name": ""}, "ValidationError", "name"),
    (
        "reparentSkill",
        lambda c: {"skillId": c.cloud, "parentId": c.helm},
        "ValidationError",
        "parentId",
    ),
    (
        "reparentSkill",
        lambda c: {"skillId": c.cloud, "parentId": c.cloud},
        "ValidationError",
        "parentId",
    ),
    ("reparentSkill", lambda c: {"skillId": "nope", "parentId": None}, "NotFoundError", "skillId"),
    (
        "addSkillAlias",
        lambda c: {"skillId": c.kube, "alias": f"Cloud {c.n}"},
        "ConflictError",
        "alias",
    ),
    ("addSkillAlias", lambda c: {"skillId": c.kube, "alias": " "}, "ValidationError", "alias"),
    ("addSkillAlias", lambda c: {"skillId": UNKNOWN, "alias": "y"}, "NotFoundError", "skillId"),
    ("mergeSkills", lambda c: {"from": c.kube, "into": c.kube}, "ValidationError", "into"),
    ("mergeSkills", lambda c: {"from": UNKNOWN, "into": c.kube}, "NotFoundError", "from"),
    ("mergeSkills", lambda c: {"from": c.dup, "into": c.ann}, "NotFoundError", "into"),
    (
        "retireSkill",
        lambda c: {"skillId": c.kube, "replacedById": c.kube},
        "ValidationError",
        "replacedById",
    ),
    ("retireSkill", lambda c: {"skillId": UNKNOWN}, "NotFoundError", "skillId"),
    (
        "retireSkill",
        lambda c: {"skillId": c.kube, "replacedById": UNKNOWN},
        "NotFoundError",
        "replacedById",
    ),
    ("retireSkill", lambda c: {"skillId": c.dup}, "ConflictError", "replacedById"),
    ("restoreSkill", lambda c: {"skillId": UNKNOWN}, "NotFoundError", "skillId"),
    ("restoreSkill", lambda c: {"skillId": c.spare}, "ValidationError", "skillId"),
]


@pytest.mark.parametrize("case", BAD, ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(BAD)])
def test_bad_input_is_a_typed_error(api: Api, case: BadInput) -> None:
    check_bad(api, MUTATIONS, case, setup=make_catalogue, role="hr_admin")


def test_retired_skills_cannot_be_used_again(api: Api, cat: Catalogue) -> None:
    retire = mutation("retireSkill", "RetireSkillInput", "RetireSkillSuccess")
    assert run(api, retire, "retireSkill", {"skillId": cat.spare}, cat.tokens["hr_admin"])[
        "__typename"
    ] == ("RetireSkillSuccess")
    for name, input_type, input, field in (
        ("retireSkill", "RetireSkillInput", {"skillId": cat.spare}, "skillId"),
        (
            "retireSkill",
            "RetireSkillInput",
            {"skillId": cat.kube, "replacedById": cat.spare},
            "replacedById",
        ),
        ("mergeSkills", "MergeSkillsInput", {"from": cat.kube, "into": cat.spare}, "into"),
        (
            "reparentSkill",
            "ReparentSkillInput",
            {"skillId": cat.kube, "parentId": cat.spare},
            "parentId",
        ),
        ("renameSkill", "RenameSkillInput", {"skillId": cat.spare, "name": "Again"}, "skillId"),
    ):
        document = mutation(name, input_type, name[0].upper() + name[1:] + "Success")
        got = run(api, document, name, input, cat.tokens["hr_admin"])
        assert (got["__typename"], got["field"]) == ("ValidationError", field), (name, got)
