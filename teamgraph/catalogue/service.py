"""Keeping the skills catalogue: create, rename, alias and reparent skills, resolve names and
aliases, and the reads the API batches. Merging lives in `catalogue.merge`, retiring and
restoring in `catalogue.retire` (both move the requirements of tasks).

Terms (names and aliases) are matched case-insensitively with white space folded, through the
`skill_term` table whose unique key is that folded text.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from teamgraph.catalogue.models import Skill, SkillTerm
from teamgraph.errors import ConflictError, DomainError, NotFoundError
from teamgraph.inputs import clean_filter, clean_text
from teamgraph.pagination import Page, PageRequest, paginate
from teamgraph.rows import get_row

MAX_NAME_LENGTH = 120
MAX_CATEGORY_LENGTH = 80
MAX_DESCRIPTION_LENGTH = 5000
# Names a skill is found by, besides its own: enough for every spelling and abbreviation, and
# a bound on what one request may make the catalogue (and every import's term index) carry.
MAX_ALIASES_PER_SKILL = 50
_SPACES = re.compile(r"\s+")


def term_key(text: str) -> str:
    """The folded form under which a name or alias is unique: case and spacing ignored."""
    return _SPACES.sub(" ", text).strip().casefold()


def clean_name(text: str, *, field: str) -> str:
    """A name or alias with its spacing folded; refused when blank, too long (case-folded too:
    "ß" folds to "ss", and the folded key is stored) or holding control characters."""
    name = clean_text(text, field=field, max_length=MAX_NAME_LENGTH)
    if len(term_key(name)) > MAX_NAME_LENGTH:
        raise DomainError(
            f"must be at most {MAX_NAME_LENGTH} characters once case-folded", field=field
        )
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


def resolve_skill(session: Session, term: str, *, field: str) -> Skill:
    """The skill named `term` (a name or alias, any case); NOT_FOUND with close matches."""
    term = clean_filter(term, field=field, max_length=MAX_NAME_LENGTH)
    found = find_skill(session, term)
    if found is None:
        close = suggest(term, list(term_index(session)))
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise NotFoundError(f"no skill is named {term.strip()!r}{hint}", field=field)
    return found


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
        if other is not None and other.status != "active":
            raise ConflictError(
                f"{text!r} is a name or alias of the retired skill {other.name!r}: restore it "
                "(restoreSkill) to use it again",
                field=field,
            )
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
    if len(aliases) > MAX_ALIASES_PER_SKILL:
        raise DomainError(f"at most {MAX_ALIASES_PER_SKILL} aliases per skill", field="aliases")
    if parent_id is not None:
        require_active(get_skill(session, parent_id, field="parentId"), field="parentId")
    skill = Skill(
        name=name,
        category=clean_text(category, field="category", max_length=MAX_CATEGORY_LENGTH, blank=True),
        description=clean_text(
            description,
            field="description",
            max_length=MAX_DESCRIPTION_LENGTH,
            blank=True,
            multiline=True,
        ),
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
    skill = get_row(session, Skill, skill_id, field="skillId")
    alias = clean_name(alias, field="alias")
    held = session.scalar(
        select(func.count())
        .select_from(SkillTerm)
        .where(SkillTerm.skill_id == skill.id, SkillTerm.kind == "alias")
    )
    if (held or 0) >= MAX_ALIASES_PER_SKILL and find_skill(session, alias) is not skill:
        raise DomainError(
            f"{skill.name!r} already has {MAX_ALIASES_PER_SKILL} aliases, the most a skill may "
            "have",
            field="alias",
        )
    _claim_term(session, skill.id, alias, "alias", field="alias")
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


# --- reads (the API's queries and loaders: one statement per call) -----------------------------


def get_skill(session: Session, skill_id: int, *, field: str = "skillId") -> Skill:
    return get_row(session, Skill, skill_id, field=field)


def list_skills(
    session: Session,
    page: PageRequest,
    *,
    category: str | None = None,
    search: str | None = None,
    include_retired: bool = False,
    max_size: int = 100,
) -> Page[Skill]:
    """Skills by name (then id), one page. `search` is a case-insensitive substring of a name
    or an alias, so "k8s" finds Kubernetes and a merged skill's old name finds its target."""
    stmt: Any = select(Skill)
    if not include_retired:
        stmt = stmt.where(Skill.status == "active")
    if category is not None:
        category = clean_filter(category, field="category", max_length=MAX_CATEGORY_LENGTH)
        stmt = stmt.where(func.lower(Skill.category) == category.lower())
    folded = term_key(clean_filter(search or "", field="search", max_length=MAX_NAME_LENGTH))
    if folded:
        terms = select(SkillTerm.skill_id).where(
            SkillTerm.term_key.contains(folded, autoescape=True)
        )
        stmt = stmt.where(
            or_(Skill.id.in_(terms), func.lower(Skill.name).contains(folded, autoescape=True))
        )
    return paginate(session, stmt, (Skill.name, Skill.id), page, max_size=max_size)


