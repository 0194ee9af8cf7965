"""Keyset pagination: walking pages forwards or backwards yields every row once, in order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.errors import DomainError
from teamgraph.pagination import PageRequest, paginate
from teamgraph.people.models import Person
from tests import factories

NAMES = st.lists(
    st.sampled_from(["Ann", "Bob", "Cleo", "Dev", "Émile", "ann"]), min_size=0, max_size=12
)


def walk_forward(session: Session, size: int) -> list[int]:
    seen: list[int] = []
    after = None
    while True:
        page = paginate(
            session, select(Person), (Person.name, Person.id), PageRequest(first=size, after=after)
        )
        seen += [p.id for p in page.items]
        assert page.total_count == session.query(Person).count()
        if not page.has_next_page:
            return seen
        after = page.cursors[-1]


def walk_backward(session: Session, size: int) -> list[int]:
    seen: list[int] = []
    before = None
    while True:
        page = paginate(
            session, select(Person), (Person.name, Person.id), PageRequest(last=size, before=before)
        )
        seen = [p.id for p in page.items] + seen
        if not page.has_previous_page:
            return seen
        before = page.cursors[0]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(NAMES, st.integers(1, 5))
def test_pages_cover_every_row_once_in_order(session: Session, names: list[str], size: int) -> None:
    with session.begin_nested() as savepoint:
        for name in names:
            factories.person(session, name=name)
        expected = [p.id for p in session.scalars(select(Person).order_by(Person.name, Person.id))]
        assert walk_forward(session, size) == expected
        assert walk_backward(session, size) == expected
        savepoint.rollback()


def test_rows_added_between_pages_are_neither_skipped_nor_repeated(session: Session) -> None:
    for name in ["Ann", "Bob", "Dev"]:
        factories.person(session, name=name)
    first = paginate(session, select(Person), (Person.name, Person.id), PageRequest(first=2))
    assert [p.name for p in first.items] == ["Ann", "Bob"]
    factories.person(session, name="Aaron")  # sorts before the cursor: not on later pages
    factories.person(session, name="Cleo")  # sorts after it: shows up next
    rest = paginate(
        session,
        select(Person),
        (Person.name, Person.id),
        PageRequest(first=10, after=first.cursors[-1]),
    )
    assert [p.name for p in rest.items] == ["Cleo", "Dev"]


@pytest.mark.parametrize(
    "request_, field",
    [
        (PageRequest(first=101), "first"),
        (PageRequest(last=-1), "last"),
        (PageRequest(first=1, last=1), "last"),
        (PageRequest(first=1, after="garbage!"), "after"),
        (PageRequest(last=1, before="WzFd"), "before"),
    ],
)
def test_bad_page_requests_name_the_argument(
    session: Session, request_: PageRequest, field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        paginate(session, select(Person), (Person.name, Person.id), request_)
    assert caught.value.field == field
