"""The console script, run in-process against a database of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

import solver
from teamgraph.cli import main
from teamgraph.people.skills_matrix import export_matrix
from teamgraph.plans.models import Plan
from teamgraph.seeding import load_demo
from tests import factories
from tests.databases import committed_session, database_url


@pytest.fixture
def db(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = database_url(backend, tmp_path_factory, "cli")
    assert main(["--database-url", url, "migrate"]) == 0
    with committed_session(url) as session:
        factories.person(session, email="ann@example.com")
        factories.skill(session, name="SQL", aliases=["Structured Query Language"])
    return url


def run(db: str, *args: str) -> int:
    return main(["--database-url", db, *args])


def test_token_create_prints_the_token_on_its_last_line(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "token", "create", "--role", "hr_admin") == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("tg_") and len(last) > 30


def test_token_for_an_unknown_person_is_refused(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "token", "create", "--role", "kam_lead", "--person", "ghost@example.com") == 2
    assert "person: no person with email" in capsys.readouterr().err


def test_import_rejects_a_bad_file_whole_and_lists_every_bad_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "matrix.csv"
    bad.write_text(
        "person,skill,level\nann@example.com,SQL,3\nann@example.com,Cobol,3\nx@example.com,SQL,9\n"
    )
    assert run(db, "import", "skills-matrix", str(bad)) == 1
    err = capsys.readouterr().err
    assert "line 3: skill: unknown skill 'Cobol'" in err
    assert "line 4: person: no person with email 'x@example.com'" in err
    assert "line 4: level: '9' is not a level 1..5" in err
    assert "nothing was imported" in err
    with committed_session(db) as session:
        assert export_matrix(session) == "person,skill,level\n"


def test_import_then_export_both_shapes(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "matrix.csv"
    good.write_text("person;structured query language\nANN@example.com;4\n")
    assert run(db, "import", "skills-matrix", str(good)) == 0
    assert "1 new" in capsys.readouterr().out
    assert run(db, "export", "skills-matrix") == 0
    assert capsys.readouterr().out == "person,skill,level\nann@example.com,SQL,4\n"
    out = tmp_path / "wide.csv"
    assert run(db, "export", "skills-matrix", "--shape", "wide", "-o", str(out)) == 0
    assert out.read_text() == "person,SQL\nann@example.com,4\n"


def test_migrate_down_and_up(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "migrate", "--downgrade", "base") == 0
    assert run(db, "migrate") == 0
    assert "is at head" in capsys.readouterr().out


def test_export_problem_and_solve_a_demo_plan(
    backend: str, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    url = database_url(backend, tmp_path_factory, "staffing")
    assert main(["--database-url", url, "migrate"]) == 0
    with committed_session(url) as session:
        load_demo(session)
        plan_id = session.scalars(
            select(Plan.id).where(Plan.name == "Supply chain finance pilot")
        ).one()
    out = Path(tmp_path_factory.mktemp("problem")) / "problem.json"
    assert (
        main(["--database-url", url, "export-problem", "--plan", str(plan_id), "-o", str(out)]) == 0
    )
    problem = solver.parse_problem(json.loads(out.read_text()))
    assert len(problem.tasks) == 5
    capsys.readouterr()
    assert main(["--database-url", url, "solve", "--plan", str(plan_id), "--time-limit", "5"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("status OPTIMAL") or text.startswith("status FEASIBLE")
    assert "Profile the supplier base:" in text
