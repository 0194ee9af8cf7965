"""HR's skills matrix: both shapes, dialects, aliases, all-or-nothing with every bad line."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teamgraph.catalogue.service import create_skill
from teamgraph.errors import DomainError, ImportRejected
from teamgraph.people.models import Proficiency
from teamgraph.people.skills_matrix import export_matrix, import_matrix
from tests import factories


@pytest.fixture
def hr(session: Session) -> Session:
    factories.person(session, email="ann@example.com", name="Ann")
    factories.person(session, email="bob@example.com", name="Bob")
    create_skill(session, name="Negotiation", aliases=["Deal making"])
    create_skill(session, name="German", aliases=["Deutsch"])
    create_skill(session, name="SQL", aliases=["Structured Query Language"])
    return session


def levels(session: Session) -> dict[tuple[str, str], int]:
    return dict(
        ((email, skill), level)
        for email, skill, level in (
            line.split(",") for line in export_matrix(session).strip().splitlines()[1:]
        )
        for level in [int(level)]
    )


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Proficiency)) or 0


def test_long_shape_resolves_aliases_and_case(hr: Session) -> None:
    summary = import_matrix(
        hr, "person,skill,level\nANN@example.com,deal MAKING,4\nbob@example.com,deutsch,2\n"
    )
    assert (summary.created, summary.updated, summary.people) == (2, 0, 2)
    assert levels(hr) == {("ann@example.com", "Negotiation"): 4, ("bob@example.com", "German"): 2}


def test_wide_shape_with_semicolons_bom_and_blank_cells(hr: Session) -> None:
    text = "\ufeffemail;Negotiation;deutsch;SQL\nann@example.com;5;;3\nbob@example.com;;4;\n"
    summary = import_matrix(hr, text)
    assert summary.created == 3
    assert levels(hr) == {
        ("ann@example.com", "Negotiation"): 5,
        ("ann@example.com", "SQL"): 3,
        ("bob@example.com", "German"): 4,
    }


def test_reimport_updates_changed_levels_and_counts_unchanged(hr: Session) -> None:
    import_matrix(hr, "person,skill,level\nann@example.com,SQL,2\nbob@example.com,SQL,3\n")
    summary = import_matrix(
        hr, "person,skill,level\nann@example.com,SQL,4\nbob@example.com,SQL,3\n"
    )
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    assert levels(hr)[("ann@example.com", "SQL")] == 4


def test_bad_rows_are_all_reported_and_nothing_is_written(hr: Session) -> None:
    text = (
        "person,skill,level\n"
        "ann@example.com,SQL,3\n"
        "nobody@example.com,SQL,3\n"
        "bob@example.com,Negotiaton,2\n"
        "bob@example.com,German,seven\n"
        "ann@example.com,Structured query language,4\n"
        "bob@example.com,German,0\n"
    )
    with pytest.raises(ImportRejected) as caught:
        import_matrix(hr, text)
    found = [(e.line, e.field) for e in caught.value.errors]
    assert found == [(3, "person"), (4, "skill"), (5, "level"), (6, "skill"), (7, "level")]
    reasons = {e.line: e.reason for e in caught.value.errors}
    assert "nobody@example.com" in reasons[3]
    assert "did you mean negotiation" in reasons[4]
    assert "already given on line 2" in reasons[6]
    assert count(hr) == 0


def test_wide_unknown_skill_column_is_reported(hr: Session) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_matrix(hr, "person,SQL,Juggling\nann@example.com,3,4\n")
    assert [(e.line, e.field) for e in caught.value.errors] == [(1, "column 3")]
    assert count(hr) == 0


def test_retired_skill_maps_to_its_replacement_or_is_rejected(hr: Session) -> None:
    old = create_skill(hr, name="Haggling")
    sql = create_skill(hr, name="Postgres")
    old.status, old.replaced_by_id = "retired", sql.id
    gone = create_skill(hr, name="Fax")
    gone.status = "retired"
    hr.flush()
    import_matrix(hr, "person,skill,level\nann@example.com,haggling,3\n")
    assert levels(hr) == {("ann@example.com", "Postgres"): 3}
    with pytest.raises(ImportRejected) as caught:
        import_matrix(hr, "person,skill,level\nann@example.com,Fax,3\n")
    assert "retired" in caught.value.errors[0].reason


@pytest.mark.parametrize(
    "text, field",
    [("", "file"), ("name,age\nann,3\n", "header")],
    ids=["empty", "unknown-header"],
)
def test_unreadable_files_name_the_problem(hr: Session, text: str, field: str) -> None:
    with pytest.raises(DomainError) as caught:
        import_matrix(hr, text)
    assert caught.value.field == field


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.tuples(
            st.sampled_from(["ann@example.com", "bob@example.com"]),
            st.sampled_from(["Negotiation", "German", "SQL"]),
        ),
        st.integers(1, 5),
    ),
    st.sampled_from(["long", "wide"]),
)
def test_export_then_import_round_trips(
    hr: Session, wanted: dict[tuple[str, str], int], shape: str
) -> None:
    with hr.begin_nested() as savepoint:
        body = "person,skill,level\n" + "".join(f"{p},{s},{v}\n" for (p, s), v in wanted.items())
        if wanted:
            import_matrix(hr, body)
        exported = export_matrix(hr, shape=shape)  # type: ignore[arg-type]
        assert levels(hr) == wanted
        hr.execute(Proficiency.__table__.delete())
        if wanted:
            summary = import_matrix(hr, exported)
            assert summary.created == len(wanted)
        assert levels(hr) == wanted
        savepoint.rollback()
