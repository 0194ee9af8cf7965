"""Reading a problem from JSON data, reporting every error with its JSON path.

`parse_problem(data)` returns a `Problem` or raises `ProblemError`, whose `errors` list holds
one line per error, e.g. `tasks[3].headcount.min: must be an integer >= 0`. The `pairs` list
is read by parse_pairs.py; writing problems and results back is serialise.py's job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from solver.json_reader import JsonReader, ProblemError, reference
from solver.model import (
    DEFAULT_WEIGHTS,
    PROBLEM_FORMAT,
    Contact,
    PairOverride,
    PairTable,
    Person,
    Problem,
    Relationship,
    SkillRequirement,
    Task,
)
from solver.parse_pairs import read_pairs

__all__ = ["ELIGIBILITY", "PairsReader", "ProblemError", "build_problem", "parse_problem"]

ELIGIBILITY = ("skills", "all", "pairs")

# Reads `pairs` (adding any error to the reader), given the root and the people and tasks read.
PairsReader = Callable[
    [JsonReader, dict[str, Any], list[Person], list[Task]],
    tuple[Sequence[PairOverride], PairTable | None],
]


def parse_problem(data: Any) -> Problem:
    """A problem from plain JSON data (what `json.loads` returns)."""
    return build_problem(data, read_pairs)


def build_problem(data: Any, pairs_reader: PairsReader) -> Problem:
    """The problem, its `pairs` read by `pairs_reader` (the fast decoder checks them in bulk)."""
    r = JsonReader()
    root = r.obj(data, "$")
    if root is None:
        raise ProblemError(r.errors)
    if root.get("format") != PROBLEM_FORMAT:
        r.fail("format", f"must be {PROBLEM_FORMAT!r}")
    people = _people(r, root)
    tasks = _tasks(r, root)
    person_ids = {p.id for p in people}
    task_ids = {t.id for t in tasks}
    contacts = _contacts(r, root)
    contact_ids = {c.id for c in contacts}
    for i, t in enumerate(tasks):
        for j, c in enumerate(t.contacts):
            if contacts and c not in contact_ids:
                r.fail(f"tasks[{i}].contacts[{j}]", f"unknown contact {c!r}")
    relationships = []
    seen_rel: set[tuple[str, str]] = set()
    for i, item in enumerate(r.array(root.get("relationships"), "relationships")):
        path = f"relationships[{i}]"
        o = r.obj(item, path)
        if o is None:
            continue
        person = reference(r, o.get("person"), f"{path}.person", person_ids, "person")
        contact = r.text(o.get("contact"), f"{path}.contact")
        strength = r.number(o.get("strength"), f"{path}.strength", minimum=0, maximum=1)
        if contact is not None and contacts and contact not in contact_ids:
            r.fail(f"{path}.contact", f"unknown contact {contact!r}")
        if person and contact and strength is not None:
            if (person, contact) in seen_rel:
                r.fail(path, f"duplicate relationship {person!r} -> {contact!r}")
            seen_rel.add((person, contact))
            relationships.append(Relationship(person, contact, strength))
    conflicts = []
    for i, item in enumerate(r.array(root.get("conflicts"), "conflicts")):
        o = r.obj(item, f"conflicts[{i}]")
        if o is None:
            continue
        person = reference(r, o.get("person"), f"conflicts[{i}].person", person_ids, "person")
        account = r.text(o.get("account"), f"conflicts[{i}].account")
        if person and account:
            conflicts.append((person, account))
    pins = _person_task_list(r, root, "pins", person_ids, task_ids)
    current = _person_task_list(r, root, "current", person_ids, task_ids)
    eligibility = root.get("eligibility", "skills")
    if eligibility not in ELIGIBILITY:
        r.fail("eligibility", f"must be one of {', '.join(ELIGIBILITY)}")
        eligibility = "skills"
    pairs, table = pairs_reader(r, root, people, tasks)
    weights = dict(DEFAULT_WEIGHTS)
    given = root.get("weights")
    if given is not None:
        w = r.obj(given, "weights")
        for key, value in (w or {}).items():
            if key not in DEFAULT_WEIGHTS:
                r.fail(f"weights.{key}", f"unknown weight (known: {', '.join(DEFAULT_WEIGHTS)})")
                continue
            number = r.number(value, f"weights.{key}", minimum=0)
            if number is not None:
                weights[key] = number
    if r.errors:
        raise ProblemError(r.errors)
    return Problem(
        people=tuple(people),
        tasks=tuple(tasks),
        contacts=tuple(contacts),
        relationships=tuple(relationships),
        conflicts=tuple(conflicts),
        pins=tuple(pins),
        current=tuple(current),
        eligibility=eligibility,
        pairs=pairs,
        weights=weights,
        pair_table=table,
    )


def _person_task_list(
    r: JsonReader, root: dict[str, Any], key: str, people: set[str], tasks: set[str]
) -> list[tuple[str, str]]:
    found = []
    for i, item in enumerate(r.array(root.get(key), key)):
        o = r.obj(item, f"{key}[{i}]")
        if o is None:
            continue
        person = reference(r, o.get("person"), f"{key}[{i}].person", people, "person")
        task = reference(r, o.get("task"), f"{key}[{i}].task", tasks, "task")
        if person and task:
            found.append((person, task))
    return found


def _people(r: JsonReader, root: dict[str, Any]) -> list[Person]:
    if "people" not in root:
        r.fail("people", "is required")
    people = []
    seen: set[str] = set()
    for i, item in enumerate(r.array(root.get("people"), "people")):
        path = f"people[{i}]"
        o = r.obj(item, path)
        if o is None:
            continue
        pid = r.text(o.get("id"), f"{path}.id")
        if pid in seen:
            r.fail(f"{path}.id", f"duplicate id {pid!r}")
        capacity = r.number(o.get("capacity"), f"{path}.capacity", minimum=0)
        load = r.number(o.get("current_load", 0), f"{path}.current_load", minimum=0)
        cost = r.number(o.get("cost", 1.0), f"{path}.cost", minimum=0)
        skills: dict[str, int] = {}
        raw_skills = o.get("skills", {})
        if not isinstance(raw_skills, dict):
            r.fail(f"{path}.skills", "must be an object of skill -> level")
        else:
            for skill, level in raw_skills.items():
                value = r.integer(level, f"{path}.skills.{skill}", minimum=1, maximum=5)
                if value is not None:
                    skills[skill] = value
        accounts = tuple(
            a
            for j, a in enumerate(r.array(o.get("accounts"), f"{path}.accounts"))
            if r.text(a, f"{path}.accounts[{j}]")
        )
        if pid is not None and capacity is not None and load is not None and cost is not None:
            seen.add(pid)
            people.append(Person(pid, capacity, skills, load, cost, accounts))
    return people


def _tasks(r: JsonReader, root: dict[str, Any]) -> list[Task]:
    if "tasks" not in root:
        r.fail("tasks", "is required")
    tasks = []
    seen: set[str] = set()
    for i, item in enumerate(r.array(root.get("tasks"), "tasks")):
        path = f"tasks[{i}]"
        o = r.obj(item, path)
        if o is None:
            continue
        tid = r.text(o.get("id"), f"{path}.id")
        if tid in seen:
            r.fail(f"{path}.id", f"duplicate id {tid!r}")
        effort = r.number(o.get("effort"), f"{path}.effort", minimum=0)
        low, high = 1, 1
        if "headcount" in o:
            h = r.obj(o["headcount"], f"{path}.headcount")
            if h is not None:
                low = r.integer(h.get("min", 1), f"{path}.headcount.min", minimum=0) or 0
                high = r.integer(h.get("max", max(low, 1)), f"{path}.headcount.max", minimum=1) or 1
                if high < low:
                    r.fail(f"{path}.headcount.max", "must be >= headcount.min")
        required = r.boolean(o.get("required", True), f"{path}.required")
        requirements = []
        skill_seen: set[str] = set()
        for j, s in enumerate(r.array(o.get("skills"), f"{path}.skills")):
            spath = f"{path}.skills[{j}]"
            so = r.obj(s, spath)
            if so is None:
                continue
            skill = r.text(so.get("skill"), f"{spath}.skill")
            if skill in skill_seen:
                r.fail(f"{spath}.skill", f"skill {skill!r} listed twice")
            level = r.integer(so.get("level", 1), f"{spath}.level", minimum=1, maximum=5)
            mandatory = r.boolean(so.get("mandatory", False), f"{spath}.mandatory")
            weight = r.number(so.get("weight", 1.0), f"{spath}.weight", minimum=0)
            if skill and level is not None and mandatory is not None and weight is not None:
                skill_seen.add(skill)
                requirements.append(SkillRequirement(skill, level, mandatory, weight))
        account = o.get("account")
        if account is not None:
            account = r.text(account, f"{path}.account")
        contacts = tuple(
            c
            for j, c in enumerate(r.array(o.get("contacts"), f"{path}.contacts"))
            if r.text(c, f"{path}.contacts[{j}]")
        )
        if tid is not None and effort is not None and required is not None:
            seen.add(tid)
            tasks.append(
                Task(tid, effort, low, high, required, tuple(requirements), account, contacts)
            )
    return tasks


def _contacts(r: JsonReader, root: dict[str, Any]) -> list[Contact]:
    contacts = []
    seen: set[str] = set()
    for i, item in enumerate(r.array(root.get("contacts"), "contacts")):
        path = f"contacts[{i}]"
        o = r.obj(item, path)
        if o is None:
            continue
        cid = r.text(o.get("id"), f"{path}.id")
        if cid in seen:
            r.fail(f"{path}.id", f"duplicate id {cid!r}")
        influence = r.number(o.get("influence", 1.0), f"{path}.influence", minimum=0)
        dm = r.boolean(o.get("decision_maker", False), f"{path}.decision_maker")
        account = o.get("account")
        if cid is not None and influence is not None and dm is not None:
            seen.add(cid)
            contacts.append(
                Contact(cid, account if isinstance(account, str) else None, influence, dm)
            )
    return contacts
