"""One meaning of capacity and eligibility through HTTP: a load over a window with its weeks
(14 h a week and a 20 h task over four weeks leaves 36 h, not 0), the people filter, the talent
map that sees no gap in a staffed task, and candidates that give every reason and say who
covers the mandatory skills and who joins beside a holder. The agreement with the solver on
generated organisations is in test_capacity_properties.py."""

from __future__ import annotations

import datetime as dt
import itertools

from teamgraph.db import unit_of_work
from teamgraph.people.models import TimeOff
from teamgraph.people.service import set_proficiency
from teamgraph.plans import team
from teamgraph.plans.tasks import SkillNeed, create_task
from teamgraph.plans.team import add_conflict
from tests import factories
from tests.api.graphql import Api, gid

_serial = itertools.count(1)
START = dt.date(2027, 3, 1)  # a Monday; the task's window is its four weeks
DUE = dt.date(2027, 3, 28)


def negotiation(api: Api) -> dict[str, str]:
    """Vera (14 h a week) on a 20 h task over four weeks; Hana holds the mandatory skill,
    Bjorn only the other one; Zed is barred, away the whole window and below level."""
    n = next(_serial)
    with unit_of_work(api.sessions) as s:
        contract = factories.skill(s, f"Contract negotiation {n}")
        account_management = factories.skill(s, f"Account management {n}")
        vera = factories.person(s, name=f"Vera {n}", capacity_hours=14, department=f"Cap {n}")
        hana = factories.person(s, name=f"Hana {n}", capacity_hours=40, department=f"Cap {n}")
        bjorn = factories.person(s, name=f"Bjorn {n}", capacity_hours=40)
        zed = factories.person(s, name=f"Zed {n}", capacity_hours=40)
        for person, skill, level in (
            (vera, account_management, 3),
            (hana, contract, 5),
            (bjorn, account_management, 4),
            (bjorn, contract, 2),
            (zed, contract, 1),
        ):
            set_proficiency(s, person_id=person.id, skill_id=skill.id, level=level)
        account = factories.account(s, name=f"Renewals {n}")
        plan = factories.plan(s, account.id, period_start=START, period_end=dt.date(2027, 6, 30))
        task = create_task(
            s,
            plan_id=plan.id,
            kind="negotiation",
            title="Negotiate the renewal terms",
            effort_hours=20,
            start=START,
            due=DUE,
            skills=[SkillNeed(contract.id, 4, mandatory=True), SkillNeed(account_management.id, 3)],
        )
        team.assign(s, task_id=task.id, person_id=vera.id)
        add_conflict(s, account_id=account.id, person_id=zed.id, reason="works for a rival")
        s.add(TimeOff(person_id=zed.id, start_date=START, end_date=DUE))
        return {
            "n": str(n),
            "task": gid("Task", task.id),
            "vera": gid("Person", vera.id),
            "hana": gid("Person", hana.id),
            "bjorn": gid("Person", bjorn.id),
            "zed": gid("Person", zed.id),
            "contract": contract.name,
            "department": vera.department,
        }


LOAD = """
query($id: ID!, $from: Date, $to: Date) { node(id: $id) { ... on Person {
  load(from: $from, to: $to) { from to availableHours assignedHours freeHours openTasks
    weeks { weekStart weekEnd availableHours assignedHours freeHours } }
} } }
"""


