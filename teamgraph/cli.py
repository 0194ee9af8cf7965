"""`teamgraph`: one console script, a subcommand per job.

Each command opens one unit of work: it commits when it succeeds and writes nothing when it
fails. Expected failures print `error: FIELD: REASON` and exit 2 (1 for a rejected import); so
does a command run on a database that is not migrated (one line, no traceback). Where a command
takes the id of a plan, an account or a token, it takes the API's global id as well.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from teamgraph.config import LOG_LEVELS, Settings
from teamgraph.db import make_engine, make_session_factory, unit_of_work
from teamgraph.errors import DomainError, ImportRejected, NotFoundError

Handler = Callable[[argparse.Namespace, Settings], int]
CLI_ACTOR = "cli"


def _work(settings: Settings) -> Any:
    return unit_of_work(make_session_factory(make_engine(settings.database_url)), actor=CLI_ACTOR)


def row_id(value: str, type_name: str, *, option: str) -> int:
    """The primary key given as a plain number or as the API's global id of a `type_name`."""
    from teamgraph.api.core.ids import from_global_id

    text = value.strip()
    if text.isdigit():
        return int(text)
    try:
        return from_global_id(text, expect=type_name)[1]
    except DomainError:
        raise NotFoundError(
            f"{value!r} is neither a {type_name.lower()} id (a number) nor the global id of a "
            f"{type_name} (as the API gives out)",
            field=option,
        ) from None


def account_ref(value: str) -> str:
    """An account given by name, number or global id, as `coverage` looks it up (a name or a
    number); a global id becomes its number."""
    from teamgraph.api.core.ids import from_global_id

    try:
        return str(from_global_id(value.strip(), expect="Account")[1])
    except DomainError:
        return value


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph import migrate

    if args.downgrade:
        migrate.downgrade(settings.database_url, args.downgrade)
    else:
        migrate.upgrade(settings.database_url, args.revision)
    print(f"database at {settings.database_url} is at {args.downgrade or args.revision}")
    return 0


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.people.models import Person
    from teamgraph.seeding import load_catalogue, load_demo

    with _work(settings) as session:
        if args.what == "catalogue":
            print(f"catalogue: {load_catalogue(session)} skill(s) added")
            return 0
        if args.if_empty and session.scalar(select(func.count()).select_from(Person)):
            print("demo: the store already holds people; nothing loaded")
            return 0
        added = load_demo(session)
    if not any(added.values()):
        print("demo: already loaded; nothing changed")
    else:
        print("demo: added " + ", ".join(f"{v} {k}" for k, v in sorted(added.items()) if v))
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.people.skills_matrix import import_matrix
    from teamgraph.people.time_off import import_time_off

    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8-sig")
    if args.kind == "time-off":
        with _work(settings) as session:
            periods = import_time_off(session, text)
        print(
            f"imported {periods.rows} period(s) for {periods.people} people: {periods.added} "
            f"new, {periods.merged} merged, {periods.unchanged} unchanged"
        )
        return 0
    with _work(settings) as session:
        summary = import_matrix(session, text, shape=args.shape)
    print(
        f"imported {summary.rows} row(s) for {summary.people} people: {summary.created} new, "
        f"{summary.updated} changed, {summary.unchanged} unchanged"
    )
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.people.skills_matrix import export_matrix

    with _work(settings) as session:
        text = export_matrix(session, shape=args.shape)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_generate(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.generate import generate_organisation

    with _work(settings) as session:
        counts = generate_organisation(
            session,
            people=args.people,
            accounts=args.accounts,
            seed=args.seed,
            contacts_per_account=args.contacts_per_account,
            relationships_per_contact=args.relationships_per_contact,
            progress=sys.stderr.isatty(),
        )
    print(json.dumps(counts.__dict__, sort_keys=True))
    return 0


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.auth.service import create_token

    with _work(settings) as session:
        token = create_token(
            session,
            role=args.role,
            person_email=args.person,
            label=args.label,
            expires_in_days=args.expires_in,
        )
    lasts = f", expires in {args.expires_in} day(s)" if args.expires_in else ""
    print(f"new {args.role} token (shown once{lasts}; send it as 'Authorization: Bearer TOKEN'):")
    print(token)
    return 0


def cmd_token_demo(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.auth.service import create_demo_tokens

    with _work(settings) as session:
        tokens = create_demo_tokens(session)
    print("Demo tokens, one per role (send as 'Authorization: Bearer TOKEN'):")
    for role, (who, token) in tokens.items():
        print(f"  {role:<9} {token}  ({who})")
    print("More: teamgraph token create --role viewer|kam_lead|hr_admin [--person EMAIL]")
    return 0


def cmd_token_list(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.api.core.ids import to_global_id
    from teamgraph.auth.service import all_tokens

    with _work(settings) as session:
        tokens = all_tokens(session, include_revoked=args.all)
    header = ("id", "global id", "role", "person", "label", "created", "expires", "revoked")
    rows = [
        (
            str(row.id),
            str(to_global_id("ApiToken", row.id)),
            row.role,
            email or "-",
            row.label or "-",
            f"{row.created_at:%Y-%m-%d %H:%M}",
            f"{row.expires_at:%Y-%m-%d %H:%M}" if row.expires_at else "-",
            f"{row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "-",
        )
        for row, email in tokens
    ]
    widths = [max(len(cells[i]) for cells in [header, *rows]) for i in range(len(header))]
    for cells in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)))
    if not rows:
        print("(no tokens)" if args.all else "(no working tokens; --all shows the others)")
    return 0


