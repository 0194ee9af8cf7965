"""Time off: a person's periods never overlap or touch (a new period merges with those it
overlaps or touches), so the days away are exactly the days ever added, counted once."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.errors import DomainError, ImportRejected, NotFoundError
from teamgraph.people.models import TimeOff
from teamgraph.people.time_off import (
    Span,
    absorb,
    add_time_off,
    import_time_off,
    remove_time_off,
)
from tests import factories

DAY0 = dt.date(2026, 1, 1)


def days(span: Span) -> set[dt.date]:
    return {span.start + dt.timedelta(days=i) for i in range((span.end - span.start).days + 1)}


def add_all(added: list[Span]) -> list[Span]:
    """The periods kept after adding `added` one by one, as the service keeps them."""
    kept: list[Span] = []
    for new in added:
        merged, swallowed = absorb(kept, new)
        kept = [s for i, s in enumerate(kept) if i not in swallowed] + [merged]
    return sorted(kept, key=lambda s: s.start)


spans = st.builds(
    lambda start, length, reason: Span(
        DAY0 + dt.timedelta(days=start), DAY0 + dt.timedelta(days=start + length), reason
    ),
    st.integers(0, 60),
    st.integers(0, 10),
    st.sampled_from(["", "holiday", "training", "Holiday"]),
)


@given(st.lists(spans, max_size=12))
def test_kept_periods_are_apart_and_cover_exactly_the_days_added(added: list[Span]) -> None:
    kept = add_all(added)
    for before, after in itertools.pairwise(kept):
        assert before.end + dt.timedelta(days=1) < after.start  # apart: neither overlap nor touch
    assert set().union(*map(days, kept)) == set().union(*map(days, added))
    # Adding any of them again changes nothing.
    for span in added:
        assert add_all([*kept, span]) == kept


def test_reasons_are_joined_once_in_order() -> None:
    kept = add_all(
        [
            Span(dt.date(2026, 7, 1), dt.date(2026, 7, 5), "holiday"),
            Span(dt.date(2026, 7, 10), dt.date(2026, 7, 12), "training"),
            Span(dt.date(2026, 7, 4), dt.date(2026, 7, 9), "Holiday"),
        ]
    )
    assert kept == [Span(dt.date(2026, 7, 1), dt.date(2026, 7, 12), "holiday; training")]


def test_add_merge_and_remove(session: Session) -> None:
    ann = factories.person(session)
    first, outcome = add_time_off(
        session, person_id=ann.id, start=dt.date(2026, 8, 3), end=dt.date(2026, 8, 7)
    )
    assert outcome == "added"
    again, outcome = add_time_off(
        session, person_id=ann.id, start=dt.date(2026, 8, 4), end=dt.date(2026, 8, 5)
    )
    assert (again.id, outcome) == (first.id, "unchanged")
    _later, outcome = add_time_off(
        session, person_id=ann.id, start=dt.date(2026, 8, 20), end=dt.date(2026, 8, 21)
    )
    assert outcome == "added"
    bridge, outcome = add_time_off(
        session,
        person_id=ann.id,
        start=dt.date(2026, 8, 8),
        end=dt.date(2026, 8, 19),
        reason="  summer   leave ",
    )
    assert (bridge.id, outcome) == (first.id, "merged")
    rows = session.scalars(select(TimeOff).where(TimeOff.person_id == ann.id)).all()
    assert [(r.start_date, r.end_date, r.reason) for r in rows] == [
        (dt.date(2026, 8, 3), dt.date(2026, 8, 21), "summer leave")
    ]
    assert remove_time_off(session, time_off_id=first.id) == ann.id
    assert session.scalars(select(TimeOff).where(TimeOff.person_id == ann.id)).all() == []
    with pytest.raises(NotFoundError) as missing:
        remove_time_off(session, time_off_id=first.id)
    assert missing.value.field == "timeOffId"


@pytest.mark.parametrize(
    ("start", "end", "field", "reason"),
    [
        (dt.date(2026, 5, 2), dt.date(2026, 5, 1), "endDate", "2026-05-01 is before the start"),
        (dt.date(2026, 1, 1), dt.date(2027, 1, 2), "endDate", "367 days is longer than a year"),
    ],
)
def test_bad_periods_name_the_field(
    session: Session, start: dt.date, end: dt.date, field: str, reason: str
) -> None:
    ann = factories.person(session)
    with pytest.raises(DomainError) as bad:
        add_time_off(session, person_id=ann.id, start=start, end=end)
    assert bad.value.field == field and bad.value.reason.startswith(reason)


def test_an_unknown_person_is_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError) as nobody:
        add_time_off(session, person_id=999_999, start=DAY0, end=DAY0)
    assert nobody.value.field == "personId"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_import_reads_every_dialect(session: Session, delimiter: str) -> None:
    ann = factories.person(session)
    rows = [
        ["person", "start", "end", "reason"],
        [ann.email, "2026-03-02", "2026-03-06", "ski"],
        [ann.email, "2026-03-04", "2026-03-09", ""],
        [ann.email, "2026-03-02", "2026-03-06", "ski"],
    ]
    text = "".join(delimiter.join(r) + "\n" for r in rows)
    summary = import_time_off(session, text)
    assert (summary.rows, summary.added, summary.merged, summary.unchanged) == (3, 1, 1, 1)
    kept = session.scalars(select(TimeOff).where(TimeOff.person_id == ann.id)).all()
    assert [(r.start_date, r.end_date, r.reason) for r in kept] == [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 9), "ski")
    ]


def test_a_bad_header_or_file_is_refused_whole(session: Session) -> None:
    with pytest.raises(DomainError) as header:
        import_time_off(session, "who,when\nx,y\n")
    assert header.value.field == "header"
    with pytest.raises(DomainError) as empty:
        import_time_off(session, "\ufeff \n")
    assert empty.value.field == "file"
    ann = factories.person(session)
    with pytest.raises(ImportRejected) as rejected:
        import_time_off(
            session,
            f"person,start,end\n{ann.email},2026-01-01,2026-01-02\n,2026-01-01,\n",
        )
    assert [(e.line, e.field) for e in rejected.value.errors] == [(3, "end"), (3, "person")]
    assert session.scalars(select(TimeOff).where(TimeOff.person_id == ann.id)).all() == []