def root_skills(session: Session) -> list[Skill]:
    """The tops of the taxonomy: active skills without a parent, by name."""
    stmt = select(Skill).where(Skill.status == "active", Skill.parent_id.is_(None))
    return list(session.scalars(stmt.order_by(Skill.name, Skill.id)))


def categories(session: Session) -> list[tuple[str, int]]:
    """Each category of an active skill with its number of active skills, by name."""
    rows = session.execute(
        select(Skill.category, func.count())
        .where(Skill.status == "active")
        .group_by(Skill.category)
        .order_by(Skill.category)
    )
    return [(name, count) for name, count in rows]


def children_by_parent_id(session: Session, ids: Iterable[int]) -> dict[int, list[Skill]]:
    """The active children of each skill, by name."""
    found: dict[int, list[Skill]] = defaultdict(list)
    stmt = select(Skill).where(Skill.parent_id.in_(set(ids)), Skill.status == "active")
    for skill in session.scalars(stmt.order_by(Skill.name, Skill.id)):
        if skill.parent_id is not None:
            found[skill.parent_id].append(skill)
    return found


def aliases_by_skill_id(session: Session, ids: Iterable[int]) -> dict[int, list[str]]:
    """Each skill's aliases (not its name), alphabetically."""
    found: dict[int, list[str]] = defaultdict(list)
    stmt = select(SkillTerm.skill_id, SkillTerm.term).where(
        SkillTerm.skill_id.in_(set(ids)), SkillTerm.kind == "alias"
    )
    for skill_id, term in session.execute(stmt.order_by(SkillTerm.term_key)):
        found[skill_id].append(term)
    return found


# --- keeping the taxonomy ----------------------------------------------------------------------


def require_active(skill: Skill, *, field: str) -> Skill:
    if skill.status != "active":
        raise DomainError(f"skill {skill.name!r} is retired", field=field)
    return skill


def _parents(session: Session) -> dict[int, int | None]:
    """Every skill's parent: one query, so cycle checks never walk the tree row by row."""
    return {sid: parent for sid, parent in session.execute(select(Skill.id, Skill.parent_id))}


def is_under(parents: dict[int, int | None], skill_id: int, ancestor_id: int) -> bool:
    """Whether `skill_id` is `ancestor_id` itself or somewhere below it."""
    seen: set[int] = set()
    current: int | None = skill_id
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def rename_skill(session: Session, *, skill_id: int, name: str) -> Skill:
    """A new name; the old one stays an alias, so old files and searches still resolve. The new
    name may be one of the skill's aliases (they trade places) or the old one respelled."""
    skill = require_active(get_skill(session, skill_id), field="skillId")
    new, new_key = clean_name(name, field="name"), term_key(name)
    owner = session.scalar(select(SkillTerm).where(SkillTerm.term_key == new_key))
    if owner is not None and owner.skill_id != skill.id:
        raise ConflictError(f"{new!r} is already a name or alias of another skill", field="name")
    current = session.scalar(
        select(SkillTerm).where(SkillTerm.skill_id == skill.id, SkillTerm.kind == "name")
    )
    if owner is not None and owner is current:
        owner.term = new  # the same name, spelled differently: nothing to keep as an alias
    else:
        if current is not None:
            current.kind = "alias"
            session.flush()  # one name row per skill: demote the old before naming the new
        if owner is None:
            session.add(SkillTerm(skill_id=skill.id, term=new, term_key=new_key, kind="name"))
        else:
            owner.kind, owner.term = "name", new
    skill.name = new
    session.flush()
    return skill


def reparent_skill(session: Session, *, skill_id: int, parent_id: int | None) -> Skill:
    """Move a skill (with everything under it) below another, or to the top when None;
    refuses a move that would put a skill under itself."""
    skill = get_skill(session, skill_id)
    if parent_id is not None:
        parent = require_active(get_skill(session, parent_id, field="parentId"), field="parentId")
        if is_under(_parents(session), parent.id, skill.id):
            raise DomainError(
                f"{parent.name!r} is {skill.name!r} or below it: that would make a cycle",
                field="parentId",
            )
    skill.parent_id = parent_id
    session.flush()
    return skill


def adopt_children(session: Session, *, skill: Skill, heir_id: int | None) -> None:
    """Hand a leaving skill's children to `heir_id` (None: to the leaving skill's parent). A
    child that is the heir or above it takes the leaving skill's place instead, so no cycle."""
    parents = _parents(session)
    children = session.scalars(select(Skill).where(Skill.parent_id == skill.id))
    for child in children:
        under = heir_id is not None and is_under(parents, heir_id, child.id)
        child.parent_id = skill.parent_id if heir_id is None or under else heir_id
    session.flush()
