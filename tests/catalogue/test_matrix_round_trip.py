"""Export then import of the skills matrix is the identity, whatever was merged, retired or
restored: on generated catalogues, proficiencies and catalogue changes, importing the export
into the same store changes nothing, and importing it into a copy of the catalogue and people
(no levels yet) gives back the same matrix."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.catalogue import retire
from teamgraph.catalogue.merge import merge_skills
from teamgraph.catalogue.models import Skill
from teamgraph.catalogue.service import create_skill, term_key
from teamgraph.errors import DomainError
from teamgraph.people.models import Proficiency
from teamgraph.people.service import set_proficiency
from teamgraph.people.skills_matrix import export_matrix, import_matrix
from teamgraph.plans.tasks import SkillNeed, create_task
from tests import factories

# Names a spreadsheet makes hard: delimiters, quotes, accents, case.
NAMES = [
    "Negotiation",
    "C; C++",
    "Ops, Dev",
    'The "Pitch"',
    "Straße",
    "sql",
    "SQL Server",
    "Déjà vu",
    "Go",
    "Kubernetes",
]
PEOPLE = ["ann@example.com", "bob@example.com", "cy@example.com"]
Operation = tuple[str, int, int | None]
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["merge", "retire", "restore"]),
        st.integers(0, len(NAMES) - 1),
        st.none() | st.integers(0, len(NAMES) - 1),
    ),
    max_size=6,
)


def proficiencies(session: Session) -> set[tuple[int, int, int]]:
    rows = session.execute(select(Proficiency.person_id, Proficiency.skill_id, Proficiency.level))
    return {(p, s, level) for p, s, level in rows}


def apply(session: Session, skills: list[Skill], operation: Operation) -> None:
    """One catalogue change; a refused one (a mandatory need, a skill retired) changes nothing."""
    kind, a, b = operation
    with contextlib.suppress(DomainError), session.begin_nested():
        if kind == "merge" and b is not None:
            merge_skills(session, from_id=skills[a].id, into_id=skills[b].id)
        elif kind == "retire":
            other = None if b is None else skills[b].id
            retire.retire_skill(session, skill_id=skills[a].id, replaced_by_id=other)
        elif kind == "restore":
            retire.restore_skill(session, skill_id=skills[a].id)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique_by=term_key),
    levels=st.dictionaries(
        st.tuples(st.integers(0, len(PEOPLE) - 1), st.integers(0, len(NAMES) - 1)),
        st.integers(1, 5),
        max_size=12,
    ),
    mandatory=st.none() | st.integers(0, len(NAMES) - 1),
    operations=OPERATIONS,
    shape=st.sampled_from(["long", "wide"]),
)
def test_export_then_import_changes_nothing(
    session: Session,
    names: list[str],
    levels: dict[tuple[int, int], int],
    mandatory: int | None,
    operations: list[Operation],
    shape: str,
) -> None:
    with session.begin_nested() as savepoint:
        skills = [create_skill(session, name=name) for name in names]
        people = [factories.person(session, email=email) for email in PEOPLE]
        for (p, s), level in levels.items():
            if s < len(skills):
                set_proficiency(session, person_id=people[p].id, skill_id=skills[s].id, level=level)
        if mandatory is not None and mandatory < len(skills):
            plan = factories.plan(session, factories.account(session).id)
            create_task(
                session,
                plan_id=plan.id,
                kind="research",
                title="Needs it",
                effort_hours=4,
                skills=[SkillNeed(skills[mandatory].id, 3, mandatory=True)],
            )
        for kind, a, b in operations:
            if a < len(skills) and (b is None or b < len(skills)):
                apply(session, skills, (kind, a, b))
        before = proficiencies(session)
        exported = export_matrix(session, shape=shape)  # type: ignore[arg-type]

        # Into the same store: every row is unchanged.
        if exported.count("\n") > 1:
            summary = import_matrix(session, exported)
            assert (summary.created, summary.updated) == (0, 0)
        assert proficiencies(session) == before

        # Into a copy of the catalogue and people without levels: the same matrix.
        session.execute(Proficiency.__table__.delete())
        if exported.count("\n") > 1:
            import_matrix(session, exported)
        assert export_matrix(session, shape=shape) == exported  # type: ignore[arg-type]
        active = {s.id for s in skills if s.status == "active"}
        assert proficiencies(session) == {row for row in before if row[1] in active}
        savepoint.rollback()
