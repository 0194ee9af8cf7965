"""Retiring and restoring skills through HTTP on both databases: the preview of what a
retirement touches, the refusal while an open task needs the skill as mandatory, a replacement
that takes the needs over, `restoreSkill`, and the skills matrix that still imports after
merges and retirements. Roles and typed errors are in test_catalogue_roles_and_errors_api.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from teamgraph.db import unit_of_work
from teamgraph.people.models import Proficiency
from teamgraph.people.skills_matrix import export_matrix
from tests.api.graphql import Api, mutation, run
from tests.api.worlds import Catalogue

IMPACT = """
query($skill: ID!) {
  skillRetirementImpact(skill: $skill) {
    skill { name }
    needsReplacement
    openNeeds { level mandatory task { title } plan { id } }
    plans { id }
    blockingTasks { title }
  }
}
"""
RETIRE = mutation(
    "retireSkill",
    "RetireSkillInput",
    "RetireSkillSuccess",
    "skill { active replacedBy { name } } movedRequirements mergedRequirements "
    "affectedPlans { id }",
)
RESTORE = mutation(
    "restoreSkill",
    "RestoreSkillInput",
    "RestoreSkillSuccess",
    "skill { name active replacedBy { name } }",
)
CREATE = mutation("createSkill", "CreateSkillInput", "CreateSkillSuccess", "skill { name }")
MERGE = mutation("mergeSkills", "MergeSkillsInput", "MergeSkillsSuccess")
IMPORT = mutation(
    "importSkillsMatrix",
    "ImportSkillsMatrixInput",
    "ImportSkillsMatrixSuccess",
    "created updated unchanged",
)
PLAN_VERSION = "query($id: ID!) { plan(id: $id) { version } }"


def hr(api: Api, op: str, name: str, input: dict[str, Any], cat: Catalogue) -> dict[str, Any]:
    return run(api, op, name, input, cat.tokens["hr_admin"])


def test_the_impact_previews_the_open_tasks_and_whether_a_replacement_is_needed(
    api: Api, cat: Catalogue
) -> None:
    impact = api.data(IMPACT, {"skill": cat.dup})["skillRetirementImpact"]  # a viewer may ask
    assert impact["skill"] == {"name": f"Kube Platform {cat.n}"}
    assert impact["needsReplacement"] is True
    assert [
        (n["task"]["title"], n["level"], n["mandatory"], n["plan"]["id"])
        for n in impact["openNeeds"]
    ] == [("Both", 4, True, cat.plan), ("Only dup", 3, False, cat.plan)]
    assert impact["plans"] == [{"id": cat.plan}]
    assert impact["blockingTasks"] == [{"title": "Both"}]
    spare = api.data(IMPACT, {"skill": cat.spare})["skillRetirementImpact"]
    assert (spare["needsReplacement"], spare["openNeeds"]) == (False, [])
    assert api.data(IMPACT, {"skill": "U2tpbGw6OTk5OTk5OTk5"})["skillRetirementImpact"] is None


def test_a_mandatory_need_refuses_until_a_replacement_takes_it_over(
    api: Api, cat: Catalogue
) -> None:
    refused = hr(api, RETIRE, "retireSkill", {"skillId": cat.dup}, cat)
    assert (refused["__typename"], refused["code"], refused["field"]) == (
        "ConflictError",
        "CONFLICT",
        "replacedById",
    )
    assert "'Both'" in refused["message"] and f"'Plan {cat.n}'" in refused["message"]
    version = api.data(PLAN_VERSION, {"id": cat.plan})["plan"]["version"]
    got = hr(api, RETIRE, "retireSkill", {"skillId": cat.dup, "replacedById": cat.kube}, cat)
    assert got["__typename"] == "RetireSkillSuccess", got
    assert got["skill"] == {"active": False, "replacedBy": {"name": f"Kubernetes {cat.n}"}}
    assert (got["movedRequirements"], got["mergedRequirements"]) == (1, 1)
    assert got["affectedPlans"] == [{"id": cat.plan}]
    assert api.data(PLAN_VERSION, {"id": cat.plan})["plan"]["version"] == version + 1
    moved = api.data(IMPACT, {"skill": cat.kube})["skillRetirementImpact"]
    assert [(n["task"]["title"], n["level"], n["mandatory"]) for n in moved["openNeeds"]] == [
        ("Both", 4, True),
        ("Only dup", 3, False),
    ]


def test_restore_undoes_a_retirement_and_create_points_to_it(api: Api, cat: Catalogue) -> None:
    assert hr(api, RETIRE, "retireSkill", {"skillId": cat.spare}, cat)["__typename"] == (
        "RetireSkillSuccess"
    )
    again = hr(api, CREATE, "createSkill", {"name": f"spare {cat.n}"}, cat)
    assert (again["__typename"], again["field"]) == ("ConflictError", "name")
    assert "restoreSkill" in again["message"]
    restored = hr(api, RESTORE, "restoreSkill", {"skillId": cat.spare}, cat)
    assert restored["skill"] == {"name": f"Spare {cat.n}", "active": True, "replacedBy": None}
    twice = hr(api, RESTORE, "restoreSkill", {"skillId": cat.spare}, cat)
    assert (twice["__typename"], twice["field"]) == ("ValidationError", "skillId")
    assert hr(api, MERGE, "mergeSkills", {"from": cat.helm, "into": cat.cloud}, cat)[
        "__typename"
    ] == ("MergeSkillsSuccess")
    merged = hr(api, RESTORE, "restoreSkill", {"skillId": cat.helm}, cat)
    assert (merged["__typename"], merged["code"]) == ("ConflictError", "CONFLICT")
    assert f"merged into 'Cloud {cat.n}'" in merged["message"]


def proficiencies(api: Api) -> set[tuple[int, int, int]]:
    with unit_of_work(api.sessions) as s:
        rows = s.execute(select(Proficiency.person_id, Proficiency.skill_id, Proficiency.level))
        return {(p, sk, level) for p, sk, level in rows}


def test_the_exported_matrix_imports_unchanged_after_merges_and_retirements(
    api: Api, cat: Catalogue
) -> None:
    assert hr(api, MERGE, "mergeSkills", {"from": cat.dup, "into": cat.kube}, cat)[
        "__typename"
    ] == ("MergeSkillsSuccess")
    retire = {"skillId": cat.kube, "replacedById": cat.cloud}
    assert hr(api, RETIRE, "retireSkill", retire, cat)["__typename"] == "RetireSkillSuccess"
    before = proficiencies(api)
    for shape in ("long", "wide"):
        with unit_of_work(api.sessions) as s:
            exported = export_matrix(s, shape=shape)  # type: ignore[arg-type]
        got = hr(api, IMPORT, "importSkillsMatrix", {"csv": exported}, cat)
        assert got["__typename"] == "ImportSkillsMatrixSuccess", got
        assert (got["created"], got["updated"]) == (0, 0)
        assert proficiencies(api) == before
