"""People and their proficiencies."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.errors import ConflictError, DomainError, NotFoundError
from teamgraph.pagination import Page, PageRequest, paginate
from teamgraph.people.models import Person, Proficiency

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_CAPACITY_HOURS = 80


def normalise_email(email: str, *, field: str = "email") -> str:
    cleaned = (email or "").strip().lower()
    if not _EMAIL.match(cleaned):
        raise DomainError(f"{email!r} is not an email address", field=field)
    return cleaned


def check_capacity(hours: int, *, field: str = "capacityHours") -> int:
    if isinstance(hours, bool) or not isinstance(hours, int):
        raise DomainError("must be a whole number of hours", field=field)
    if not 0 <= hours <= MAX_CAPACITY_HOURS:
        raise DomainError(f"must be between 0 and {MAX_CAPACITY_HOURS} hours a week", field=field)
    return hours


def check_level(level: object, *, field: str = "level") -> int:
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        raise DomainError("must be a whole number from 1 (aware) to 5 (expert)", field=field)
    return level


def person_by_email(session: Session, email: str) -> Person | None:
    return session.scalar(select(Person).where(Person.email == email.strip().lower()))


def create_person(
    session: Session,
    *,
    name: str,
    email: str,
    title: str = "",
    department: str = "",
    location: str = "",
    capacity_hours: int = 40,
) -> Person:
    name = (name or "").strip()
    if not name:
        raise DomainError("must not be blank", field="name")
    email = normalise_email(email)
    if person_by_email(session, email) is not None:
        raise ConflictError(f"a person with email {email} already exists", field="email")
    person = Person(
        name=name,
        email=email,
        title=title.strip(),
        department=department.strip(),
        location=location.strip(),
        capacity_hours=check_capacity(capacity_hours),
        active=True,
    )
    session.add(person)
    session.flush()
    return person


def set_proficiency(session: Session, *, person_id: int, skill_id: int, level: int) -> Proficiency:
    if session.get(Person, person_id) is None:
        raise NotFoundError(f"no person with id {person_id}", field="personId")
    level = check_level(level)
    row = session.get(Proficiency, (person_id, skill_id))
    if row is None:
        row = Proficiency(person_id=person_id, skill_id=skill_id, level=level)
        session.add(row)
    else:
        row.level = level
    session.flush()
    return row


def list_people(session: Session, page: PageRequest, *, max_size: int = 100) -> Page[Person]:
    """People by name (then id), one page."""
    return paginate(session, select(Person), (Person.name, Person.id), page, max_size=max_size)
