"""Small builders for test rows, so each test states only what matters to it."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account, Contact, Relationship
from teamgraph.catalogue.models import Skill
from teamgraph.catalogue.service import create_skill
from teamgraph.people.models import Person
from teamgraph.people.service import create_person
from teamgraph.plans.models import Objective, Plan, Task

_serial = itertools.count(1)


def person(session: Session, **overrides: Any) -> Person:
    n = next(_serial)
    values: dict[str, Any] = {"name": f"Person {n}", "email": f"person{n}@example.com"}
    values.update(overrides)
    return create_person(session, **values)


def skill(session: Session, name: str | None = None, **overrides: Any) -> Skill:
    return create_skill(session, name=name or f"Skill {next(_serial)}", **overrides)


def account(session: Session, **overrides: Any) -> Account:
    values: dict[str, Any] = {"name": f"Account {next(_serial)}", "tier": "key", "stage": 4}
    values.update(overrides)
    row = Account(**values)
    session.add(row)
    session.flush()
    return row


def contact(session: Session, account_id: int, **overrides: Any) -> Contact:
    values: dict[str, Any] = {"name": f"Contact {next(_serial)}", "account_id": account_id}
    values.update(overrides)
    row = Contact(**values)
    session.add(row)
    session.flush()
    return row


def relationship(
    session: Session, person_id: int, contact_id: int, **overrides: Any
) -> Relationship:
    values: dict[str, Any] = {"person_id": person_id, "contact_id": contact_id, "strength": 0.5}
    values.update(overrides)
    row = Relationship(**values)
    session.add(row)
    session.flush()
    return row


def plan(session: Session, account_id: int, **overrides: Any) -> Plan:
    values: dict[str, Any] = {
        "account_id": account_id,
        "name": f"Plan {next(_serial)}",
        "period_start": dt.date(2027, 1, 1),
        "period_end": dt.date(2027, 6, 30),
    }
    values.update(overrides)
    row = Plan(**values)
    session.add(row)
    session.flush()
    return row


def objective(session: Session, plan_id: int, **overrides: Any) -> Objective:
    values: dict[str, Any] = {"plan_id": plan_id, "title": f"Objective {next(_serial)}"}
    values.update(overrides)
    row = Objective(**values)
    session.add(row)
    session.flush()
    return row


def task(session: Session, plan_id: int, **overrides: Any) -> Task:
    values: dict[str, Any] = {
        "plan_id": plan_id,
        "title": f"Task {next(_serial)}",
        "kind": "research",
        "effort_hours": 8.0,
    }
    values.update(overrides)
    row = Task(**values)
    session.add(row)
    session.flush()
    return row
