"""The skills catalogue through HTTP: skills, the tree and categories, every HR mutation (merge
moves proficiencies and requirements and names the plans it touched), the SQL cost of a nested
query, and the HR front-end's published operations. Roles and typed errors are in
test_catalogue_roles_and_errors_api.py."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import select

from teamgraph.catalogue.models import Skill as SkillRow
from teamgraph.db import unit_of_work
from teamgraph.people.models import Proficiency
from teamgraph.people.service import set_proficiency
from teamgraph.plans.models import TaskSkill
from tests import factories
from tests.api.graphql import (
    Api,
    counting,
    mutation,
    operation_names,
    run,
)
from tests.api.worlds import Catalogue

_serial = itertools.count(1)


def hr(api: Api, op: str, name: str, input: dict[str, Any], cat: Catalogue) -> dict[str, Any]:
    return run(api, op, name, input, cat.tokens["hr_admin"])


# --- queries ------------------------------------------------------------------------------------

SKILLS = """
query($f: SkillFilter, $first: Int, $after: String) {
  skills(filter: $f, first: $first, after: $after) {
    totalCount
    edges { cursor node { id name category active aliases holderCount parent { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def names(connection: dict[str, Any]) -> list[str]:
    return [e["node"]["name"] for e in connection["edges"]]


def test_skills_of_a_category_by_name_with_their_relations(api: Api, cat: Catalogue) -> None:
    found = api.data(SKILLS, {"f": {"category": cat.category.upper()}, "first": 50})["skills"]
    n = cat.n
    want = ["Cloud", "Helm", "Kube Platform", "Kubernetes", "Spare"]
    assert names(found) == [f"{name} {n}" for name in want]
    kube = next(e["node"] for e in found["edges"] if e["node"]["name"] == f"Kubernetes {n}")
    assert kube["aliases"] == [f"k8s-{n}"] and kube["parent"] == {"name": f"Cloud {n}"}
    assert kube["holderCount"] == 1 and kube["active"] is True


def test_search_matches_names_and_aliases_in_any_case(api: Api, cat: Catalogue) -> None:
    def search(text: str) -> list[str]:
        return names(api.data(SKILLS, {"f": {"search": text}, "first": 50})["skills"])

    assert search(f"K8S-{cat.n}") == [f"Kubernetes {cat.n}"]
    assert search(f"kubernetes {cat.n}") == [f"Kubernetes {cat.n}"]
    assert search(f"KP-{cat.n}") == [f"Kube Platform {cat.n}"]
    assert search(f"ube platform {cat.n}") == [f"Kube Platform {cat.n}"]
    assert search(f"no such skill {cat.n}") == []
    assert search("%") == []  # a wildcard is a character, not a pattern


def test_skills_pages_are_stable_and_complete(api: Api, cat: Catalogue) -> None:
    f = {"category": cat.category}
    seen: list[str] = []
    after = None
    while True:
        page = api.data(SKILLS, {"f": f, "first": 2, "after": after})["skills"]
        assert page["totalCount"] == 5
        seen += names(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    everything = names(api.data(SKILLS, {"f": f, "first": 50})["skills"])
    assert seen == everything and len(seen) == 5


def test_retired_skills_only_when_asked(api: Api, cat: Catalogue) -> None:
    with unit_of_work(api.sessions) as s:
        row = s.get(SkillRow, cat.pks["dup"])
        assert row is not None
        row.status = "retired"
    active = names(api.data(SKILLS, {"f": {"category": cat.category}})["skills"])
    every = api.data(SKILLS, {"f": {"category": cat.category, "includeRetired": True}})["skills"]
    assert f"Kube Platform {cat.n}" not in active
    assert f"Kube Platform {cat.n}" in names(every)


TREE = """
{ skillTree { name children { name children { name children { name } } } } }
"""


def test_skill_tree_nests_children(api: Api, cat: Catalogue) -> None:
    roots = {r["name"]: r for r in api.data(TREE)["skillTree"]}
    n = cat.n
    assert f"Kubernetes {n}" not in roots and f"Spare {n}" in roots
    assert roots[f"Cloud {n}"]["children"] == [
        {"name": f"Kubernetes {n}", "children": [{"name": f"Helm {n}", "children": []}]}
    ]


def test_skill_categories_count_active_skills(api: Api, cat: Catalogue) -> None:
    found = api.data("{ skillCategories { name skillCount } }")["skillCategories"]
    assert {"name": cat.category, "skillCount": 5} in found
    assert [c["name"] for c in found] == sorted(c["name"] for c in found)


def test_skill_is_a_node(api: Api, cat: Catalogue) -> None:
    query = """query($id: ID!) { node(id: $id) { __typename ... on Skill {
      name children { name } replacedBy { name } } } }"""
    node = api.data(query, {"id": cat.kube})["node"]
    assert node == {
        "__typename": "Skill",
        "name": f"Kubernetes {cat.n}",
        "children": [{"name": f"Helm {cat.n}"}],
        "replacedBy": None,
    }


# --- mutations: the success path end to end ------------------------------------------------------

SKILL = "skill { id name category description active aliases parent { name } replacedBy { name } }"


def op(name: str, input_type: str, success: str, fields: str = SKILL) -> str:
    return mutation(name, input_type, success, fields)


def test_create_skill_under_a_parent_with_aliases(api: Api, cat: Catalogue) -> None:
    got = hr(
        api,
        op("createSkill", "CreateSkillInput", "CreateSkillSuccess"),
        "createSkill",
        {
            "name": f"  Argo   CD {cat.n} ",
            "category": cat.category,
            "description": "GitOps",
            "parentId": cat.kube,
            "aliases": [f"argo-{cat.n}", f"ArgoCD {cat.n}"],
        },
        cat,
    )
    assert got["__typename"] == "CreateSkillSuccess", got
    skill = got["skill"]
    assert skill["name"] == f"Argo CD {cat.n}" and skill["parent"] == {
        "name": f"Kubernetes {cat.n}"
    }
    assert sorted(skill["aliases"]) == sorted([f"argo-{cat.n}", f"ArgoCD {cat.n}"])


def test_rename_keeps_the_old_name_as_an_alias(api: Api, cat: Catalogue) -> None:
    rename = op("renameSkill", "RenameSkillInput", "RenameSkillSuccess")
    got = hr(api, rename, "renameSkill", {"skillId": cat.kube, "name": f"K8s {cat.n}"}, cat)
    assert got["skill"]["name"] == f"K8s {cat.n}"
    assert set(got["skill"]["aliases"]) == {f"Kubernetes {cat.n}", f"k8s-{cat.n}"}
    # An alias may become the name (they trade places); a respelling keeps no alias.
    back = hr(api, rename, "renameSkill", {"skillId": cat.kube, "name": f"k8s-{cat.n}"}, cat)
    assert set(back["skill"]["aliases"]) == {f"Kubernetes {cat.n}", f"K8s {cat.n}"}
    spelled = hr(api, rename, "renameSkill", {"skillId": cat.kube, "name": f"K8S-{cat.n}"}, cat)
    assert spelled["skill"]["name"] == f"K8S-{cat.n}"
    assert set(spelled["skill"]["aliases"]) == {f"Kubernetes {cat.n}", f"K8s {cat.n}"}
    found = api.data(SKILLS, {"f": {"search": f"Kubernetes {cat.n}"}})["skills"]
    assert names(found) == [f"K8S-{cat.n}"]


def test_reparent_moves_a_skill_and_its_subtree(api: Api, cat: Catalogue) -> None:
    reparent = op("reparentSkill", "ReparentSkillInput", "ReparentSkillSuccess")
    got = hr(api, reparent, "reparentSkill", {"skillId": cat.kube, "parentId": cat.spare}, cat)
    assert got["skill"]["parent"] == {"name": f"Spare {cat.n}"}
    top = hr(api, reparent, "reparentSkill", {"skillId": cat.kube, "parentId": None}, cat)
    assert top["skill"]["parent"] is None
    roots = {r["name"]: r for r in api.data(TREE)["skillTree"]}
    assert roots[f"Kubernetes {cat.n}"]["children"][0]["name"] == f"Helm {cat.n}"


def test_add_alias_then_find_by_it(api: Api, cat: Catalogue) -> None:
    add = op("addSkillAlias", "AddSkillAliasInput", "AddSkillAliasSuccess")
    got = hr(api, add, "addSkillAlias", {"skillId": cat.helm, "alias": f"Helm Charts {cat.n}"}, cat)
    assert got["skill"]["aliases"] == [f"Helm Charts {cat.n}"]
    assert names(api.data(SKILLS, {"f": {"search": f"charts {cat.n}"}})["skills"]) == [
        f"Helm {cat.n}"
    ]


def test_retire_names_a_replacement_and_hands_it_the_children(api: Api, cat: Catalogue) -> None:
    retire = op("retireSkill", "RetireSkillInput", "RetireSkillSuccess")
    got = hr(api, retire, "retireSkill", {"skillId": cat.kube, "replacedById": cat.dup}, cat)
    assert got["__typename"] == "RetireSkillSuccess", got
    assert got["skill"]["active"] is False
    assert got["skill"]["replacedBy"] == {"name": f"Kube Platform {cat.n}"}
    query = "query($id: ID!) { node(id: $id) { ... on Skill { parent { name } } } }"
    assert api.data(query, {"id": cat.helm})["node"]["parent"] == {"name": f"Kube Platform {cat.n}"}
    plain = hr(api, retire, "retireSkill", {"skillId": cat.spare}, cat)
    assert plain["skill"]["active"] is False and plain["skill"]["replacedBy"] is None


PLAN_HISTORY = """
query($id: ID!) { plan(id: $id) { history(last: 10) { edges { node { entity action } } } } }
"""
MERGE_FIELDS = """
skill { name aliases holderCount }
retired { name active replacedBy { name } }
movedProficiencies mergedProficiencies movedRequirements mergedRequirements
affectedPlans { id name }
"""


def test_merge_moves_proficiencies_and_requirements_and_reports_plans(
    api: Api, cat: Catalogue
) -> None:
    merge = op("mergeSkills", "MergeSkillsInput", "MergeSkillsSuccess", MERGE_FIELDS)
    got = hr(api, merge, "mergeSkills", {"from": cat.dup, "into": cat.kube}, cat)
    assert got["__typename"] == "MergeSkillsSuccess", got
    n = cat.n
    assert got["skill"]["name"] == f"Kubernetes {n}"
    assert set(got["skill"]["aliases"]) == {f"k8s-{n}", f"Kube Platform {n}", f"kp-{n}"}
    assert got["skill"]["holderCount"] == 2
    assert got["retired"] == {
        "name": f"Kube Platform {n}",
        "active": False,
        "replacedBy": {"name": f"Kubernetes {n}"},
    }
    assert (got["movedProficiencies"], got["mergedProficiencies"]) == (1, 1)
    assert (got["movedRequirements"], got["mergedRequirements"]) == (1, 1)
    assert got["affectedPlans"] == [{"id": cat.plan, "name": f"Plan {n}"}]
    with unit_of_work(api.sessions) as s:
        levels = {
            (p.person_id, p.skill_id): p.level
            for p in s.scalars(
                select(Proficiency).where(
                    Proficiency.person_id.in_((cat.pks["ann"], cat.pks["bob"]))
                )
            )
        }
        needs = {
            (t.task_id, t.skill_id): (t.level, t.mandatory, t.weight)
            for t in s.scalars(
                select(TaskSkill).where(
                    TaskSkill.task_id.in_((cat.pks["both"], cat.pks["only_dup"]))
                )
            )
        }
    kube, ann, bob = cat.pks["kube"], cat.pks["ann"], cat.pks["bob"]
    assert levels == {(ann, kube): 5, (bob, kube): 3}  # Ann held both: the higher level
    assert needs == {
        (cat.pks["both"], kube): (4, True, 2.0),  # the stricter of both needs
        (cat.pks["only_dup"], kube): (3, False, 1.0),
    }
    # The old name now finds the skill kept, in searches and in imports.
    assert names(api.data(SKILLS, {"f": {"search": f"kp-{n}"}})["skills"]) == [f"Kubernetes {n}"]
    history = api.data(PLAN_HISTORY, {"id": cat.plan})["plan"]["history"]["edges"]
    changes = {(e["node"]["entity"], e["node"]["action"]) for e in history}
    assert {("task_skill", "DELETE"), ("task_skill", "UPDATE")} <= changes


def test_merging_a_parent_into_its_child_keeps_the_tree_acyclic(api: Api, cat: Catalogue) -> None:
    merge = op("mergeSkills", "MergeSkillsInput", "MergeSkillsSuccess", MERGE_FIELDS)
    got = hr(api, merge, "mergeSkills", {"from": cat.cloud, "into": cat.helm}, cat)
    assert got["__typename"] == "MergeSkillsSuccess", got
    roots = {r["name"]: r for r in api.data(TREE)["skillTree"]}
    assert roots[f"Kubernetes {cat.n}"]["children"] == [{"name": f"Helm {cat.n}", "children": []}]


# --- the SQL cost of a nested query -------------------------------------------------------------

NESTED = """
query($f: SkillFilter) { skills(filter: $f, first: 100) { edges { node {
  name aliases holderCount parent { name aliases } replacedBy { name }
  children { name aliases holderCount children { name } }
} } } }
"""


def test_nested_skills_query_costs_a_fixed_number_of_statements(api: Api) -> None:
    counts = []
    for size in (1, 6):
        category = f"Sized {next(_serial)}"
        with unit_of_work(api.sessions) as s:
            people = [factories.person(s) for _ in range(3)]
            for i in range(size):
                top = factories.skill(s, category=category, aliases=[f"{category} a{i}"])
                for _ in range(3):
                    child = factories.skill(s, category=category, parent_id=top.id)
                    for p in people[: 1 + i % 3]:
                        set_proficiency(s, person_id=p.id, skill_id=child.id, level=3)
        with counting(api) as statements:
            data = api.data(NESTED, {"f": {"category": category}})
        assert len(data["skills"]["edges"]) == size * 4
        counts.append(len(statements))
    assert counts[0] == counts[1] and counts[1] <= 12, counts


# --- the published operations of an HR front-end ------------------------------------------------


def test_published_operations_run_end_to_end(api: Api, cat: Catalogue) -> None:
    assert operation_names("maintain-catalogue") == [
        "SearchSkills",
        "SkillTree",
        "MergeSkills",
        "SkillRetirementImpact",
        "RetireSkill",
        "RestoreSkill",
        "ImportSkillsMatrix",
        "SetProficiency",
    ]
    with unit_of_work(api.sessions) as s:
        email = factories.person(s, name=f"Hera {cat.n}").email
    token = api.token("hr_admin", email)

    def send(name: str, variables: dict[str, Any]) -> Any:
        return api.published("maintain-catalogue", name, variables, as_token=token)

    found = send("SearchSkills", {"search": f"k8s-{cat.n}"})["skills"]
    assert [e["node"]["name"] for e in found["edges"]] == [f"Kubernetes {cat.n}"]
    merged = send("MergeSkills", {"input": {"from": cat.dup, "into": cat.kube}})["mergeSkills"]
    assert merged["__typename"] == "MergeSkillsSuccess"
    assert [p["name"] for p in merged["affectedPlans"]] == [f"Plan {cat.n}"]
    emails = api.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { email } } }",
        {"ids": [cat.ann, cat.bob]},
        role="hr_admin",
    )["nodes"]
    ann, bob = (p["email"] for p in emails)
    csv_text = f"person,skill,level\n{ann},kp-{cat.n},4\n{bob},Helm {cat.n},2\n"
    counts = {
        "__typename": "ImportSkillsMatrixSuccess",
        "entries": 2,
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "people": 2,
    }
    checked = send("ImportSkillsMatrix", {"input": {"csv": csv_text, "dryRun": True}})
    assert checked["importSkillsMatrix"] == {**counts, "dryRun": True}
    imported = send("ImportSkillsMatrix", {"input": {"csv": csv_text}})["importSkillsMatrix"]
    assert imported == {**counts, "dryRun": False}
    rejected = send("ImportSkillsMatrix", {"input": {"csv": "person,skill,level\nx@y.z,Nope,9\n"}})
    assert rejected["importSkillsMatrix"]["__typename"] == "ValidationError"
    set_level = send(
        "SetProficiency",
        {"input": {"personId": cat.bob, "skillId": cat.kube, "level": 4, "verified": True}},
    )["setProficiency"]
    assert set_level["__typename"] == "SetProficiencySuccess"
    proficiency = set_level["proficiency"]
    assert proficiency["verified"] is True and proficiency["level"] == 4
    assert proficiency["person"]["proficiencies"][0] == {
        "level": 4,
        "skill": {"id": cat.kube, "name": f"Kubernetes {cat.n}"},
    }
    impact = send("SkillRetirementImpact", {"skill": cat.kube})["skillRetirementImpact"]
    assert impact["needsReplacement"] and impact["blockingTasks"][0]["title"] == "Both"
    retired = send("RetireSkill", {"input": {"skillId": cat.kube, "replacedById": cat.spare}})
    assert retired["retireSkill"]["movedRequirements"] == 2
    restored = send("RestoreSkill", {"input": {"skillId": cat.kube}})["restoreSkill"]
    assert restored["skill"]["active"] is True
