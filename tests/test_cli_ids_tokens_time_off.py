"""The console script's small things: a database not migrated said in one line, the API's global
ids taken wherever an id is, tokens listed and revoked, HR's time off imported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from teamgraph.api.core.ids import to_global_id
from teamgraph.auth.models import ApiToken
from teamgraph.auth.service import authenticate, create_token
from teamgraph.cli import main
from teamgraph.people.models import TimeOff
from tests import factories
from tests.databases import committed_session, database_url


@pytest.fixture
def db(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = database_url(backend, tmp_path_factory, "cli_small")
    assert main(["--database-url", url, "migrate"]) == 0
    return url


def run(db: str, *args: str) -> int:
    return main(["--database-url", db, *args])


# --- a database that is not migrated ------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["coverage", "Acme"],
        ["token", "list"],
        ["seed", "demo"],
        ["solve", "--plan", "1"],
        ["import", "time-off", "-"],
    ],
    ids=lambda c: c[0],
)
def test_a_command_before_migrate_says_so_in_one_line(
    backend: str,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    url = database_url(backend, tmp_path_factory, "unmigrated")
    assert run(url, *command) == 2
    captured = capsys.readouterr()
    assert captured.err == "error: the database is not migrated: run `teamgraph migrate` first\n"
    assert captured.out == ""


def test_a_database_behind_the_code_names_both_migrations(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "migrate", "--downgrade", "0001") == 0
    capsys.readouterr()
    assert run(db, "token", "list") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the database is at migration 0001 and this teamgraph needs ")
    assert err.endswith("run `teamgraph migrate`\n") and err.count("\n") == 1
    assert run(db, "migrate") == 0
    assert run(db, "token", "list") == 0


def test_an_unreachable_database_is_one_line_without_its_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql+psycopg://someone:hunter2@127.0.0.1:1/nowhere"
    assert run(url, "token", "list") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot open the database at ") and err.count("\n") == 1
    assert "hunter2" not in err


# --- global ids where the CLI takes an id --------------------------------------------------------


def _small_plan(db: str) -> tuple[int, int]:
    with committed_session(db) as session:
        kam = factories.person(session, name="Kam", email="kam@example.com")
        factories.person(session, name="Pat", email="pat@example.com")
        account = factories.account(session, name="Acme", kam_id=kam.id)
        plan = factories.plan(session, account.id, name="Pilot")
        factories.task(session, plan.id, title="Profile the customer")
        return plan.id, account.id


def test_plans_by_number_or_global_id(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_id, _ = _small_plan(db)
    global_id = str(to_global_id("Plan", plan_id))
    for given in (str(plan_id), global_id):
        out = tmp_path / f"problem-{given}.json"
        assert run(db, "export-problem", "--plan", given, "-o", str(out)) == 0
        assert len(json.loads(out.read_text())["tasks"]) == 1
    capsys.readouterr()
    assert run(db, "solve", "--plan", global_id, "--time-limit", "5") == 0
    assert "Profile the customer" in capsys.readouterr().out


@pytest.mark.parametrize(
    "bad",
    ["plan-7", str(to_global_id("Account", 1)), "UGxhbjp4"],
    ids=["text", "an-account-id", "not-a-number-inside"],
)
def test_anything_else_is_a_clear_error_naming_the_option(
    db: str, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    assert run(db, "solve", "--plan", bad) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: plan: {bad!r} is neither a plan id (a number) nor the global")
    assert err.count("\n") == 1


def test_coverage_takes_an_accounts_global_id(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, account_id = _small_plan(db)
    assert run(db, "coverage", str(to_global_id("Account", account_id)), "--json") == 0
    assert json.loads(capsys.readouterr().out)["account"] == "Acme"


# --- tokens ---------------------------------------------------------------------------------------


def test_tokens_are_listed_without_their_secret_and_revoked_by_either_id(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with committed_session(db) as session:
        factories.person(session, email="kam@example.com")
        secrets = [
            create_token(session, role="viewer", label="dashboard"),
            create_token(session, role="kam_lead", person_email="kam@example.com"),
        ]
    assert run(db, "token", "list") == 0
    listing = capsys.readouterr().out
    header, viewer, kam = listing.splitlines()
    assert header.split() == [
        "id",
        "global",
        "id",
        "role",
        "person",
        "label",
        "created",
        "expires",
        "revoked",
    ]
    assert viewer.split()[2:5] == ["viewer", "-", "dashboard"]
    assert kam.split()[2:4] == ["kam_lead", "kam@example.com"]
    assert not any(secret in listing or secret[3:] in listing for secret in secrets)
    viewer_id, kam_global_id = viewer.split()[0], kam.split()[1]
    assert run(db, "token", "revoke", viewer_id) == 0
    assert run(db, "token", "revoke", kam_global_id) == 0
    assert "(kam_lead) revoked at" in capsys.readouterr().out
    with committed_session(db) as session:
        assert [authenticate(session, secret) for secret in secrets] == [None, None]
    assert run(db, "token", "list") == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("(no working tokens")
    assert run(db, "token", "list", "--all") == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert run(db, "token", "revoke", "999999") == 2
    assert "error: id: no apitoken with id 999999" in capsys.readouterr().err


def test_a_token_made_to_expire_is_refused_after_and_listed_only_with_all(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "token", "create", "--role", "viewer", "--expires-in", "0") == 2
    assert "expiresInDays: must be a whole number of days from 1 to 3650" in capsys.readouterr().err
    assert run(db, "token", "create", "--role", "viewer", "--expires-in", "30") == 0
    printed = capsys.readouterr().out
    assert "expires in 30 day(s)" in printed
    secret = printed.splitlines()[-1]
    with committed_session(db) as session:
        now = dt.datetime.now(dt.UTC)
        assert authenticate(session, secret, now=now + dt.timedelta(days=29)) is not None
        assert authenticate(session, secret, now=now + dt.timedelta(days=30, minutes=1)) is None
    assert run(db, "token", "list") == 0
    (row,) = capsys.readouterr().out.splitlines()[1:]
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    assert expires in row.split()[5:8]
    with committed_session(db) as session:
        session.execute(update(ApiToken).values(expires_at=dt.datetime.now(dt.UTC)))
    with committed_session(db) as session:
        assert authenticate(session, secret) is None
    assert run(db, "token", "list") == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("(no working tokens")
    assert run(db, "token", "list", "--all") == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


# --- time off -------------------------------------------------------------------------------------


def test_time_off_import_all_or_nothing(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with committed_session(db) as session:
        ann = factories.person(session, email="ann@example.com").id
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "person;start;end;reason\n"
        "ann@example.com;2026-07-01;2026-07-10;holiday\n"
        "ghost@example.com;2026-07-01;2026-07-02;\n"
        "ann@example.com;01/08/2026;2026-08-02;\n"
        "ann@example.com;2026-09-05;2026-09-01;\n"
    )
    assert run(db, "import", "time-off", str(bad)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: line 3: person: no person with email 'ghost@example.com'",
        "error: line 4: start: '01/08/2026' is not a date YYYY-MM-DD",
        "error: line 5: end: 2026-09-01 is before the start, 2026-09-05",
        "error: 3 bad row(s); nothing was imported",
    ]
    good = tmp_path / "good.csv"
    good.write_text(
        "\ufeffemail\tstart\tend\treason\n"
        "ANN@example.com\t2026-07-01\t2026-07-10\tholiday\n"
        "ann@example.com\t2026-07-11\t2026-07-12\ttravel\n"
    )
    assert run(db, "import", "time-off", str(good)) == 0
    assert "2 period(s) for 1 people: 1 new, 1 merged, 0 unchanged" in capsys.readouterr().out
    with committed_session(db) as session:
        rows = session.scalars(select(TimeOff).where(TimeOff.person_id == ann)).all()
        assert [(str(r.start_date), str(r.end_date), r.reason) for r in rows] == [
            ("2026-07-01", "2026-07-12", "holiday; travel")
        ]