def cmd_token_revoke(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.auth.service import revoke_token_id

    token_id = row_id(args.id, "ApiToken", option="id")
    with _work(settings) as session:
        row = revoke_token_id(session, token_id=token_id, field="id")
        when = row.revoked_at
    print(f"token {token_id} ({row.role}) revoked at {when:%Y-%m-%d %H:%M} UTC")
    return 0


def cmd_coverage(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.network.store import coverage_report

    with _work(settings) as session:
        sys.stdout.write(
            coverage_report(
                session, account_ref(args.account), settings=settings, as_json=args.json
            )
        )
    return 0


def cmd_export_problem(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.staffing.compile import compile_plan

    plan_id = row_id(args.plan, "Plan", option="plan")
    with _work(settings) as session:
        compiled = compile_plan(session, plan_id, settings=settings)
    text = json.dumps(compiled.problem, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print(text)
    return 0


def cmd_solve(args: argparse.Namespace, settings: Settings) -> int:
    import solver
    from teamgraph.staffing.compile import compile_plan
    from teamgraph.staffing.report import team_report

    plan_id = row_id(args.plan, "Plan", option="plan")
    with _work(settings) as session:
        compiled = compile_plan(session, plan_id, settings=settings)
        result = solver.solve(
            solver.parse_problem(compiled.problem),
            time_limit=args.time_limit or settings.solver_time_limit,
            workers=settings.solver_workers,
        )
        if args.json:
            print(json.dumps(solver.result_to_json(result), indent=2))
        else:
            sys.stdout.write(team_report(session, result))
    return 0


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.api.schema import build_schema, sdl

    text = sdl(build_schema())
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from teamgraph.app import create_app
    from teamgraph.ops.logs import configure_logging

    host, port = args.host or settings.host, args.port or settings.port
    level = args.log_level or settings.log_level
    configure_logging(log_format=settings.log_format, level=level)
    app = create_app(settings)
    # What is loaded by now (modules, the schema) lives as long as the process: frozen, the
    # collector's full passes walk only requests' objects (a 1,000-contact account's coverage:
    # p95 from about 100 ms to under 40 ms, see bench/bench_network.py).
    gc.collect()
    gc.freeze()
    print(f"serving GraphQL at http://{host}:{port}/graphql", flush=True)
    # Our logging, not uvicorn's: every line with its level, time and request id; the access
    # line is written by teamgraph.ops.requests (with the operation and the duration).
    uvicorn.run(app, host=host, port=port, log_level=level, log_config=None, access_log=False)
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from teamgraph.jobs.lifecycle import run_worker
    from teamgraph.ops.logs import configure_logging

    configure_logging(log_format=settings.log_format, level=args.log_level or settings.log_level)
    if args.concurrency < 1 or args.concurrency > 64:
        print("error: --concurrency: must be 1 to 64", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    where = "procrastinate on PostgreSQL" if settings.on_postgres else "the SQLite job table"
    print(f"running solve jobs from {where}, {args.concurrency} at a time", flush=True)
    try:
        run_worker(make_session_factory(engine), settings, concurrency=args.concurrency)
    finally:
        engine.dispose()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="teamgraph",
        description="Staff key-account teams from a talent map and a relationship web.",
    )
    parser.add_argument(
        "--database-url", help="overrides TEAMGRAPH_DATABASE_URL (default sqlite:///./teamgraph.db)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("serve", help="serve the GraphQL API with uvicorn")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument(
        "--log-level", choices=LOG_LEVELS, default=None, help="default TEAMGRAPH_LOG_LEVEL (info)"
    )
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser(
        "worker", help="run solve jobs (assembleTeam, whatIf) queued by any API process"
    )
    p.add_argument(
        "--concurrency", type=int, default=1, help="jobs solved at once (1-64; default 1)"
    )
    p.add_argument(
        "--log-level", choices=LOG_LEVELS, default=None, help="default TEAMGRAPH_LOG_LEVEL (info)"
    )
    p.set_defaults(handler=cmd_worker)

    p = sub.add_parser("migrate", help="upgrade the database schema (Alembic)")
    p.add_argument("--revision", default="head")
    p.add_argument("--downgrade", metavar="REVISION", help="downgrade to REVISION (e.g. base)")
    p.set_defaults(handler=cmd_migrate, migrated=False)

    p = sub.add_parser("seed", help="load the default catalogue or the demo organisation")
    p.add_argument("what", choices=["catalogue", "demo"])
    p.add_argument("--if-empty", action="store_true", help="only when the store holds no people")
    p.set_defaults(handler=cmd_seed)

    p = sub.add_parser("import", help="import HR data (all or nothing)")
    p.add_argument("kind", choices=["skills-matrix", "time-off"])
    p.add_argument("file", help="CSV file, or - for standard input")
    p.add_argument(
        "--shape", choices=["auto", "long", "wide"], default="auto", help="skills-matrix only"
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="export HR data as CSV")
    p.add_argument("kind", choices=["skills-matrix"])
    p.add_argument("--shape", choices=["long", "wide"], default="long")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("generate", help="fill the store with a large synthetic organisation")
    p.add_argument("--people", type=int, required=True)
    p.add_argument("--accounts", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--contacts-per-account", type=int, default=20)
    p.add_argument("--relationships-per-contact", type=float, default=4.0)
    p.set_defaults(handler=cmd_generate)

    p = sub.add_parser("coverage", help="an account's breadth and single points of failure")
    p.add_argument("account", help="account name, id or global id")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_coverage)

    p = sub.add_parser("export-problem", help="a plan's staffing problem as solver JSON")
    p.add_argument("--plan", required=True, help="plan id or global id")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.set_defaults(handler=cmd_export_problem)

    p = sub.add_parser("solve", help="assemble the team for a plan's open tasks (prints it)")
    p.add_argument("--plan", required=True, help="plan id or global id")
    p.add_argument("--time-limit", type=float, help="seconds (default TEAMGRAPH_SOLVER_TIME_LIMIT)")
    p.add_argument("--json", action="store_true", help="the solver's result JSON")
    p.set_defaults(handler=cmd_solve)

    p = sub.add_parser("export-schema", help="write the GraphQL SDL (the published contract)")
    p.add_argument(
        "--output", "-o", default="schema/teamgraph.graphql", help="file, or - for stdout"
    )
    p.set_defaults(handler=cmd_export_schema, migrated=False)

    p = sub.add_parser("token", help="manage API tokens")
    token_sub = p.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    t = token_sub.add_parser("create", help="create a token; prints it on the last line")
    t.add_argument("--role", required=True, choices=["viewer", "kam_lead", "hr_admin"])
    t.add_argument("--person", metavar="EMAIL", help="the person the token acts as")
    t.add_argument("--label", default="")
    t.add_argument(
        "--expires-in",
        type=int,
        metavar="DAYS",
        help="refused after this many days (1 to 3650; default: until revoked)",
    )
    t.set_defaults(handler=cmd_token)
    t = token_sub.add_parser("demo", help="create one token per role for trying the API")
    t.set_defaults(handler=cmd_token_demo)
    t = token_sub.add_parser("list", help="the working tokens (never their secret)")
    t.add_argument("--all", action="store_true", help="revoked and expired ones too")
    t.set_defaults(handler=cmd_token_list)
    t = token_sub.add_parser("revoke", help="revoke a token: it is refused from now on")
    t.add_argument("id", help="the token's id or global id (see token list)")
    t.set_defaults(handler=cmd_token_revoke)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        if args.database_url:
            settings = Settings(**{**settings.__dict__, "database_url": args.database_url})
        if getattr(args, "migrated", True):
            from teamgraph.migrate import not_ready

            problem = not_ready(settings.database_url)
            if problem is not None:
                print(f"error: {problem}", file=sys.stderr)
                return 2
        handler: Handler = args.handler
        return handler(args, settings)
    except ImportRejected as rejected:
        for error in rejected.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"error: {rejected.reason}", file=sys.stderr)
        return 1
    except (DomainError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
