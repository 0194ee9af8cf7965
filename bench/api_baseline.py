"""The bare baseline of bench/bench_api.py: GraphQL's work for three queries, without GraphQL.

    python bench/api_baseline.py --database-url URL --port 8001

A Starlette app with one route per benchmarked query. Each takes the same request body as
/graphql (only its `variables` are read), goes through the same wrappers (the body limit; the
token guard: the token lookup, the request's session), calls the same service functions with
the same keys the resolvers' loaders batch (one statement per kind of row), and answers
exactly the JSON body GraphQL answers; bench_api.py checks that before it measures. What is
left out is GraphQL: parsing, validation, the limits, field-by-field execution, DataLoaders.

Served like `teamgraph serve`: one uvicorn process, start-up objects frozen out of the
collector's way (gc.freeze).
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Callable
from typing import Any

import uvicorn
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, request_response

from teamgraph.accounts.models import Account, Contact
from teamgraph.api.core.ids import from_global_id, to_global_id
from teamgraph.api.guards.authentication import TokenGuard
from teamgraph.api.guards.body_limit import BodyLimit
from teamgraph.api.people.queries import skill_ref
from teamgraph.catalogue.models import Skill
from teamgraph.config import Settings
from teamgraph.db import make_engine, make_session_factory, pool_capacity
from teamgraph.errors import DomainError
from teamgraph.network import store as network_store
from teamgraph.network.drawing import Drawing
from teamgraph.pagination import PageRequest
from teamgraph.people import service as people_service
from teamgraph.people.models import Person
from teamgraph.plans import tasks as task_service
from teamgraph.plans import team as team_service
from teamgraph.plans.models import Assignment, Plan, Proposal, Task, TaskSkill
from teamgraph.rows import rows_by_id, rows_grouped
from teamgraph.staffing.compile import store_id

# The literals of the benchmarked operations (bench_api.py's QUERIES).
PEOPLE_MIN_LEVEL = 3
PEOPLE_FIRST = 50
PLAN_TASKS_FIRST = 50


def _pk(global_id: str, type_name: str) -> int | None:
    try:
        return from_global_id(global_id, expect=type_name)[1]
    except DomainError:
        return None


def _person(row: Person | None) -> dict[str, Any] | None:
    return None if row is None else {"id": to_global_id("Person", row.id), "name": row.name}


# --- (a) people by skill --------------------------------------------------------------------


def people_by_skill(session: Session, settings: Settings, skill: str) -> dict[str, Any]:
    page = people_service.list_people(
        session,
        PageRequest(first=PEOPLE_FIRST),
        skill_id=skill_ref(session, skill, field="skill"),
        min_level=PEOPLE_MIN_LEVEL,
        max_size=settings.max_page_size,
    )
    return {
        "people": {
            "totalCount": page.total_count,
            "edges": [
                {
                    "node": {
                        "id": to_global_id("Person", p.id),
                        "name": p.name,
                        "title": p.title,
                        "department": p.department,
                    }
                }
                for p in page.items
            ],
            "pageInfo": {
                "hasNextPage": page.has_next_page,
                "endCursor": page.cursors[-1] if page.cursors else None,
            },
        }
    }


# --- (b) an account's coverage with its drawable graph ----------------------------------------


def _node_id(node: tuple[str, int]) -> str:
    kind, pk = node
    return to_global_id("Person" if kind == "person" else "Contact", pk)


def _graph_objects(drawing: Drawing) -> dict[str, Any]:
    return {
        "nodes": [
            {
                "id": _node_id(n.id),
                "kind": n.kind.upper(),
                "label": n.label,
                "flags": list(n.flags),
                "x": n.x,
                "y": n.y,
            }
            for n in drawing.nodes
        ],
        "edges": [
            {
                "source": _node_id(e.source),
                "target": _node_id(e.target),
                "kind": e.kind,
                "strength": round(e.strength, 4),
            }
            for e in drawing.edges
        ],
    }


def _graph_columns(drawing: Drawing) -> dict[str, Any]:
    nodes, edges = drawing.nodes, drawing.edges
    at = {n.id: i for i, n in enumerate(nodes)}
    return {
        "columns": {
            "ids": [_node_id(n.id) for n in nodes],
            "kinds": [n.kind.upper() for n in nodes],
            "labels": [n.label for n in nodes],
            "flags": [list(n.flags) for n in nodes],
            "xs": [n.x for n in nodes],
            "ys": [n.y for n in nodes],
            "edgeSources": [at[e.source] for e in edges],
            "edgeTargets": [at[e.target] for e in edges],
            "edgeKinds": [e.kind for e in edges],
            "edgeStrengths": [round(e.strength, 4) for e in edges],
        }
    }


def _coverage(
    session: Session, settings: Settings, account_id: str, graph: Callable[[Drawing], Any]
) -> dict[str, Any]:
    pk = _pk(account_id, "Account")
    # Held while the coverage loads, as the request's loader holds it: the session's identity
    # map is weak, and the coverage reads the account again (from the map while it lives).
    account = rows_by_id(session, Account, [pk]).get(pk) if pk is not None else None
    if account is None:
        return {"account": None}
    found = network_store.account_coverage(session, account.id, settings=settings)
    risk, breadth = found.risk, found.breadth
    contacts = rows_by_id(session, Contact, [s.contact[1] for s in risk.sole_threads])
    sole_threads = []
    for s in risk.sole_threads:
        contact = contacts.get(s.contact[1])
        sole_threads.append(
            {
                "influence": s.influence,
                "contact": None
                if contact is None
                else {"id": to_global_id("Contact", contact.id), "name": contact.name},
            }
        )
    return {
        "account": {
            "coverage": {
                "breadth": {
                    "index": breadth.index,
                    "contacts": breadth.contacts,
                    "covered": breadth.covered,
                    "multiThreaded": breadth.multi_threaded,
                },
                "soleThreads": sole_threads,
                "busFactor": {"size": risk.bus_factor.size},
                "graph": graph(found.drawing),
            }
        }
    }


def account_coverage(session: Session, settings: Settings, account_id: str) -> dict[str, Any]:
    return _coverage(session, settings, account_id, _graph_objects)


def account_coverage_columns(
    session: Session, settings: Settings, account_id: str
) -> dict[str, Any]:
    return _coverage(session, settings, account_id, _graph_columns)


# --- (c) a plan with tasks, team and the solver's explanations --------------------------------


def plan_detail(session: Session, settings: Settings, plan_id: str) -> dict[str, Any]:
    pk = _pk(plan_id, "Plan")
    plan = rows_by_id(session, Plan, [pk]).get(pk) if pk is not None else None
    if plan is None:
        return {"plan": None}
    page = task_service.tasks_pages(
        session, [pk], PageRequest(first=PLAN_TASKS_FIRST), max_size=settings.max_page_size
    )[pk]
    members = team_service.teams_by_plan_id(session, [pk])[pk]
    proposals = list(
        session.scalars(
            select(Proposal).where(Proposal.plan_id.in_([pk])).order_by(Proposal.id.desc())
        )
    )
    proposed = [a for p in proposals for a in p.result.get("assignments", [])]
    task_ids = [t.id for t in page.items]
    skills_of = rows_grouped(session, TaskSkill.task_id, task_ids, (TaskSkill.skill_id,))
    assignments_of = rows_grouped(
        session, Assignment.task_id, task_ids, (Assignment.role, Assignment.id)
    )
    people = rows_by_id(
        session,
        Person,
        [m.person_id for m in members]
        + [store_id(a["person"]) for a in proposed]
        + [a.person_id for rows in assignments_of.values() for a in rows],
    )
    proposed_tasks = rows_by_id(session, Task, [store_id(a["task"]) for a in proposed])
    skill_names = {
        s.id: s.name
        for s in rows_by_id(
            session, Skill, [s.skill_id for rows in skills_of.values() for s in rows]
        ).values()
    }

    def task_ref(task_id: int) -> dict[str, Any] | None:
        row = proposed_tasks.get(task_id)
        return None if row is None else {"id": to_global_id("Task", row.id), "title": row.title}

    return {
        "plan": {
            "name": plan.name,
            "tasks": {
                "edges": [
                    {
                        "node": {
                            "id": to_global_id("Task", t.id),
                            "title": t.title,
                            "status": t.status.upper(),
                            "skills": [
                                {"skillName": skill_names.get(s.skill_id, ""), "level": s.level}
                                for s in skills_of.get(t.id, [])
                            ],
                            "assignments": [
                                {"role": a.role.upper(), "person": _person(people.get(a.person_id))}
                                for a in assignments_of.get(t.id, [])
                            ],
                        }
                    }
                    for t in page.items
                ]
            },
            "team": [
                {"roles": [r.upper() for r in m.roles], "person": _person(people.get(m.person_id))}
                for m in members
            ],
            "proposals": [
                {
                    "objective": p.objective,
                    "assignments": [
                        {
                            "utility": a["utility"],
                            "why": [{"term": w["term"], "points": w["value"]} for w in a["why"]],
                            "person": _person(people.get(store_id(a["person"]))),
                            "task": task_ref(store_id(a["task"])),
                        }
                        for a in p.result.get("assignments", [])
                    ],
                }
                for p in proposals
            ],
        }
    }


# --- the app ----------------------------------------------------------------------------------

ROUTES = {
    "people": people_by_skill,
    "coverage": account_coverage,
    "columns": account_coverage_columns,
    "plan": plan_detail,
}


def create_app(settings: Settings) -> Starlette:
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)

    def endpoint(build: Any) -> Any:
        async def answer(request: Request) -> Response:
            variables = (await request.json()).get("variables") or {}
            (value,) = variables.values()
            data = build(request.state.session, settings, value)
            return JSONResponse({"data": data})

        guarded = TokenGuard(
            request_response(answer),
            sessions,
            graphiql=False,
            max_sessions=pool_capacity(engine),
        )
        return BodyLimit(guarded, max_bytes=settings.max_body_bytes)  # as /graphql is wrapped

    def ping() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    async def healthz(_: Request) -> JSONResponse:  # as teamgraph.app's
        await run_in_threadpool(ping)
        return JSONResponse({"status": "ok"})

    routes = [Route("/healthz", healthz)]
    routes += [
        Route(f"/{name}", endpoint(build), methods=["POST"]) for name, build in ROUTES.items()
    ]
    return Starlette(routes=routes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args()
    settings = Settings(**{**Settings.from_env().__dict__, "database_url": args.database_url})
    app = create_app(settings)
    gc.collect()
    gc.freeze()  # as `teamgraph serve` does
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
