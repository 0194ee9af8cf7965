"""Time off kept by HR: the periods a person is away, by hand or from a CSV file.

A person's periods never overlap: a period that overlaps or touches (the day after) one already
kept is merged with it into one period covering both, and their reasons are joined. So adding
the same leave twice changes nothing, extending a holiday is adding the longer one, and whoever
counts capacity never subtracts a day twice. Shortening a period is removing it and adding the
shorter one. A period is at most a year long: a longer absence is a person made inactive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.errors import DomainError, ImportRejected, RowError
from teamgraph.inputs import clean_text
from teamgraph.people.models import Person, TimeOff
from teamgraph.people.service import get_person
from teamgraph.people.spreadsheets import read_rows
from teamgraph.rows import get_row

__all__ = [
    "MAX_DAYS",
    "Span",
    "TimeOffImport",
    "absorb",
    "add_time_off",
    "check_period",
    "import_time_off",
    "remove_time_off",
]

MAX_DAYS = 366
MAX_REASON = 500
ONE_DAY = dt.timedelta(days=1)
Outcome = Literal["added", "merged", "unchanged"]


@dataclass(frozen=True)
class Span:
    """A period, first and last day included."""

    start: dt.date
    end: dt.date
    reason: str = ""

    def touches(self, other: Span) -> bool:
        """Overlapping, or one starting the day after the other ends."""
        return self.start <= other.end + ONE_DAY and other.start <= self.end + ONE_DAY


def check_period(start: dt.date, end: dt.date, *, field: str = "endDate") -> None:
    """A period ends on or after its start, and lasts at most a year; the end (`field`) is at
    fault, read against the start."""
    if end < start:
        raise DomainError(f"{end} is before the start, {start}", field=field)
    if (end - start).days + 1 > MAX_DAYS:
        raise DomainError(
            f"{(end - start).days + 1} days is longer than a year; for a longer absence make "
            "the person inactive",
            field=field,
        )


def _joined(reasons: Sequence[str]) -> str:
    """The distinct non-blank reasons, in order, joined with '; ' (case-insensitively unique)."""
    seen: dict[str, str] = {}
    for reason in reasons:
        for part in reason.split(";"):
            text = part.strip()
            if text and text.casefold() not in seen:
                seen[text.casefold()] = text
    return "; ".join(seen.values())[:MAX_REASON]


def absorb(kept: Sequence[Span], new: Span) -> tuple[Span, list[int]]:
    """The period `new` becomes among the `kept` ones (disjoint, none touching another), and
    the indexes of the kept periods it swallows (those it overlaps or touches)."""
    touching = [i for i, span in enumerate(kept) if span.touches(new)]
    spans = [kept[i] for i in touching]
    merged = Span(
        start=min([new.start, *(s.start for s in spans)]),
        end=max([new.end, *(s.end for s in spans)]),
        reason=_joined([*(s.reason for s in sorted(spans, key=lambda s: s.start)), new.reason]),
    )
    return merged, touching


def _put(
    session: Session, rows: list[TimeOff], person_id: int, new: Span
) -> tuple[TimeOff, Outcome]:
    """Add `new` to a person's `rows` (all their periods, changed in place), merging."""
    kept = [Span(r.start_date, r.end_date, r.reason) for r in rows]
    merged, swallowed = absorb(kept, new)
    if not swallowed:
        row = TimeOff(
            person_id=person_id, start_date=new.start, end_date=new.end, reason=new.reason
        )
        session.add(row)
        rows.append(row)
        return row, "added"
    first, *others = sorted((rows[i] for i in swallowed), key=lambda r: r.start_date)
    if not others and Span(first.start_date, first.end_date, first.reason) == merged:
        return first, "unchanged"
    first.start_date, first.end_date, first.reason = merged.start, merged.end, merged.reason
    for row in others:
        rows.remove(row)
        if row in session.new:  # added earlier in this import, never written
            session.expunge(row)
        else:
            session.delete(row)
    return first, "merged"


