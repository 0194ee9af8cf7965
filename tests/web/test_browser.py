"""The app in a real browser (headless Chromium): every page loads with no console error and
no request to another host, the coverage graph draws what the API returns, the staffing flow
is clicked through and the database checked, a screenshot of each page is kept
(test-artefacts/browser/), and the token and error paths a person meets behave.

Skips, saying why, only when Chromium is not installed (`.ci/chromium.sh` installs it)."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from teamgraph.accounts.models import Account
from teamgraph.api.core.ids import to_global_id
from teamgraph.auth.service import create_token, revoke_token
from teamgraph.catalogue.models import Skill
from teamgraph.generate import generate_organisation
from teamgraph.people.models import Person, Proficiency
from teamgraph.plans.models import Assignment, Plan, Proposal, Task
from teamgraph.seeding import load_demo
from tests.databases import committed_session, migrated_database
from tests.web.browser import CHROMIUM_FLAGS, Visit, chromium_or_skip, live_server

pytestmark = pytest.mark.xdist_group("browser")  # one Chromium, on one worker

AMARA = "amara.okafor@ledgerline.example"
PLAN = "FY27 claims transformation"


@dataclass
class Site:
    base: str
    url: str  # the database's
    tokens: dict[str, str]
    backend: str

    def gid(self, model: Any, column: Any, value: str) -> str:
        with self.session() as session:
            pk = session.scalars(select(model.id).where(column == value)).one()
        return str(to_global_id(model.__name__, pk))

    def session(self) -> Any:
        return committed_session(self.url)

    def graphql(self, query: str, variables: dict[str, Any], role: str = "viewer") -> Any:
        request = urllib.request.Request(
            self.base + "/graphql",
            data=json.dumps({"query": query, "variables": variables}).encode(),
            headers={
                "content-type": "application/json",
                "authorization": f"Bearer {self.tokens[role]}",
            },
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            body = json.load(response)
        assert "errors" not in body, body
        return body["data"]


@pytest.fixture(scope="module")
def site(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    url = migrated_database(backend, tmp_path_factory, "browser")
    with committed_session(url) as session:
        load_demo(session)
        tokens = {role: create_token(session, role=role) for role in ("viewer", "hr_admin")}
        tokens["kam"] = create_token(session, role="kam_lead", person_email=AMARA)
    # The server runs the solve jobs itself (on PostgreSQL too), as `make run` does.
    env = {"TEAMGRAPH_SOLVER_TIME_LIMIT": "5", "TEAMGRAPH_SERVE_JOBS": "2"}
    with live_server(url, env) as base:
        yield Site(base=base, url=url, tokens=tokens, backend=backend)


@pytest.fixture(scope="module")
def large_site(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A generated organisation whose one plan (1,500 people x 300 tasks) CP-SAT improves for
    seconds: long enough to watch its progress."""
    url = migrated_database(backend, tmp_path_factory, "browser_large")
    with committed_session(url) as session:
        generate_organisation(session, people=1500, accounts=1, tasks_per_plan=300)
        kam = session.scalars(select(Person.email).join(Account, Account.kam_id == Person.id)).one()
        tokens = {"kam": create_token(session, role="kam_lead", person_email=kam)}
    with live_server(url, {"TEAMGRAPH_SERVE_JOBS": "2"}) as base:
        yield Site(base=base, url=url, tokens=tokens, backend=backend)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def visit(chromium: Any, site: Site) -> Iterator[Visit]:
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(20_000)
    found = Visit(page=context.new_page(), base=site.base)
    found.watch()
    yield found
    context.close()
    found.check()


