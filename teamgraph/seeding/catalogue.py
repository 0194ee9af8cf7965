"""The default skills catalogue from `seeds/catalogue/skills.csv`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from teamgraph.catalogue.service import add_alias, create_skill, term_index, term_key
from teamgraph.errors import DomainError
from teamgraph.seeding.files import read_csv, seeds_dir


def load_catalogue(session: Session, path: Path | None = None) -> int:
    """Add the catalogue's skills and aliases that the store lacks; returns how many skills."""
    path = path or seeds_dir() / "catalogue" / "skills.csv"
    terms = term_index(session)
    added = 0
    for line, row in enumerate(read_csv(path), start=2):
        name = row.get("name", "")
        parent_id: int | None = None
        if row.get("parent"):
            parent_id = terms.get(term_key(row["parent"]))
            if parent_id is None:
                raise DomainError(
                    f"{path.name} line {line}: parent {row['parent']!r} is not an earlier skill",
                    field="parent",
                )
        aliases = [a.strip() for a in row.get("aliases", "").split(";") if a.strip()]
        skill_id = terms.get(term_key(name))
        if skill_id is None:
            skill = create_skill(
                session,
                name=name,
                category=row.get("category", ""),
                description=row.get("description", ""),
                parent_id=parent_id,
                aliases=aliases,
            )
            added += 1
            skill_id = skill.id
            terms[term_key(name)] = skill_id
            terms.update({term_key(a): skill_id for a in aliases})
            continue
        for alias in aliases:
            if term_key(alias) not in terms:
                add_alias(session, skill_id=skill_id, alias=alias)
                terms[term_key(alias)] = skill_id
    return added
