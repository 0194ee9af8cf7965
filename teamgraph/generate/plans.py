"""Generated plans: objectives with measures, tasks with required skills and engaged contacts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from teamgraph.generate.accounts import Accounts
from teamgraph.generate.bulk import insert_returning, insert_rows
from teamgraph.generate.run import Run
from teamgraph.plans.models import (
    Objective,
    Plan,
    Task,
    TaskContact,
    TaskKind,
    TaskSkill,
    TaskStatus,
)

KINDS = [kind.value for kind in TaskKind]
"""Task kinds in a fixed order, cycled through so every plan gets a spread of them."""

OBJECTIVES = (
    ("Grow the account", "Annual contract value (kEUR)", 500.0, 750.0),
    ("Deepen the relationship", "Contacts with two or more threads", 4.0, 12.0),
)


@dataclass(frozen=True)
class Plans:
    plans: int
    objectives: int
    tasks: int
    task_skills: int
    task_contacts: int


def add_plans(
    run: Run, accounts: Accounts, skills: list[int], *, per_account: int, tasks_per_plan: int
) -> Plans:
    rng = run.rng
    rows: list[dict[str, Any]] = []
    owners: list[int] = []  # account index of each plan
    for a, account_id in enumerate(accounts.ids):
        for p in range(per_account):
            start = dt.date(2027, 1, 1) + dt.timedelta(days=182 * p)
            rows.append(
                {
                    "account_id": account_id,
                    "name": f"FY27 plan {p + 1}",
                    "period_start": start,
                    "period_end": start + dt.timedelta(days=180),
                    "status": "active",
                    "version": 1,
                }
            )
            owners.append(a)
    plan_ids = insert_returning(run.session, Plan, rows)
    objective_ids = insert_returning(
        run.session,
        Objective,
        [
            {
                "plan_id": plan_id,
                "title": title,
                "metric": metric,
                "baseline": base,
                "target": target,
                "current": base,
            }
            for plan_id in plan_ids
            for title, metric, base, target in OBJECTIVES
        ],
    )
    tasks = []
    for n, plan_id in enumerate(plan_ids):
        start = rows[n]["period_start"]
        for t in range(tasks_per_plan):
            kind = KINDS[(t + n) % len(KINDS)]
            least = rng.choice((1, 1, 1, 2))
            tasks.append(
                {
                    "plan_id": plan_id,
                    "objective_id": objective_ids[len(OBJECTIVES) * n + t % len(OBJECTIVES)],
                    "kind": kind,
                    "title": f"{kind.replace('_', ' ').capitalize()} #{t + 1}",
                    "effort_hours": float(rng.choice((4, 8, 12, 16, 24, 32, 40))),
                    "headcount_min": least,
                    "headcount_max": least + rng.choice((0, 1, 1, 2)),
                    "required": rng.random() < 0.7,
                    "start": start + dt.timedelta(days=7 * t),
                    "due": start + dt.timedelta(days=7 * t + 42),
                    "status": TaskStatus.OPEN.value,
                }
            )
    task_ids = insert_returning(run.session, Task, tasks)
    task_skills = []
    task_contacts = []
    for k, task_id in enumerate(task_ids):
        for number, skill_id in enumerate(sorted(rng.sample(skills, rng.randint(1, 3)))):
            task_skills.append(
                {
                    "task_id": task_id,
                    "skill_id": skill_id,
                    "level": rng.randint(2, 4),
                    "mandatory": number == 0 and rng.random() < 0.6,
                    "weight": round(rng.uniform(0.5, 1.0), 2),
                }
            )
        contacts = accounts.contacts_of(owners[k // tasks_per_plan])
        for contact_id in sorted(rng.sample(contacts, min(len(contacts), rng.randint(1, 3)))):
            task_contacts.append({"task_id": task_id, "contact_id": contact_id})
    insert_rows(run.session, TaskSkill, task_skills)
    insert_rows(run.session, TaskContact, task_contacts)
    return Plans(
        len(plan_ids), len(objective_ids), len(task_ids), len(task_skills), len(task_contacts)
    )
