"""Time-phased capacity: the one owner of "capacity, assigned and free hours of these people over
this window". `Person.load`, the `people` filter, candidates, the talent map and the staffing
compiler all count hours here, so they agree.

Over a window of calendar days (both ends included):
- capacity: a person's weekly hours / 7 on each day they are not on time off;
- assigned: each open or in-progress task they are on spreads its effort evenly over its own
  window (start..due; a missing end is its plan's period's), and the share of it that falls in
  the window counts;
- free: capacity - assigned, never below 0.

It lives with plans, not people, because it reads plans' assignments and tasks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_, select, union
from sqlalchemy.orm import Session

from teamgraph.errors import DomainError
from teamgraph.people.models import Person, TimeOff
from teamgraph.plans.models import OPEN_TASK_STATUSES, Assignment, Plan, Task

__all__ = [
    "DEFAULT_WEEKS",
    "Booking",
    "Load",
    "Timeline",
    "Window",
    "default_window",
    "free_hours_condition",
    "loads",
    "merged",
    "task_window",
    "timelines",
    "window_from",
]

DEFAULT_WEEKS = 4
MAX_WINDOW_DAYS = 3 * 366  # three years of weekly figures is plenty for a chart


@dataclass(frozen=True, order=True)
class Window:
    """Calendar days from `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlap(self, other: Window) -> int:
        """Days the two windows share."""
        return max(0, (min(self.end, other.end) - max(self.start, other.start)).days + 1)

    def covers(self, other: Window) -> bool:
        return self.start <= other.start and other.end <= self.end

    def weeks(self) -> list[Window]:
        """Seven-day steps from `start`; the last one ends with the window (may be shorter)."""
        found = []
        start = self.start
        while start <= self.end:
            end = min(self.end, start + dt.timedelta(days=6))
            found.append(Window(start, end))
            start = end + dt.timedelta(days=1)
        return found


def merged(windows: Iterable[Window]) -> list[Window]:
    """The days of these windows as disjoint windows, in order (overlaps counted once)."""
    found: list[Window] = []
    for w in sorted(windows):
        if found and w.start <= found[-1].end + dt.timedelta(days=1):
            found[-1] = Window(found[-1].start, max(found[-1].end, w.end))
        else:
            found.append(w)
    return found


def default_window(today: dt.date | None = None) -> Window:
    """The next four weeks, today included."""
    start = today or dt.date.today()
    return Window(start, start + dt.timedelta(days=7 * DEFAULT_WEEKS - 1))


def window_from(
    start: dt.date | None, end: dt.date | None, *, today: dt.date | None = None
) -> Window:
    """The window a caller asks for (`from`, `to`): a missing `from` is today, a missing `to`
    four weeks after `from`. A clear error names the field at fault."""
    begin = start or (today or dt.date.today())
    finish = end or begin + dt.timedelta(days=7 * DEFAULT_WEEKS - 1)
    if finish < begin:
        raise DomainError("must not be before `from`", field="to")
    if (finish - begin).days + 1 > MAX_WINDOW_DAYS:
        raise DomainError(f"the window may span at most {MAX_WINDOW_DAYS} days", field="to")
    return Window(begin, finish)


def task_window(
    start: dt.date | None, due: dt.date | None, period_start: dt.date, period_end: dt.date
) -> Window:
    """A task's window: start..due, a missing end taken from its plan's period. A task that
    names only a date outside the period spans that one day."""
    begin, finish = start or period_start, due or period_end
    if finish < begin:
        begin, finish = (begin, begin) if start is not None else (finish, finish)
    return Window(begin, finish)


@dataclass(frozen=True)
class Booking:
    """A person's place on an open or in-progress task."""

    task_id: int
    plan_id: int
    effort: float
    window: Window

    def share(self, window: Window) -> float:
        """The hours of the effort that fall in `window` (spread evenly over the task's days)."""
        return self.effort * self.window.overlap(window) / self.window.days


@dataclass(frozen=True)
class Hours:
    capacity_hours: float
    assigned_hours: float

    @property
    def free_hours(self) -> float:
        return max(0.0, self.capacity_hours - self.assigned_hours)


@dataclass(frozen=True)
class WeekLoad(Hours):
    week: Window


@dataclass(frozen=True)
class Load(Hours):
    """A person's hours over a window, with its weeks for a chart."""

    window: Window
    open_tasks: int  # open or in-progress tasks of theirs whose window meets this one
    weeks: tuple[WeekLoad, ...]


@dataclass(frozen=True)
class Timeline:
    """What a person's hours rest on: weekly capacity, days off and open work (the part of
    them that meets the window it was read for)."""

    person_id: int
    weekly_hours: int
    days_off: frozenset[dt.date]
    bookings: tuple[Booking, ...]

    def days_off_in(self, window: Window) -> int:
        return sum(1 for day in self.days_off if window.start <= day <= window.end)

    def capacity(self, window: Window) -> float:
        return self.weekly_hours * (window.days - self.days_off_in(window)) / 7

    def assigned(self, window: Window, *, skip: Callable[[Booking], bool] | None = None) -> float:
        """Hours of open work in `window`; `skip` leaves bookings out (a plan being re-planned,
        the task being weighed)."""
        return sum(b.share(window) for b in self.bookings if skip is None or not skip(b))

    def free(self, window: Window, *, skip: Callable[[Booking], bool] | None = None) -> float:
        """Capacity - assigned in `window`, negative when overbooked."""
        return self.capacity(window) - self.assigned(window, skip=skip)

    def load(self, window: Window) -> Load:
        return Load(
            capacity_hours=round(self.capacity(window), 2),
            assigned_hours=round(self.assigned(window), 2),
            window=window,
            open_tasks=sum(1 for b in self.bookings if b.window.overlap(window)),
            weeks=tuple(
                WeekLoad(
                    capacity_hours=round(self.capacity(week), 2),
                    assigned_hours=round(self.assigned(week), 2),
                    week=week,
                )
                for week in window.weeks()
            ),
        )


def timelines(session: Session, person_ids: Iterable[int], window: Window) -> dict[int, Timeline]:
    """Each person's timeline over `window` (unknown ids are absent): two statements."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    off: dict[int, set[dt.date]] = defaultdict(set)
    for person_id, away_from, away_to in session.execute(
        select(TimeOff.person_id, TimeOff.start_date, TimeOff.end_date).where(
            TimeOff.person_id.in_(ids),
            TimeOff.end_date >= window.start,
            TimeOff.start_date <= window.end,
        )
    ):
        day = max(away_from, window.start)
        while day <= min(away_to, window.end):
            off[person_id].add(day)
            day += dt.timedelta(days=1)
    weekly: dict[int, int] = {}
    booked: dict[int, list[Booking]] = defaultdict(list)
    open_work = and_(Task.id == Assignment.task_id, Task.status.in_(OPEN_TASK_STATUSES))
    for row in session.execute(
        select(
            Person.id,
            Person.capacity_hours,
            Task.id,
            Task.plan_id,
            Task.effort_hours,
            Task.start,
            Task.due,
            Plan.period_start,
            Plan.period_end,
        )
        .select_from(Person)
        .outerjoin(Assignment, Assignment.person_id == Person.id)
        .outerjoin(Task, open_work)
        .outerjoin(Plan, Plan.id == Task.plan_id)
        .where(Person.id.in_(ids))
        .order_by(Person.id, Task.id)
    ):
        person_id, hours, task_id, plan_id, effort, start, due, period_start, period_end = row
        weekly[person_id] = hours
        if task_id is None:
            continue
        span = task_window(start, due, period_start, period_end)
        if span.overlap(window):
            booked[person_id].append(Booking(task_id, plan_id, float(effort), span))
    return {p: Timeline(p, weekly[p], frozenset(off[p]), tuple(booked[p])) for p in weekly}


def loads(session: Session, person_ids: Iterable[int], window: Window) -> dict[int, Load]:
    """Capacity, assigned and free hours of these people over `window`, with its weeks."""
    return {p: t.load(window) for p, t in timelines(session, person_ids, window).items()}


def free_hours_condition(
    session: Session, window: Window, at_least: float
) -> ColumnElement[bool] | None:
    """A condition on `Person`: at least `at_least` hours free over `window` (None when any
    number of hours will do). People with neither open work nor time off in the window are
    judged in SQL (weekly hours x days / 7); the others through their timelines."""
    if isinstance(at_least, bool) or at_least < 0:
        raise DomainError("must not be negative", field="minFreeHours")
    if at_least == 0:
        return None
    busy = union(
        select(Assignment.person_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.status.in_(OPEN_TASK_STATUSES)),
        select(TimeOff.person_id).where(
            TimeOff.end_date >= window.start, TimeOff.start_date <= window.end
        ),
    ).subquery()
    busy_ids = list(session.scalars(select(busy.c[0])))
    fits = [
        p for p, load in loads(session, busy_ids, window).items() if load.free_hours >= at_least
    ]
    idle = and_(
        Person.id.not_in(select(busy.c[0])), Person.capacity_hours * window.days >= at_least * 7
    )
    return or_(idle, Person.id.in_(fits) if fits else false())