def test_every_page_loads_without_errors_or_other_hosts(visit: Visit, site: Site) -> None:
    page = visit.page
    page.goto(site.base + "/")
    page.get_by_label("API token").wait_for()
    visit.screenshot(f"sign-in-{site.backend}")
    visit.sign_in(site.tokens["kam"])
    page.locator("table.accounts tbody tr").first.wait_for()
    assert page.locator("table.accounts tbody tr").count() == 6
    visit.screenshot(f"accounts-{site.backend}")
    contoso = site.gid(Account, Account.name, "Contoso Bank")
    page.goto(f"{site.base}/app/accounts/{contoso}")
    page.locator("[data-testid=coverage-graph][data-ready=true]").wait_for()
    page.get_by_role("heading", name="Sole threads").wait_for()
    visit.screenshot(f"coverage-{site.backend}")
    page.goto(f"{site.base}/app/plans/{site.gid(Plan, Plan.name, PLAN)}")
    page.get_by_role("heading", name="Current team").wait_for()
    page.get_by_role("heading", name="Objectives").wait_for()
    visit.screenshot(f"plan-{site.backend}")
    for section, ready in [
        ("catalogue", "table tbody tr"),
        ("tree", ".tree li"),
        ("merge", "#merge-from"),
        ("import", "#matrix-csv"),
        ("people", "table tbody tr"),
    ]:
        page.goto(f"{site.base}/app/hr?section={section}")
        page.locator(ready).first.wait_for()
        visit.screenshot(f"hr-{section}-{site.backend}")
    # GraphiQL, on its local assets, introspects with the app's token from this tab.
    with page.expect_response(
        lambda r: r.url.endswith("/graphql") and r.request.method == "POST"
    ) as introspection:
        page.goto(site.base + "/graphql")
    assert introspection.value.status == 200
    page.locator(".graphiql-container .graphiql-editors").wait_for()
    visit.screenshot(f"graphiql-{site.backend}")


COVERAGE = """query($a: ID!) { account(id: $a) { coverage { graph {
  nodes { id } edges { source } } } } }"""


def drawn(visit: Visit) -> tuple[int, int]:
    graph = visit.page.locator("[data-testid=coverage-graph][data-ready=true]")
    graph.wait_for()
    nodes, edges = graph.get_attribute("data-nodes"), graph.get_attribute("data-edges")
    return int(nodes or -1), int(edges or -1)


def test_the_coverage_graph_draws_every_node_and_edge_the_api_returns(
    visit: Visit, site: Site
) -> None:
    visit.sign_in(site.tokens["viewer"])
    visit.page.locator("table.accounts tbody tr").first.wait_for()
    with site.session() as session:
        accounts = session.execute(select(Account.id, Account.name).order_by(Account.id)).all()
    for pk, name in accounts:
        account = str(to_global_id("Account", pk))
        graph = site.graphql(COVERAGE, {"a": account})["account"]["coverage"]["graph"]
        visit.page.goto(f"{site.base}/app/accounts/{account}")
        assert drawn(visit) == (len(graph["nodes"]), len(graph["edges"])), name
        assert graph["nodes"], name


def test_a_large_account_is_drawn_from_the_compact_columns(visit: Visit, site: Site) -> None:
    northwind = site.gid(Account, Account.name, "Northwind Health")
    visit.sign_in(site.tokens["viewer"])
    visit.page.locator("table.accounts tbody tr").first.wait_for()
    # As the accounts page remembers sizes: say Northwind has 300+ contacts.
    visit.page.evaluate(
        "id => sessionStorage.setItem('teamgraph.accountSizes', JSON.stringify({[id]: 300}))",
        northwind,
    )
    visit.page.goto(f"{site.base}/app/accounts/{northwind}")
    graph = site.graphql(COVERAGE, {"a": northwind})["account"]["coverage"]["graph"]
    assert drawn(visit) == (len(graph["nodes"]), len(graph["edges"]))
    assert "CoverageGraphColumns" in visit.operations()
    sent = next(r for r in visit.requests if r.get("operationName") == "AccountCoverage")
    assert sent["variables"]["graph"] is False


def plan_state(site: Site) -> tuple[list[str], set[tuple[str, str, str]]]:
    """The plan's proposals' statuses (oldest first) and its (person, task, source) places."""
    with site.session() as session:
        plan = session.scalars(select(Plan).where(Plan.name == PLAN)).one()
        statuses = list(
            session.scalars(
                select(Proposal.status).where(Proposal.plan_id == plan.id).order_by(Proposal.id)
            )
        )
        places = session.execute(
            select(Person.name, Task.title, Assignment.source)
            .join(Task, Task.id == Assignment.task_id)
            .join(Person, Person.id == Assignment.person_id)
            .where(Task.plan_id == plan.id)
        ).all()
    return [str(s) for s in statuses], {(p, t, str(s)) for p, t, s in places}


def assemble(visit: Visit) -> None:
    page = visit.page
    page.get_by_role("button", name="Assemble a team").click()
    page.get_by_role("heading", name="Added to the team").wait_for(timeout=60_000)
    assert "StartAssembly" in visit.operations()  # queued, followed, then shown


LARGE_PLAN = "FY27 plan 1"


