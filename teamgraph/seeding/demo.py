"""The demo organisation from `seeds/demo/`: people, skills matrix, time off, accounts, plans.

Its dates are days from the day of loading (`today`), so the demo stays current whenever it is
loaded: work under way is under way, reviews have been held, holidays are coming up.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import (
    Account,
    AccountCompetitor,
    ConflictOfInterest,
    Contact,
    Interaction,
    InteractionContact,
    InteractionPerson,
    Relationship,
)
from teamgraph.catalogue.service import term_index, term_key
from teamgraph.errors import DomainError
from teamgraph.people.models import Person, TimeOff
from teamgraph.people.service import create_person
from teamgraph.people.skills_matrix import import_matrix
from teamgraph.people.time_off import add_time_off
from teamgraph.plans.models import (
    Assignment,
    Objective,
    ObjectiveReading,
    Plan,
    Review,
    Task,
    TaskContact,
    TaskSkill,
)
from teamgraph.seeding.catalogue import load_catalogue
from teamgraph.seeding.files import read_csv, read_yaml, seeds_dir


def load_demo(
    session: Session, directory: Path | None = None, *, today: dt.date | None = None
) -> dict[str, int]:
    """Load the catalogue and the demo organisation; returns what was added per kind."""
    root = directory or seeds_dir()
    today = today or dt.date.today()
    added = {"skills": load_catalogue(session, root / "catalogue" / "skills.csv")}
    added["people"] = _people(session, root / "demo" / "people.csv")
    matrix = (root / "demo" / "skills-matrix.csv").read_text(encoding="utf-8-sig")
    added["proficiencies"] = import_matrix(session, matrix).created
    added["time off"] = _time_off(session, root / "demo" / "time-off.csv", today)
    loader = _DemoLoader(session, today)
    accounts = read_yaml(root / "demo" / "accounts.yaml").get("accounts", [])
    for account in accounts:
        loader.account(account)
    for account in accounts:
        loader.competitors(account)
    for plan in read_yaml(root / "demo" / "plans.yaml").get("plans", []):
        loader.plan(plan)
    added.update(loader.added)
    session.flush()
    return added


def _people(session: Session, path: Path) -> int:
    known = set(session.scalars(select(Person.email)))
    added = 0
    for row in read_csv(path):
        if row["email"].lower() in known:
            continue
        create_person(
            session,
            name=row["name"],
            email=row["email"],
            title=row.get("title", ""),
            department=row.get("department", ""),
            location=row.get("location", ""),
            capacity_hours=int(row.get("capacity_hours") or 40),
        )
        added += 1
    return added


def _time_off(session: Session, path: Path, today: dt.date) -> int:
    """Periods `from_day`..`to_day` days from today; one a person already has with the same
    reason is kept (loading again another day adds nothing)."""
    people = {email: pid for email, pid in session.execute(select(Person.email, Person.id))}
    kept = {
        (pid, reason) for pid, reason in session.execute(select(TimeOff.person_id, TimeOff.reason))
    }
    added = 0
    for row in read_csv(path):
        person_id = people.get(row["person"].lower())
        if person_id is None:
            raise DomainError(f"{path.name}: no person with email {row['person']!r}", field="seeds")
        if (person_id, row["reason"]) in kept:
            continue
        add_time_off(
            session,
            person_id=person_id,
            start=today + dt.timedelta(days=int(row["from_day"])),
            end=today + dt.timedelta(days=int(row["to_day"])),
            reason=row["reason"],
        )
        kept.add((person_id, row["reason"]))
        added += 1
    return added


def _date(value: Any, today: dt.date) -> dt.date | None:
    """A seed file's date: whole days from `today` (-7: a week ago), or an ISO date."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, int):
        return today + dt.timedelta(days=value)
    return dt.date.fromisoformat(str(value))


