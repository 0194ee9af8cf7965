"""Keeping the skills catalogue: create, alias, and resolve names and aliases.

Terms (names and aliases) are matched case-insensitively with white space folded, through the
`skill_term` table whose unique key is that folded text.
"""

from __future__ import annotations

import difflib
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.catalogue.models import Skill, SkillTerm
from teamgraph.errors import ConflictError, DomainError, NotFoundError

MAX_NAME_LENGTH = 120
_SPACES = re.compile(r"\s+")


def term_key(text: str) -> str:
    """The folded form under which a name or alias is unique: case and spacing ignored."""
    return _SPACES.sub(" ", text).strip().casefold()


def clean_name(text: str, *, field: str) -> str:
    name = _SPACES.sub(" ", text or "").strip()
    if not name:
        raise DomainError("must not be blank", field=field)
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError(f"must be at most {MAX_NAME_LENGTH} characters", field=field)
    return name


def term_index(session: Session) -> dict[str, int]:
    """Every name and alias, folded, to its skill id: one query, for bulk resolution."""
    return {
        key: skill_id
        for key, skill_id in session.execute(select(SkillTerm.term_key, SkillTerm.skill_id))
    }


def find_skill(session: Session, term: str) -> Skill | None:
    """The skill whose name or alias is `term` (any case), or None."""
    skill_id = session.scalar(
        select(SkillTerm.skill_id).where(SkillTerm.term_key == term_key(term))
    )
    return None if skill_id is None else session.get(Skill, skill_id)


def suggest(term: str, known: list[str], *, limit: int = 3) -> list[str]:
    """Close matches for a term nobody knows, to put in an error message."""
    return difflib.get_close_matches(term_key(term), known, n=limit, cutoff=0.75)


def _claim_term(session: Session, skill_id: int, text: str, kind: str, *, field: str) -> None:
    key = term_key(text)
    owner = session.scalar(select(SkillTerm.skill_id).where(SkillTerm.term_key == key))
    if owner is not None:
        if owner == skill_id:
            return
        other = session.get(Skill, owner)
        raise ConflictError(
            f"{text!r} is already a name or alias of skill {other.name if other else owner!r}",
            field=field,
        )
    session.add(SkillTerm(skill_id=skill_id, term=text, term_key=key, kind=kind))


def create_skill(
    session: Session,
    *,
    name: str,
    category: str = "",
    description: str = "",
    parent_id: int | None = None,
    aliases: tuple[str, ...] | list[str] = (),
) -> Skill:
    name = clean_name(name, field="name")
    if parent_id is not None and session.get(Skill, parent_id) is None:
        raise NotFoundError(f"no skill with id {parent_id}", field="parentId")
    skill = Skill(
        name=name,
        category=category.strip(),
        description=description.strip(),
        parent_id=parent_id,
        status="active",
    )
    session.add(skill)
    session.flush()
    _claim_term(session, skill.id, name, "name", field="name")
    for i, alias in enumerate(aliases):
        _claim_term(
            session,
            skill.id,
            clean_name(alias, field=f"aliases[{i}]"),
            "alias",
            field=f"aliases[{i}]",
        )
    session.flush()
    return skill


def add_alias(session: Session, *, skill_id: int, alias: str) -> Skill:
    skill = session.get(Skill, skill_id)
    if skill is None:
        raise NotFoundError(f"no skill with id {skill_id}", field="skillId")
    _claim_term(session, skill.id, clean_name(alias, field="alias"), "alias", field="alias")
    session.flush()
    return skill


def aliases_of(session: Session, skill_id: int) -> list[str]:
    return list(
        session.scalars(
            select(SkillTerm.term)
            .where(SkillTerm.skill_id == skill_id, SkillTerm.kind == "alias")
            .order_by(SkillTerm.term_key)
        )
    )