def test_a_solve_shows_its_progress_live_and_can_be_cancelled(
    chromium: Any, large_site: Site
) -> None:
    """On a plan CP-SAT works on for seconds, the page shows each better team as the
    subscription pushes it, then the proposal; a second solve is cancelled from the page."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(20_000)
    visit = Visit(page=context.new_page(), base=large_site.base)
    visit.watch()
    try:
        _watch_progress(visit, large_site)
    finally:
        context.close()
    visit.check()


def _watch_progress(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.sign_in(site.tokens["kam"], f"/app/plans/{site.gid(Plan, Plan.name, LARGE_PLAN)}")
    page.get_by_role("heading", name="Current team").wait_for()
    page.get_by_label("Time limit (seconds)").fill("8")
    page.get_by_role("button", name="Assemble a team").click()
    found = page.locator('[role=progressbar][data-status=RUNNING]:not([data-solutions="0"])')
    found.wait_for(timeout=60_000)
    assert "better team" in found.inner_text()
    visit.screenshot(f"staffing-progress-{site.backend}")
    page.get_by_role("heading", name="Added to the team").wait_for(timeout=60_000)

    page.get_by_role("button", name="Assemble a team").click()
    page.locator("[role=progressbar][data-status=RUNNING]").wait_for(timeout=60_000)
    page.get_by_role("button", name="Cancel").click()
    page.get_by_text("The solve was cancelled.").wait_for(timeout=30_000)
    assert page.locator("[role=progressbar]").count() == 0


def test_graphiql_runs_the_subscription_with_the_tabs_token(visit: Visit, site: Site) -> None:
    """GraphiQL's result pane shows a solve job's events as they come, over the websocket,
    with the token its headers carry (filled from the app's tab)."""
    page = visit.page
    started = site.graphql(
        "mutation($p: ID!) { assembleTeam(input: {planId: $p, timeLimit: 3}) "
        "{ ... on AssembleTeamSuccess { job { id } } } }",
        {"p": site.gid(Plan, Plan.name, PLAN)},
        role="kam",
    )
    job = started["assembleTeam"]["job"]["id"]
    visit.sign_in(site.tokens["kam"])
    page.locator("table.accounts tbody tr").first.wait_for()
    with page.expect_response(lambda r: r.url.endswith("/graphql") and r.request.method == "POST"):
        page.goto(site.base + "/graphql")  # the page, then its introspection
    page.locator(".graphiql-container .graphiql-editors").wait_for()
    query = f'subscription {{ solveJob(id: "{job}") {{ status proposal {{ id }} }} }}'
    page.evaluate(
        "q => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q)",
        query,
    )
    page.wait_for_url(re.compile("solveJob"))  # GraphiQL holds the edit (the page's URL shows it)
    page.locator(".graphiql-execute-button").click()
    try:
        page.locator(".graphiql-response").get_by_text("SUCCEEDED").wait_for(timeout=60_000)
    finally:
        visit.screenshot(f"graphiql-subscription-{site.backend}")


def test_staffing_a_plan_end_to_end(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.sign_in(site.tokens["kam"], f"/app/plans/{site.gid(Plan, Plan.name, PLAN)}")
    page.get_by_role("heading", name="Current team").wait_for()
    _, before = plan_state(site)

    assemble(visit)  # a first proposal, discarded: the team stays as it was
    page.get_by_role("button", name="Discard").click()
    page.get_by_text("Proposal discarded").wait_for()
    statuses, places = plan_state(site)
    assert statuses[-1] == "discarded" and places == before

    assemble(visit)
    added = page.locator(".moves li.added")
    assert added.count() > 0
    assert page.locator(".moves li.removed").count() == 0
    assert page.get_by_role("heading", name="Coverage before → after").is_visible()
    assert page.locator(".terms tbody tr").count() > 0
    visit.screenshot(f"staffing-review-{site.backend}")
    shown = added.all_inner_texts()
    page.get_by_role("button", name="Accept").click()
    page.get_by_text("Proposal accepted").wait_for()
    statuses, first = plan_state(site)
    assert statuses[-1] == "accepted"
    # Each addition shown is now a place on the plan, made by the solver.
    solver_places = {p for p in first - before if p[2] == "solver"}
    assert len(solver_places) == len(shown)
    for person, task, _ in solver_places:
        assert any(person in line and task in line for line in shown), (person, task)

    # The world changes: someone the solver placed on an open task leaves the company.
    gone_name, gone_task, _ = sorted(solver_places)[0]
    with site.session() as session:
        person = session.scalars(select(Person).where(Person.name == gone_name)).one()
        person.active = False
    page.reload()
    page.get_by_role("heading", name="Current team").wait_for()
    assemble(visit)
    removed = page.locator(".moves li.removed")
    removed.first.wait_for()
    assert any(gone_name in t and gone_task in t for t in removed.all_inner_texts())
    visit.screenshot(f"staffing-removals-{site.backend}")

    page.get_by_role("button", name="Accept").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert gone_name in dialog.inner_text()
    dialog.get_by_role("button", name="Cancel").click()
    assert plan_state(site)[0][-1] == "open"  # nothing accepted without the confirmation

    page.get_by_role("button", name="Accept").click()
    page.get_by_role("dialog").get_by_role("button", name="Remove them and accept").click()
    page.get_by_text("Proposal accepted").wait_for()
    statuses, after = plan_state(site)
    assert statuses[-1] == "accepted"
    assert not any(p == gone_name and t == gone_task for p, t, _ in after)
    visit.screenshot(f"staffing-accepted-{site.backend}")


def test_a_revoked_token_leads_back_to_sign_in(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.sign_in("tg_not-a-token")
    error = page.locator("#token-error")
    error.wait_for()
    assert "unknown, revoked or expired" in error.inner_text()
    assert page.get_by_label("API token").get_attribute("aria-invalid") == "true"
    with site.session() as session:
        token = create_token(session, role="viewer")
    visit.sign_in(token)
    page.locator("table.accounts tbody tr").first.wait_for()
    with site.session() as session:
        revoke_token(session, token=token)
    page.get_by_role("link", name="HR").click()
    page.get_by_text("Signed out: the API token is unknown, revoked or expired").wait_for()
    assert page.get_by_label("API token").is_visible()
    assert page.evaluate("sessionStorage.getItem('teamgraph.token')") is None
    visit.problems[:] = [p for p in visit.problems if "401" not in p]  # the refusal itself


def test_the_import_lists_bad_rows_beside_the_file_and_writes_only_once_clean(
    visit: Visit, site: Site
) -> None:
    page = visit.page
    visit.sign_in(site.tokens["hr_admin"], "/app/hr?section=import")
    text = page.get_by_label("…or paste it")
    text.fill(f"person,skill,level\n{AMARA},SQL,2\nnobody@example.com,SQL,9\n")
    page.get_by_role("button", name="Check").click()
    rows = page.locator(".bad-rows tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2
    assert "nothing was imported" in page.locator("#matrix-csv-error").inner_text()
    assert text.get_attribute("aria-invalid") == "true"
    assert page.get_by_role("button", name="Import").is_disabled()
    visit.screenshot(f"hr-import-bad-rows-{site.backend}")

    def sql_level() -> int | None:
        with site.session() as session:
            return session.scalars(
                select(Proficiency.level)
                .join(Person, Person.id == Proficiency.person_id)
                .where(Person.email == AMARA, Proficiency.skill_id == skill_id)
            ).one_or_none()

    with site.session() as session:
        skill_id = session.scalars(select(Skill.id).where(Skill.name == "SQL")).one()
    before = sql_level()
    text.fill(f"person,skill,level\n{AMARA},SQL,{5 if before != 5 else 4}\n")
    page.get_by_role("button", name="Check").click()
    page.get_by_text("The file is clean").wait_for()
    assert sql_level() == before  # the check wrote nothing
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Imported:").wait_for()
    assert sql_level() == (5 if before != 5 else 4)


def test_read_only_views_fit_a_phone(visit: Visit, site: Site) -> None:
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    visit.sign_in(site.tokens["viewer"])
    page.locator("table.accounts tbody tr").first.wait_for()
    northwind = site.gid(Account, Account.name, "Northwind Health")
    for path, ready in [
        ("/app/accounts", "table.accounts tbody tr"),
        (f"/app/accounts/{northwind}", "[data-testid=coverage-graph][data-ready=true]"),
        (f"/app/plans/{site.gid(Plan, Plan.name, PLAN)}", "table.tasks tbody tr"),
    ]:
        page.goto(site.base + path)
        page.locator(ready).first.wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    visit.screenshot(f"phone-plan-{site.backend}")


def test_tables_sort_from_the_keyboard(visit: Visit, site: Site) -> None:
    page = visit.page
    visit.sign_in(site.tokens["viewer"])
    page.locator("table.accounts tbody tr").first.wait_for()
    header = page.get_by_role("columnheader", name="Account")
    header.get_by_role("button").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    names = page.locator("table.accounts tbody th a").all_inner_texts()
    assert names == sorted(names, key=str.lower)
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