class _DemoLoader:
    """Get-or-create by natural key, remembering the seed file's keys for cross references."""

    def __init__(self, session: Session, today: dt.date) -> None:
        self.session = session
        self.today = today
        self.people = {
            email: pid for email, pid in session.execute(select(Person.email, Person.id))
        }
        self.skills = term_index(session)
        self.contacts: dict[str, Contact] = {}
        self.objectives: dict[str, Objective] = {}
        self.tasks: dict[str, Task] = {}
        self.added: dict[str, int] = {}

    def _count(self, kind: str) -> None:
        self.added[kind] = self.added.get(kind, 0) + 1

    def _person(self, email: str, where: str) -> int:
        pid = self.people.get(str(email).lower())
        if pid is None:
            raise DomainError(f"{where}: no person with email {email!r}", field="seeds")
        return pid

    def _account(self, name: str) -> Account:
        account = self.session.scalar(select(Account).where(Account.name == name))
        if account is None:
            raise DomainError(f"no account named {name!r}", field="seeds")
        return account

    def _get_or_add(
        self, model: type[Any], tally: str, keys: dict[str, Any], /, **values: Any
    ) -> Any:
        """The row with these natural `keys`, created with `values` when missing."""
        row = self.session.scalar(select(model).filter_by(**keys))
        if row is None:
            row = model(**keys, **values)
            self.session.add(row)
            self.session.flush()
            self._count(tally)
        return row

    def account(self, data: dict[str, Any]) -> None:
        s = self.session
        account = self._get_or_add(
            Account,
            "accounts",
            {"name": data["name"]},
            industry=data.get("industry", ""),
            tier=data.get("tier", "key"),
            stage=data.get("stage", 3),
            growth=data.get("growth", 3),
            fit=data.get("fit", 3),
            strategic_value=data.get("strategic_value", 3),
            kam_id=self._person(data["kam"], data["name"]) if data.get("kam") else None,
        )
        for conflict in data.get("conflicts") or []:
            pid = self._person(conflict["person"], f"{data['name']} conflicts")
            if s.get(ConflictOfInterest, (pid, account.id)) is None:
                s.add(
                    ConflictOfInterest(
                        person_id=pid, account_id=account.id, reason=conflict["reason"]
                    )
                )
                self._count("conflicts")
        pending_managers: list[tuple[Contact, str]] = []
        for c in data.get("contacts") or []:
            contact = self._get_or_add(
                Contact,
                "contacts",
                {"account_id": account.id, "name": c["name"]},
                title=c.get("title", ""),
                department=c.get("department", ""),
                buying_role=c.get("buying_role", "user"),
                influence=c.get("influence", 3),
                left_company=bool(c.get("left", False)),
                email=c.get("email") or "",
            )
            self.contacts[c["key"]] = contact
            if c.get("reports_to"):
                pending_managers.append((contact, c["reports_to"]))
        for contact, manager_key in pending_managers:
            manager = self.contacts.get(manager_key)
            if manager is None:
                raise DomainError(
                    f"{contact.name}: reports_to {manager_key!r} is unknown", field="seeds"
                )
            contact.reports_to_id = manager.id
        s.flush()
        for r in data.get("relationships") or []:
            contact = self._contact(r["contact"])
            self._get_or_add(
                Relationship,
                "relationships",
                {"person_id": self._person(r["person"], "relationship"), "contact_id": contact.id},
                strength=float(r["strength"]),
                last_interaction=self.today - dt.timedelta(days=int(r["days_ago"]))
                if r.get("days_ago") is not None
                else None,
            )
        for i in data.get("interactions") or []:
            when = self.today - dt.timedelta(days=int(i["days_ago"]))
            interaction = s.scalar(
                select(Interaction).filter_by(
                    account_id=account.id, kind=i["kind"], note=i.get("note", "")
                )
            )
            if interaction is not None:
                continue
            interaction = Interaction(
                account_id=account.id, occurred_on=when, kind=i["kind"], note=i.get("note", "")
            )
            s.add(interaction)
            s.flush()
            self._count("interactions")
            contact_keys = i.get("contacts") or ([i["contact"]] if i.get("contact") else [])
            for key in contact_keys:
                s.add(
                    InteractionContact(
                        interaction_id=interaction.id, contact_id=self._contact(key).id
                    )
                )
            for email in i.get("people") or []:
                s.add(
                    InteractionPerson(
                        interaction_id=interaction.id, person_id=self._person(email, "interaction")
                    )
                )
        s.flush()

    def competitors(self, data: dict[str, Any]) -> None:
        account = self._account(data["name"])
        for name in data.get("competitors") or []:
            other = self._account(name)
            if self.session.get(AccountCompetitor, (account.id, other.id)) is None:
                self.session.add(AccountCompetitor(account_id=account.id, competitor_id=other.id))
                self._count("competitors")
        self.session.flush()

    def _contact(self, key: str) -> Contact:
        contact = self.contacts.get(key)
        if contact is None:
            raise DomainError(f"unknown contact key {key!r}", field="seeds")
        return contact

    def _skill(self, term: str) -> int:
        sid = self.skills.get(term_key(term))
        if sid is None:
            raise DomainError(f"unknown skill {term!r}", field="seeds")
        return sid

    def plan(self, data: dict[str, Any]) -> None:
        s = self.session
        account = self._account(data["account"])
        plan = self._get_or_add(
            Plan,
            "plans",
            {"account_id": account.id, "name": data["name"]},
            period_start=_date(data["period_start"], self.today),
            period_end=_date(data["period_end"], self.today),
            status=data.get("status", "draft"),
        )
        for o in data.get("objectives") or []:
            self.objectives[o["key"]] = self._get_or_add(
                Objective,
                "objectives",
                {"plan_id": plan.id, "title": o["title"]},
                metric=o.get("metric", ""),
                baseline=o.get("baseline"),
                target=o.get("target"),
                current=o.get("current"),
            )
        for t in data.get("tasks") or []:
            objective = self.objectives.get(t["objective"]) if t.get("objective") else None
            task = self._get_or_add(
                Task,
                "tasks",
                {"plan_id": plan.id, "title": t["title"]},
                kind=t["kind"],
                objective_id=objective.id if objective else None,
                effort_hours=float(t["effort_hours"]),
                headcount_min=int(t.get("headcount_min", 1)),
                headcount_max=int(t.get("headcount_max", 1)),
                required=bool(t.get("required", True)),
                start=_date(t.get("start"), self.today),
                due=_date(t.get("due"), self.today),
                status=t.get("status", "open"),
            )
            self.tasks[t["key"]] = task
            for req in t.get("skills") or []:
                sid = self._skill(req["skill"])
                if s.get(TaskSkill, (task.id, sid)) is None:
                    s.add(
                        TaskSkill(
                            task_id=task.id,
                            skill_id=sid,
                            level=int(req["level"]),
                            mandatory=bool(req.get("mandatory", False)),
                            weight=float(req.get("weight", 1.0)),
                        )
                    )
            for key in t.get("contacts") or []:
                cid = self._contact(key).id
                if s.get(TaskContact, (task.id, cid)) is None:
                    s.add(TaskContact(task_id=task.id, contact_id=cid))
        s.flush()
        for a in data.get("assignments") or []:
            task = self.tasks[a["task"]]
            self._get_or_add(
                Assignment,
                "assignments",
                {"task_id": task.id, "person_id": self._person(a["person"], "assignment")},
                role=a.get("role", "member"),
                pinned=bool(a.get("pinned", False)),
                source="manual",
            )
        for r in data.get("reviews") or []:
            # By its notes: loaded again another day, the same review is found, not a new one.
            review = self._get_or_add(
                Review,
                "reviews",
                {"plan_id": plan.id, "notes": r.get("notes", "")},
                held_on=_date(r["date"], self.today),
            )
            for reading in r.get("readings") or []:
                oid = self.objectives[reading["objective"]].id
                if s.get(ObjectiveReading, (review.id, oid)) is None:
                    s.add(
                        ObjectiveReading(
                            review_id=review.id, objective_id=oid, value=float(reading["value"])
                        )
                    )
        s.flush()