def _periods_of(session: Session, person_ids: set[int]) -> dict[int, list[TimeOff]]:
    found: dict[int, list[TimeOff]] = {pid: [] for pid in person_ids}
    for row in session.scalars(
        select(TimeOff).where(TimeOff.person_id.in_(person_ids)).order_by(TimeOff.start_date)
    ):
        found[row.person_id].append(row)
    return found


def add_time_off(
    session: Session, *, person_id: int, start: dt.date, end: dt.date, reason: str = ""
) -> tuple[TimeOff, Outcome]:
    """Record that a person is away from `start` to `end` (both included), merged with the
    periods it overlaps or touches; returns the period as kept and what happened."""
    get_person(session, person_id)
    check_period(start, end)
    reason = clean_text(reason, field="reason", max_length=MAX_REASON, blank=True)
    rows = _periods_of(session, {person_id})[person_id]
    row, outcome = _put(session, rows, person_id, Span(start, end, reason))
    session.flush()
    return row, outcome


def remove_time_off(session: Session, *, time_off_id: int) -> int:
    """Forget a period of time off; returns the person it was of."""
    row = get_row(session, TimeOff, time_off_id, field="timeOffId")
    person_id = row.person_id
    session.delete(row)
    session.flush()
    return person_id


# --- the CSV import -----------------------------------------------------------------------------

PERSON = ("person", "email")
START = ("start", "start_date", "from")
END = ("end", "end_date", "to")


@dataclass(frozen=True)
class TimeOffImport:
    rows: int
    added: int
    merged: int
    unchanged: int
    people: int


def _column(index: dict[str, int], names: tuple[str, ...]) -> int | None:
    return next((index[n] for n in names if n in index), None)


def _day(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _parse(session: Session, text: str) -> list[tuple[int, int, Span]]:
    """(line, person, period) of every row; ImportRejected listing every bad row."""
    header, records = read_rows(text, first_columns=PERSON)
    index = {h.casefold(): i for i, h in enumerate(header)}
    person_col, start_col, end_col = (_column(index, names) for names in (PERSON, START, END))
    if person_col is None or start_col is None or end_col is None:
        raise DomainError("the header must be `person,start,end[,reason]`", field="header")
    reason_col = index.get("reason")
    people = {email: pid for email, pid in session.execute(select(Person.email, Person.id))}
    errors: list[RowError] = []
    entries: list[tuple[int, int, Span]] = []
    for line, record in records:
        cells = record + [""] * (len(header) - len(record))
        email = cells[person_col].strip()
        pid = people.get(email.lower())
        if pid is None:
            errors.append(
                RowError(line, "person", f"no person with email {email!r}" if email else "is empty")
            )
        start, end = _day(cells[start_col]), _day(cells[end_col])
        for field, raw, day in (("start", cells[start_col], start), ("end", cells[end_col], end)):
            if day is None:
                errors.append(RowError(line, field, f"{raw.strip()!r} is not a date YYYY-MM-DD"))
        reason = cells[reason_col] if reason_col is not None else ""
        try:
            reason = clean_text(reason, field="reason", max_length=MAX_REASON, blank=True)
        except DomainError as bad:
            errors.append(RowError(line, "reason", bad.reason))
        if start is None or end is None:
            continue
        try:
            check_period(start, end, field="end")
        except DomainError as bad:
            errors.append(RowError(line, "end", bad.reason))
            continue
        if pid is not None:
            entries.append((line, pid, Span(start, end, reason)))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.line, e.field)))
    return entries


def import_time_off(session: Session, text: str) -> TimeOffImport:
    """Add every period of HR's file (`person,start,end[,reason]`, person by email, dates
    YYYY-MM-DD), merged as one by one: all or nothing."""
    entries = _parse(session, text)
    periods = _periods_of(session, {pid for _, pid, _ in entries})
    tally: dict[Outcome, int] = {"added": 0, "merged": 0, "unchanged": 0}
    for _, pid, span in entries:
        tally[_put(session, periods[pid], pid, span)[1]] += 1
    session.flush()
    return TimeOffImport(
        rows=len(entries),
        added=tally["added"],
        merged=tally["merged"],
        unchanged=tally["unchanged"],
        people=len(periods),
    )