def test_a_load_is_counted_over_a_window_week_by_week(api: Api) -> None:
    w = negotiation(api)
    load = api.data(LOAD, {"id": w["vera"], "from": str(START), "to": str(DUE)})["node"]["load"]
    assert (load["availableHours"], load["assignedHours"], load["freeHours"]) == (56, 20, 36)
    assert load["openTasks"] == 1
    assert [(x["weekStart"], x["availableHours"], x["assignedHours"]) for x in load["weeks"]] == [
        ("2027-03-01", 14, 5),
        ("2027-03-08", 14, 5),
        ("2027-03-15", 14, 5),
        ("2027-03-22", 14, 5),
    ]
    # A week starting three days before the task: 4 of its 28 days, 20 x 4 / 28 = 2.86 h.
    short = api.data(LOAD, {"id": w["vera"], "from": "2027-02-26", "to": "2027-03-04"})
    week = short["node"]["load"]
    assert (week["availableHours"], week["assignedHours"]) == (14, 2.86)
    # After the task's window the week is free; by default, the next four weeks from today.
    assert (
        api.data(LOAD, {"id": w["vera"], "from": "2027-04-01", "to": "2027-04-07"})["node"]["load"][
            "freeHours"
        ]
        == 14
    )
    default = api.data(LOAD, {"id": w["vera"]})["node"]["load"]
    today = dt.date.today()
    assert (default["from"], default["to"]) == (
        str(today),
        str(today + dt.timedelta(days=27)),
    )
    assert len(default["weeks"]) == 4 and default["weeks"][-1]["weekEnd"] == default["to"]
    # Time off removes capacity on its days: Zed is away the whole window.
    away = api.data(LOAD, {"id": w["zed"], "from": str(START), "to": str(DUE)})["node"]["load"]
    assert away["availableHours"] == 0
    bad = api.post(LOAD, {"id": w["vera"], "from": "2027-03-10", "to": "2027-03-01"}).json()
    assert bad["errors"][0]["extensions"] == {"code": "INVALID", "field": "to"}


PEOPLE = """
query($f: PeopleFilter) { people(filter: $f) { edges { node { name } } } }
"""


def test_people_with_free_hours_over_a_window(api: Api) -> None:
    w = negotiation(api)
    window = {"department": w["department"], "from": str(START), "to": str(DUE)}

    def names(hours: float) -> list[str]:
        found = api.data(PEOPLE, {"f": {**window, "minFreeHours": hours}})["people"]["edges"]
        return [e["node"]["name"].split()[0] for e in found]

    assert names(8) == ["Hana", "Vera"], "a plan's assignee keeps her free hours"
    assert names(36) == ["Hana", "Vera"]
    assert names(36.5) == ["Hana"]


TALENT = """
query { talentMap(demandedOnly: true) { skills { name qualifiedFreeHours gap } } }
"""


def test_a_staffed_task_is_no_false_gap(api: Api) -> None:
    w = negotiation(api)
    skills = {s["name"]: s for s in api.data(TALENT)["talentMap"]["skills"]}
    # Hana alone qualifies (level 4+): 40 h a week over the task's four weeks.
    assert skills[w["contract"]] == {"name": w["contract"], "qualifiedFreeHours": 160, "gap": False}
    # Vera is on the task: its 20 h are the demand, not a drain on her 56 h; Bjorn adds 160.
    management = skills[f"Account management {w['n']}"]
    assert management["qualifiedFreeHours"] == 216 and not management["gap"]


CANDIDATES = """
query($task: ID!) { candidates(task: $task, first: 100, includeIneligible: true) {
  person { id } eligible blockedBy coversMandatorySkills missingMandatorySkills freeHours
} }
"""


def test_candidates_say_who_covers_the_mandatory_skills_and_every_reason(api: Api) -> None:
    w = negotiation(api)
    found = {c["person"]["id"]: c for c in api.data(CANDIDATES, {"task": w["task"]})["candidates"]}
    hana, bjorn, vera, zed = (found[w[k]] for k in ("hana", "bjorn", "vera", "zed"))
    assert hana["eligible"] and hana["coversMandatorySkills"]
    # Bjorn lacks the mandatory skill but holds the other one: he may join beside Hana, as the
    # solver would put him.
    assert bjorn["eligible"] and bjorn["blockedBy"] == []
    assert not bjorn["coversMandatorySkills"]
    assert bjorn["missingMandatorySkills"] == [f"{w['contract']} at level 4"]
    assert vera["eligible"] and vera["freeHours"] == 56 - 20
    assert not zed["eligible"]
    reasons = " | ".join(zed["blockedBy"])
    assert len(zed["blockedBy"]) == 4, zed["blockedBy"]
    for words in (
        "holds none of the task's skills at the level asked",
        "conflict of interest",
        "time off for the whole window 2027-03-01..2027-03-28",
        "has 0 free hours in the task's window 2027-03-01..2027-03-28",
    ):
        assert words in reasons
