"""The small worlds the API tests build, each on the module's app and each new (fresh names,
so tests of one module never see each other's rows): an account world for accounts and plans,
a catalogue, a department of staff. Each holds global ids and a token per role it needs."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from teamgraph.db import unit_of_work
from teamgraph.people.models import TimeOff
from teamgraph.people.service import set_proficiency
from teamgraph.plans import team
from teamgraph.plans.tasks import SkillNeed, create_task
from teamgraph.plans.team import add_conflict
from tests import factories
from tests.api.graphql import Api, gid

_serial = itertools.count(1)


@dataclass
class World:
    """An account with a KAM, a team member, contacts and a plan; another account's KAM; and
    a token for each role the rules distinguish."""

    account: str
    account_name: str
    other_account: str
    kam: str
    kam_email: str
    member: str
    pat: str
    sam: str
    barred: str
    ceo: str
    cfo: str
    stranger: str
    plan: str
    objective: str
    task: str
    other_objective: str
    skill: str
    retired_skill: str
    tokens: dict[str, str]
    pks: dict[str, int]


def make_world(api: Api) -> World:
    n = next(_serial)
    with unit_of_work(api.sessions) as s:
        kam = factories.person(s, name=f"Kam {n}", email=f"kam{n}@example.com")
        member = factories.person(s, name=f"Member {n}", email=f"member{n}@example.com")
        other_kam = factories.person(s, name=f"Other {n}", email=f"other{n}@example.com")
        pat = factories.person(s, name=f"Pat {n}")
        sam = factories.person(s, name=f"Sam {n}")
        barred = factories.person(s, name=f"Barred {n}")
        account = factories.account(s, name=f"World {n}", kam_id=kam.id, industry=f"ind{n}")
        other = factories.account(s, name=f"Rival {n}", kam_id=other_kam.id)
        ceo = factories.contact(s, account.id, name="Ceo", buying_role="decision_maker")
        cfo = factories.contact(
            s, account.id, name="Cfo", reports_to_id=ceo.id, buying_role="economic_buyer"
        )
        stranger = factories.contact(s, other.id, name="Stranger")
        factories.relationship(s, kam.id, ceo.id, strength=0.9)
        plan = factories.plan(s, account.id, name=f"Plan {n}")
        objective = factories.objective(s, plan.id, title="Grow", baseline=1, target=5)
        other_plan = factories.plan(s, other.id)
        other_objective = factories.objective(s, other_plan.id)
        task = factories.task(s, plan.id, headcount_max=3, title="Research")
        team.assign(s, task_id=task.id, person_id=member.id)
        team.assign(s, task_id=task.id, person_id=sam.id)
        add_conflict(s, account_id=account.id, person_id=barred.id, reason="works for a rival")
        skill = factories.skill(s)
        retired = factories.skill(s)
        retired.status = "retired"
        pks = {"account": account.id, "plan": plan.id, "task": task.id, "ceo": ceo.id}
        pks.update(kam=kam.id, pat=pat.id, objective=objective.id)
        ids = {
            "account": gid("Account", account.id),
            "account_name": account.name,
            "other_account": gid("Account", other.id),
            "kam": gid("Person", kam.id),
            "kam_email": kam.email,
            "member": gid("Person", member.id),
            "pat": gid("Person", pat.id),
            "sam": gid("Person", sam.id),
            "barred": gid("Person", barred.id),
            "ceo": gid("Contact", ceo.id),
            "cfo": gid("Contact", cfo.id),
            "stranger": gid("Contact", stranger.id),
            "plan": gid("Plan", plan.id),
            "objective": gid("Objective", objective.id),
            "task": gid("Task", task.id),
            "other_objective": gid("Objective", other_objective.id),
            "skill": gid("Skill", skill.id),
            "retired_skill": gid("Skill", retired.id),
        }
        emails = {"kam": kam.email, "member": member.email, "other_kam": other_kam.email}
    tokens = {
        "viewer": api.tokens["viewer"],
        "hr_admin": api.tokens["hr_admin"],
        "kam": api.token("kam_lead", emails["kam"]),
        "member": api.token("kam_lead", emails["member"]),
        "other_kam": api.token("kam_lead", emails["other_kam"]),
    }
    return World(**ids, tokens=tokens, pks=pks)


@dataclass
class Catalogue:
    """A small taxonomy (Cloud n > Kubernetes n > Helm n) with a duplicate of Kubernetes, two
    people who hold them, a plan whose tasks require them, a retired skill, and a token for
    each role."""

    n: int
    category: str
    cloud: str
    kube: str
    helm: str
    dup: str
    spare: str
    retired: str
    ann: str
    bob: str
    plan: str
    pks: dict[str, int]
    tokens: dict[str, str]


def make_catalogue(api: Api) -> Catalogue:
    n = next(_serial)
    category = f"Platform {n}"
    with unit_of_work(api.sessions) as s:
        cloud = factories.skill(s, f"Cloud {n}", category=category)
        kube = factories.skill(
            s, f"Kubernetes {n}", category=category, parent_id=cloud.id, aliases=[f"k8s-{n}"]
        )
        helm = factories.skill(s, f"Helm {n}", category=category, parent_id=kube.id)
        dup = factories.skill(s, f"Kube Platform {n}", category=category, aliases=[f"kp-{n}"])
        spare = factories.skill(s, f"Spare {n}", category=category)
        retired = factories.skill(s, f"Fax {n}", category=category)
        retired.status = "retired"
        ann = factories.person(s, name=f"Ann {n}", department=f"Eng {n}")
        bob = factories.person(s, name=f"Bob {n}", department=f"Eng {n}")
        kam = factories.person(s, name=f"Kam {n}")
        set_proficiency(s, person_id=ann.id, skill_id=kube.id, level=2)
        set_proficiency(s, person_id=ann.id, skill_id=dup.id, level=5)
        set_proficiency(s, person_id=bob.id, skill_id=dup.id, level=3)
        account = factories.account(s, name=f"Acme {n}", kam_id=kam.id)
        plan = factories.plan(s, account.id, name=f"Plan {n}")
        factories.plan(s, account.id, name=f"Untouched {n}")
        both = create_task(
            s,
            plan_id=plan.id,
            kind="pitch",
            title="Both",
            effort_hours=4,
            skills=[SkillNeed(kube.id, 2, weight=2.0), SkillNeed(dup.id, 4, mandatory=True)],
        )
        only_dup = create_task(
            s,
            plan_id=plan.id,
            kind="research",
            title="Only dup",
            effort_hours=4,
            skills=[SkillNeed(dup.id, 3)],
        )
        kam_email = kam.email
        pks = {
            "cloud": cloud.id,
            "kube": kube.id,
            "dup": dup.id,
            "ann": ann.id,
            "bob": bob.id,
            "both": both.id,
            "only_dup": only_dup.id,
        }
        ids = {
            "cloud": gid("Skill", cloud.id),
            "kube": gid("Skill", kube.id),
            "helm": gid("Skill", helm.id),
            "dup": gid("Skill", dup.id),
            "spare": gid("Skill", spare.id),
            "retired": gid("Skill", retired.id),
            "ann": gid("Person", ann.id),
            "bob": gid("Person", bob.id),
            "plan": gid("Plan", plan.id),
        }
    tokens = {
        "viewer": api.tokens["viewer"],
        "kam_lead": api.token("kam_lead", kam_email),
        "hr_admin": api.tokens["hr_admin"],
    }
    return Catalogue(n=n, category=category, **ids, pks=pks, tokens=tokens)


@dataclass
class Staff:
    """A department of three (Ann: Python 4 and Go 2, busy; Bob: Python 2; Cy: nothing, free),
    a retired skill, a plan with tasks, and tokens: each role, Ann herself, an HR person."""

    n: int
    department: str
    python: str
    go: str
    retired: str
    ann: str
    bob: str
    cy: str
    ann_email: str
    bob_email: str
    pks: dict[str, int]
    tokens: dict[str, str]


def make_staff(api: Api) -> Staff:
    n = next(_serial)
    department = f"Delivery {n}"
    with unit_of_work(api.sessions) as s:
        python = factories.skill(s, f"Python {n}", aliases=[f"py-{n}"])
        go = factories.skill(s, f"Go {n}", aliases=[f"golang-{n}"])
        retired = factories.skill(s, f"Perl {n}")
        retired.status = "retired"
        ann = factories.person(s, name=f"Ann {n}", department=department, capacity_hours=40)
        bob = factories.person(s, name=f"Bob {n}", department=department, capacity_hours=20)
        cy = factories.person(s, name=f"Cy {n}", department=department, capacity_hours=30)
        hera = factories.person(s, name=f"Hera {n}", department="HR")
        set_proficiency(s, person_id=ann.id, skill_id=python.id, level=4)
        set_proficiency(s, person_id=ann.id, skill_id=go.id, level=2)
        set_proficiency(s, person_id=bob.id, skill_id=python.id, level=2)
        account = factories.account(s, name=f"Client {n}", kam_id=bob.id)
        plan = factories.plan(s, account.id, name=f"Plan {n}")
        for hours, status in ((30.0, "open"), (6.0, "in_progress"), (50.0, "done")):
            task = factories.task(s, plan.id, effort_hours=hours, headcount_max=2)
            team.assign(s, task_id=task.id, person_id=ann.id)
            task.status = status
        small = factories.task(s, plan.id, effort_hours=5.0, title=f"Small {n}")
        team.assign(s, task_id=small.id, person_id=bob.id)
        s.add(
            TimeOff(person_id=ann.id, start_date=dt.date(2027, 8, 1), end_date=dt.date(2027, 8, 14))
        )
        emails = {"ann": ann.email, "bob": bob.email, "hera": hera.email}
        pks = {"ann": ann.id, "bob": bob.id, "python": python.id, "go": go.id}
        ids = {
            "python": gid("Skill", python.id),
            "go": gid("Skill", go.id),
            "retired": gid("Skill", retired.id),
            "ann": gid("Person", ann.id),
            "bob": gid("Person", bob.id),
            "cy": gid("Person", cy.id),
        }
    tokens = {
        "viewer": api.tokens["viewer"],
        "kam_lead": api.token("kam_lead", emails["bob"]),
        "hr_admin": api.tokens["hr_admin"],
        "ann": api.token("viewer", emails["ann"]),
        "hera": api.token("hr_admin", emails["hera"]),
    }
    return Staff(
        n=n,
        department=department,
        **ids,
        ann_email=emails["ann"],
        bob_email=emails["bob"],
        pks=pks,
        tokens=tokens,
    )
