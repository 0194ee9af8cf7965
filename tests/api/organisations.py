"""Generated organisations for the capacity and eligibility property tests: people with random
weekly capacities, skills and time off; plans of one account with tasks with and without dates;
assignments across plans; conflicts of interest and people who left. And the day-by-day
brute-force oracle of a person's hours, independent of teamgraph.plans.capacity."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from teamgraph.accounts.models import ConflictOfInterest
from teamgraph.db import unit_of_work
from teamgraph.people.models import Person, Proficiency, TimeOff
from teamgraph.plans.models import Assignment, TaskSkill
from tests import factories

BASE = dt.date(2027, 3, 1)
_serial = itertools.count(1)


def day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


@dataclass
class TaskSpec:
    effort: float
    start: int | None  # day offsets from BASE
    due: int | None
    status: str
    needs: list[tuple[int, int, bool]]  # (skill index, level, mandatory)


@dataclass
class PlanSpec:
    start: int
    days: int
    tasks: list[TaskSpec]


@dataclass
class PersonSpec:
    weekly: int
    active: bool
    conflicted: bool
    levels: dict[int, int]  # skill index -> level
    time_off: list[tuple[int, int]]  # (first day offset, days)


@dataclass
class Organisation:
    people: list[PersonSpec]
    plans: list[PlanSpec]  # plans[0] is the plan staffed
    assigned: set[tuple[int, int, int]]  # (person index, plan index, task index)


@dataclass
class Built:
    """Store ids of a built organisation."""

    plan_ids: list[int]
    person_ids: list[int]
    task_ids: list[list[int]]
    spec: Organisation
    pk: dict[str, int] = field(default_factory=dict)


SKILLS = 3


@st.composite
def task_specs(draw: st.DrawFn, start: int, days: int, inside: bool) -> TaskSpec:
    """A task; with `inside`, its dates fall in its plan's period."""
    low, high = (start, start + days - 1) if inside else (start - 30, start + days + 30)
    a = draw(st.integers(low, high))
    b = draw(st.integers(a, high))
    shape = draw(st.sampled_from(["none", "start", "due", "both"]))
    needs = draw(
        st.lists(
            st.tuples(st.integers(0, SKILLS - 1), st.integers(1, 5), st.booleans()),
            max_size=2,
            unique_by=lambda n: n[0],
        )
    )
    return TaskSpec(
        effort=draw(st.sampled_from([1.0, 4.0, 8.0, 12.5, 20.0, 40.0, 90.0])),
        start=a if shape in ("start", "both") else None,
        due=b if shape in ("due", "both") else None,
        status=draw(st.sampled_from(["open", "open", "in_progress", "done"])),
        needs=needs,
    )


@st.composite
def plan_specs(draw: st.DrawFn, staffed: bool) -> PlanSpec:
    start = draw(st.integers(-20, 20))
    days = draw(st.integers(1, 70))
    tasks = draw(st.lists(task_specs(start, days, inside=staffed), min_size=1, max_size=3))
    return PlanSpec(start, days, tasks)


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    people = draw(
        st.lists(
            st.builds(
                PersonSpec,
                weekly=st.integers(0, 40),
                active=st.integers(0, 5).map(bool),
                conflicted=st.integers(0, 5).map(lambda n: n == 0),
                levels=st.dictionaries(st.integers(0, SKILLS - 1), st.integers(1, 5)),
                time_off=st.lists(st.tuples(st.integers(-10, 80), st.integers(1, 30)), max_size=2),
            ),
            min_size=1,
            max_size=5,
        )
    )
    plans = [draw(plan_specs(staffed=True))]
    plans += draw(st.lists(plan_specs(staffed=False), max_size=2))
    slots = [
        (p, q, t)
        for p in range(len(people))
        for q, plan in enumerate(plans)
        for t in range(len(plan.tasks))
    ]
    assigned = draw(st.sets(st.sampled_from(slots))) if slots else set()
    return Organisation(people, plans, assigned)


def build(sessions: sessionmaker[Session], org: Organisation) -> Built:
    """The organisation in the store, in one transaction. Its skills are new, and the people of
    earlier examples are made inactive, so nothing else takes part."""
    n = next(_serial)
    with unit_of_work(sessions) as s:
        s.execute(update(Person).where(Person.name.like("Gen %")).values(active=False))
        skills = [factories.skill(s, f"Gen skill {n}.{k}") for k in range(SKILLS)]
        account = factories.account(s, name=f"Gen account {n}")
        people = []
        for i, spec in enumerate(org.people):
            person = factories.person(s, name=f"Gen {n}.{i}", capacity_hours=spec.weekly)
            people.append(person)
            for k, level in spec.levels.items():
                s.add(Proficiency(person_id=person.id, skill_id=skills[k].id, level=level))
            for first, days in spec.time_off:
                s.add(
                    TimeOff(
                        person_id=person.id, start_date=day(first), end_date=day(first + days - 1)
                    )
                )
            if spec.conflicted:
                s.add(ConflictOfInterest(person_id=person.id, account_id=account.id))
        plan_ids, task_ids = [], []
        for q, plan_spec in enumerate(org.plans):
            plan = factories.plan(
                s,
                account.id,
                name=f"Gen plan {n}.{q}",
                period_start=day(plan_spec.start),
                period_end=day(plan_spec.start + plan_spec.days - 1),
            )
            plan_ids.append(plan.id)
            ids = []
            for t in plan_spec.tasks:
                task = factories.task(
                    s,
                    plan.id,
                    effort_hours=t.effort,
                    start=None if t.start is None else day(t.start),
                    due=None if t.due is None else day(t.due),
                    status=t.status,
                    headcount_max=3,
                )
                ids.append(task.id)
                for k, level, mandatory in t.needs:
                    s.add(
                        TaskSkill(
                            task_id=task.id, skill_id=skills[k].id, level=level, mandatory=mandatory
                        )
                    )
            task_ids.append(ids)
        for p, q, t in sorted(org.assigned):
            s.add(Assignment(task_id=task_ids[q][t], person_id=people[p].id))
        s.flush()
        for person, spec in zip(people, org.people, strict=True):
            person.active = spec.active
        person_ids = [p.id for p in people]
    return Built(plan_ids, person_ids, task_ids, org)


def task_days(org: Organisation, q: int, t: int) -> tuple[dt.date, dt.date]:
    """A task's window, the rule written out again: start..due, else the plan's period; a lone
    date outside the period is a one-day window."""
    plan, task = org.plans[q], org.plans[q].tasks[t]
    first = day(task.start) if task.start is not None else day(plan.start)
    last = day(task.due) if task.due is not None else day(plan.start + plan.days - 1)
    if last < first:
        first, last = (first, first) if task.start is not None else (last, last)
    return first, last


def brute_hours(
    org: Organisation,
    p: int,
    first: dt.date,
    last: dt.date,
    *,
    skip: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[float, float]:
    """(capacity, assigned) of person `p` from `first` to `last`, counted one day at a time."""
    spec = org.people[p]
    off = {day(a) + dt.timedelta(days=k) for a, length in spec.time_off for k in range(length)}
    capacity = assigned = 0.0
    current = first
    while current <= last:
        if current not in off:
            capacity += spec.weekly / 7
        for person, q, t in org.assigned:
            if person != p or (q, t) in skip or org.plans[q].tasks[t].status == "done":
                continue
            a, b = task_days(org, q, t)
            if a <= current <= b:
                assigned += org.plans[q].tasks[t].effort / ((b - a).days + 1)
        current += dt.timedelta(days=1)
    return capacity, assigned
