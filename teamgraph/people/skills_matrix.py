"""HR's skills matrix as CSV, in and out, in the two shapes HR keeps.

- long: one row per (person, skill): columns `person,skill,level` (person is the email);
- wide: one row per person, one column per skill, a level (or nothing) in each cell.

The delimiter (comma, semicolon, tab) is the one that makes the header start with `person` or
`email` (else it is sniffed) and a UTF-8 byte-order mark is accepted, since these files come out
of spreadsheets. An import is all or nothing: every bad row is reported with its line number and
reason, and if there is any, nothing is written.

The matrix holds the skills in use: an export leaves out retired skills (the levels people had
stay on them, as history, but an import may give a retired skill no holder; a name of a
retired skill with a replacement resolves to the replacement). So an export imported again,
into the same store or into a copy of its catalogue and people, changes nothing, whatever was
merged or retired.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session
from tqdm import tqdm

from teamgraph.catalogue.models import Skill, SkillStatus
from teamgraph.catalogue.service import suggest, term_index, term_key
from teamgraph.errors import DomainError, ImportRejected, RowError
from teamgraph.people.models import Person, Proficiency
from teamgraph.people.spreadsheets import read_rows

Shape = Literal["auto", "long", "wide"]
PERSON_COLUMNS = ("person", "email")
LONG_COLUMNS = {"skill", "level"}
# Imports of more rows than this show a progress bar (when it takes more than a second).
PROGRESS_DELAY_SECONDS = 1.0


@dataclass(frozen=True)
class Entry:
    line: int
    person_id: int
    skill_id: int
    level: int


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    created: int
    updated: int
    unchanged: int
    people: int


def detect_shape(header: list[str]) -> Literal["long", "wide"]:
    folded = {h.casefold() for h in header}
    if folded >= LONG_COLUMNS and folded & set(PERSON_COLUMNS):
        return "long"
    if header and header[0].casefold() in PERSON_COLUMNS:
        return "wide"
    raise DomainError(
        "the header must be `person,skill,level` (long) or `person,<skill>,<skill>...` (wide)",
        field="header",
    )


def _parse_level(raw: str) -> int | None:
    raw = raw.strip()
    try:
        value = float(raw)
    except ValueError:
        return None
    return int(value) if value.is_integer() and 1 <= value <= 5 else None


class _Resolver:
    """Resolves emails and skill names or aliases, one query each for the whole file."""

    def __init__(self, session: Session) -> None:
        self.people = {
            email: pid for email, pid in session.execute(select(Person.email, Person.id))
        }
        self.terms = term_index(session)
        skills = session.execute(select(Skill.id, Skill.name, Skill.status, Skill.replaced_by_id))
        self.skills = {row.id: row for row in skills}

    def person(self, raw: str) -> tuple[int | None, str]:
        email = raw.strip().lower()
        if not email:
            return None, "is empty"
        pid = self.people.get(email)
        return (pid, "") if pid is not None else (None, f"no person with email {raw.strip()!r}")

    def skill(self, raw: str) -> tuple[int | None, str]:
        if not raw.strip():
            return None, "is empty"
        sid = self.terms.get(term_key(raw))
        if sid is None:
            close = suggest(raw, list(self.terms))
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            return None, f"unknown skill {raw.strip()!r}{hint}"
        seen: set[int] = set()
        while self.skills[sid].status == "retired":
            replacement = self.skills[sid].replaced_by_id
            if replacement is None or replacement in seen:
                return None, f"skill {self.skills[sid].name!r} is retired"
            seen.add(sid)
            sid = replacement
        return sid, ""


def parse_matrix(session: Session, text: str, *, shape: Shape = "auto") -> list[Entry]:
    """Every entry of the file, resolved; raises ImportRejected listing every bad row."""
    header, rows = read_rows(text, first_columns=PERSON_COLUMNS)
    actual = detect_shape(header) if shape == "auto" else shape
    resolve = _Resolver(session)
    errors: list[RowError] = []
    entries: list[Entry] = []
    seen: dict[tuple[int, int], int] = {}

    def accept(line: int, pid: int, sid: int, level: int, skill_label: str) -> None:
        first = seen.get((pid, sid))
        if first is not None:
            errors.append(RowError(line, "skill", f"{skill_label!r} already given on line {first}"))
            return
        seen[(pid, sid)] = line
        entries.append(Entry(line, pid, sid, level))

    if actual == "long":
        index = {h.casefold(): i for i, h in enumerate(header)}
        person_col = index.get("person", index.get("email"))
        if person_col is None or not set(index) >= LONG_COLUMNS:
            raise DomainError(
                "a long matrix needs the columns person, skill, level", field="header"
            )
        skill_col, level_col = index["skill"], index["level"]
        for line, record in rows:
            cells = record + [""] * (len(header) - len(record))
            pid, why_p = resolve.person(cells[person_col])
            sid, why_s = resolve.skill(cells[skill_col])
            level = _parse_level(cells[level_col])
            if pid is None:
                errors.append(RowError(line, "person", why_p))
            if sid is None:
                errors.append(RowError(line, "skill", why_s))
            if level is None:
                errors.append(
                    RowError(line, "level", f"{cells[level_col].strip()!r} is not a level 1..5")
                )
            if pid is not None and sid is not None and level is not None:
                accept(line, pid, sid, level, cells[skill_col].strip())
    else:
        columns: list[tuple[int, int, str]] = []
        for i, name in enumerate(header[1:], start=1):
            sid, why = resolve.skill(name)
            if sid is None:
                errors.append(RowError(1, f"column {i + 1}", why))
            else:
                columns.append((i, sid, name))
        for line, record in rows:
            pid, why_p = resolve.person(record[0] if record else "")
            if pid is None:
                errors.append(RowError(line, "person", why_p))
                continue
            for i, sid, name in columns:
                raw = record[i].strip() if i < len(record) else ""
                if not raw:
                    continue
                level = _parse_level(raw)
                if level is None:
                    errors.append(RowError(line, name, f"{raw!r} is not a level 1..5"))
                else:
                    accept(line, pid, sid, level, name)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.line, e.field)))
    return entries


def import_matrix(
    session: Session, text: str, *, shape: Shape = "auto", dry_run: bool = False
) -> ImportSummary:
    """Set the levels the file gives (other proficiencies are left as they are).

    `dry_run`: check the file and count what it would create, update and leave unchanged, and
    write nothing (HR reads the bad rows, or the counts, before committing)."""
    entries = parse_matrix(session, text, shape=shape)
    people = {e.person_id for e in entries}
    existing: dict[tuple[int, int], int] = {}
    for pid, sid, level in session.execute(
        select(Proficiency.person_id, Proficiency.skill_id, Proficiency.level).where(
            Proficiency.person_id.in_(people)
        )
    ):
        existing[(pid, sid)] = level
    new = [e for e in entries if (e.person_id, e.skill_id) not in existing]
    changed = [e for e in entries if existing.get((e.person_id, e.skill_id), e.level) != e.level]
    summary = ImportSummary(
        rows=len(entries),
        created=len(new),
        updated=len(changed),
        unchanged=len(entries) - len(new) - len(changed),
        people=len(people),
    )
    if dry_run:
        return summary
    bar = tqdm(
        total=len(new) + len(changed),
        desc="importing",
        unit="row",
        delay=PROGRESS_DELAY_SECONDS,
        leave=False,
    )
    with bar:
        for chunk in _chunks(new, 1000):
            session.execute(
                insert(Proficiency),
                [
                    {"person_id": e.person_id, "skill_id": e.skill_id, "level": e.level}
                    for e in chunk
                ],
            )
            bar.update(len(chunk))
        if changed:
            # ORM bulk UPDATE by primary key: one executemany for all changed levels.
            session.execute(
                update(Proficiency),
                [
                    {"person_id": e.person_id, "skill_id": e.skill_id, "level": e.level}
                    for e in changed
                ],
            )
            bar.update(len(changed))
    session.flush()
    return summary


def _chunks(items: list[Entry], size: int) -> Iterable[list[Entry]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def export_matrix(session: Session, *, shape: Literal["long", "wide"] = "long") -> str:
    """The matrix of the skills in use as CSV text, people by email and skills by name, sorted
    (retired skills are left out: see the module's docstring)."""
    rows = session.execute(
        select(Person.email, Skill.name, Proficiency.level)
        .join(Proficiency, Proficiency.person_id == Person.id)
        .join(Skill, Skill.id == Proficiency.skill_id)
        .where(Skill.status == SkillStatus.ACTIVE)
        .order_by(Person.email, Skill.name)
    ).all()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if shape == "long":
        writer.writerow(["person", "skill", "level"])
        writer.writerows(rows)
        return out.getvalue()
    skills = sorted({name for _, name, _ in rows}, key=str.casefold)
    levels: dict[str, dict[str, int]] = {}
    for email, name, level in rows:
        levels.setdefault(email, {})[name] = level
    writer.writerow(["person", *skills])
    for email in sorted(levels):
        writer.writerow([email, *(levels[email].get(s, "") for s in skills)])
    return out.getvalue()
