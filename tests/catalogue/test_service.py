"""The catalogue's own rules: unique names and aliases in any case or spacing, aliases that
resolve to their skill, renames that keep the old name, a tree without cycles, and retired
skills that nothing new may use."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from teamgraph.catalogue import retire, service
from teamgraph.errors import ConflictError, DomainError, NotFoundError
from teamgraph.people.service import set_proficiency
from tests import factories


def test_a_name_or_alias_taken_in_any_case_or_spacing_is_a_conflict(session: Session) -> None:
    factories.skill(session, "Kubernetes Ops", aliases=["k8s"])
    for name, aliases, field in (
        ("kubernetes   OPS", (), "name"),
        ("K8S", (), "name"),
        ("Helm", ("helm charts", " Kubernetes ops "), "aliases[1]"),
    ):
        with pytest.raises(ConflictError) as clash, session.begin_nested():
            service.create_skill(session, name=name, aliases=aliases)
        assert clash.value.field == field, name
    with pytest.raises(ConflictError) as alias:
        service.add_alias(session, skill_id=factories.skill(session).id, alias="k8S")
    assert alias.value.field == "alias"


def test_names_are_trimmed_and_must_not_be_blank_or_too_long(session: Session) -> None:
    assert factories.skill(session, "  Argo \t CD ").name == "Argo CD"
    for name in ("   ", "x" * (service.MAX_NAME_LENGTH + 1)):
        with pytest.raises(DomainError) as bad, session.begin_nested():
            service.create_skill(session, name=name)
        assert bad.value.field == "name"


def test_aliases_resolve_to_their_skill_in_any_case(session: Session) -> None:
    skill = factories.skill(session, "PostgreSQL", aliases=["Postgres", "pg"])
    for term in ("postgresql", "POSTGRES", "  Pg ", "postgres"):
        assert service.find_skill(session, term) is skill, term
        assert service.resolve_skill(session, term, field="skill") is skill
    assert service.find_skill(session, "MySQL") is None
    assert service.aliases_of(session, skill.id) == ["pg", "Postgres"]


def test_an_unknown_name_is_not_found_with_close_matches(session: Session) -> None:
    factories.skill(session, "Negotiation")
    with pytest.raises(NotFoundError) as missing:
        service.resolve_skill(session, "Negotiaton", field="skill")
    assert missing.value.field == "skill"
    assert "did you mean negotiation?" in str(missing.value)


def test_a_rename_keeps_the_old_name_as_an_alias(session: Session) -> None:
    skill = factories.skill(session, "Kubernetes", aliases=["k8s"])
    service.rename_skill(session, skill_id=skill.id, name="K8s Platform")
    assert skill.name == "K8s Platform"
    assert service.find_skill(session, "kubernetes") is skill
    assert set(service.aliases_of(session, skill.id)) == {"k8s", "Kubernetes"}
    other = factories.skill(session, "Docker")
    with pytest.raises(ConflictError) as taken:
        service.rename_skill(session, skill_id=other.id, name="KUBERNETES")
    assert taken.value.field == "name"
    assert other.name == "Docker"


def test_reparenting_refuses_a_cycle(session: Session) -> None:
    cloud = factories.skill(session)
    kube = factories.skill(session, parent_id=cloud.id)
    helm = factories.skill(session, parent_id=kube.id)
    for parent in (helm, cloud):
        with pytest.raises(DomainError) as cycle, session.begin_nested():
            service.reparent_skill(session, skill_id=cloud.id, parent_id=parent.id)
        assert cycle.value.field == "parentId"
    assert cloud.parent_id is None
    service.reparent_skill(session, skill_id=helm.id, parent_id=cloud.id)
    assert helm.parent_id == cloud.id


def test_retiring_hands_the_children_to_the_replacement(session: Session) -> None:
    old = factories.skill(session)
    child = factories.skill(session, parent_id=old.id)
    new = factories.skill(session)
    retire.retire_skill(session, skill_id=old.id, replaced_by_id=new.id)
    assert (old.status, old.replaced_by_id) == ("retired", new.id)
    assert child.parent_id == new.id
    with pytest.raises(DomainError) as itself:
        retire.retire_skill(session, skill_id=new.id, replaced_by_id=new.id)
    assert itself.value.field == "replacedById"


def test_a_retired_skill_cannot_be_given_to_a_person_nor_used_again(session: Session) -> None:
    person = factories.person(session)
    retired = factories.skill(session, "Perl")
    active = factories.skill(session)
    retire.retire_skill(session, skill_id=retired.id)
    with pytest.raises(DomainError) as given:
        set_proficiency(session, person_id=person.id, skill_id=retired.id, level=3)
    assert given.value.field == "skillId"
    assert "'Perl' is retired" in str(given.value)
    for use, field in (
        (lambda: service.create_skill(session, name="Raku", parent_id=retired.id), "parentId"),
        (lambda: service.rename_skill(session, skill_id=retired.id, name="Perl 5"), "skillId"),
        (lambda: retire.retire_skill(session, skill_id=retired.id), "skillId"),
        (
            lambda: retire.retire_skill(session, skill_id=active.id, replaced_by_id=retired.id),
            "replacedById",
        ),
    ):
        with pytest.raises(DomainError) as refused, session.begin_nested():
            use()
        assert refused.value.field == field
    assert active.status == "active"
