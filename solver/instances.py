"""Deterministic random staffing problems that look like a real portfolio, for benchmarks and
tests: skills with levels, capacities, headcounts 1-3, some mandatory skills, contacts with
relationships, a few conflicts and pins."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from solver.model import PROBLEM_FORMAT


def generate(
    *,
    people: int,
    tasks: int,
    seed: int = 0,
    skills: int = 60,
    accounts: int | None = None,
    mandatory_share: float = 0.4,
) -> dict[str, Any]:
    """A problem as JSON data (`parse_problem` reads it)."""
    rng = random.Random(seed)
    accounts = accounts or max(1, tasks // 10)
    skill_names = [f"s{k}" for k in range(skills)]
    # Skills cluster: each person draws most skills from a "department" block of the catalogue.
    block = max(1, skills // 6)
    person_rows = []
    for i in range(people):
        home = rng.randrange(6) * block
        held = {
            skill_names[(home + rng.randrange(block)) % skills]: rng.choices(
                (1, 2, 3, 4, 5), (1, 3, 4, 3, 1)
            )[0]
            for _ in range(rng.randint(3, 6))
        }
        held[skill_names[rng.randrange(skills)]] = rng.randint(1, 4)
        person_rows.append(
            {
                "id": f"p{i}",
                "capacity": float(rng.choice((16, 24, 32, 40))),
                "current_load": float(rng.choice((0, 0, 4, 8))),
                "skills": held,
            }
        )
    contact_rows: list[dict[str, Any]] = []
    task_rows: list[dict[str, Any]] = []
    for j in range(tasks):
        account = f"a{j % accounts}"
        low = rng.choice((1, 1, 1, 2))
        home = rng.randrange(6) * block
        names = {
            skill_names[(home + rng.randrange(block)) % skills] for _ in range(rng.randint(1, 3))
        }
        requirements = [
            {
                "skill": name,
                "level": rng.choice((2, 3, 3, 4)),
                "mandatory": n == 0 and rng.random() < mandatory_share,
                "weight": rng.choice((0.5, 1.0)),
            }
            for n, name in enumerate(sorted(names))
        ]
        task_rows.append(
            {
                "id": f"t{j}",
                "effort": float(rng.choice((4, 8, 8, 12, 16, 24))),
                "headcount": {"min": low, "max": min(3, low + rng.choice((0, 1, 1)))},
                "required": rng.random() < 0.6,
                "skills": requirements,
                "account": account,
                "contacts": [
                    f"c{j % accounts}_{rng.randrange(8)}" for _ in range(rng.randint(0, 2))
                ],
            }
        )
    for a in range(accounts):
        for k in range(8):
            contact_rows.append(
                {
                    "id": f"c{a}_{k}",
                    "account": f"a{a}",
                    "influence": rng.choice((0.2, 0.4, 0.6, 1.0)),
                    "decision_maker": k == 0,
                }
            )
    for t in task_rows:
        t["contacts"] = sorted(set(t["contacts"]))
    relationships: dict[tuple[str, str], float] = {}
    for c in contact_rows:
        for _ in range(rng.choice((0, 1, 1, 2))):
            relationships[(f"p{rng.randrange(people)}", c["id"])] = round(rng.uniform(0.2, 1.0), 2)
    conflicts = {
        (f"p{rng.randrange(people)}", f"a{rng.randrange(accounts)}")
        for _ in range(max(1, people // 100))
    }
    return {
        "format": PROBLEM_FORMAT,
        "people": person_rows,
        "tasks": task_rows,
        "contacts": contact_rows,
        "relationships": [
            {"person": p, "contact": c, "strength": s}
            for (p, c), s in sorted(relationships.items())
        ],
        "conflicts": [{"person": p, "account": a} for p, a in sorted(conflicts)],
    }


def dense_assignment(utility: Sequence[Sequence[float]]) -> dict[str, Any]:
    """A square assignment as a problem: person i on task j is worth utility[i][j], everyone
    takes one task and every task one person, nothing else weighted (the dense_assignment
    path's case)."""
    n = len(utility)
    return {
        "format": PROBLEM_FORMAT,
        "people": [{"id": f"p{i}", "capacity": 1} for i in range(n)],
        "tasks": [{"id": f"t{j}", "effort": 1} for j in range(n)],
        "eligibility": "pairs",
        "pairs": [
            {"person": f"p{i}", "task": f"t{j}", "utility": value}
            for i, row in enumerate(utility)
            for j, value in enumerate(row)
        ],
        "weights": {k: 0 for k in ("skill", "relationship", "coverage", "balance", "unfilled")},
    }


def sparse_assignment(n: int, *, per_task: int, seed: int = 0) -> dict[str, Any]:
    """A square assignment where each task lists `per_task` people (one of them from a random
    permutation, so a perfect matching exists) with integer utilities 0-100: the sparse case of
    the dense_assignment path."""
    rng = random.Random(seed)
    mate = list(range(n))
    rng.shuffle(mate)
    pairs: list[dict[str, Any]] = []
    for j in range(n):
        chosen = set(rng.sample(range(n), min(n, per_task) - 1)) | {mate[j]}
        while len(chosen) < min(n, per_task):
            chosen.add(rng.randrange(n))
        pairs.extend(
            {"person": f"p{i}", "task": f"t{j}", "utility": rng.randint(0, 100)}
            for i in sorted(chosen)
        )
    data = dense_assignment([])
    data["people"] = [{"id": f"p{i}", "capacity": 1} for i in range(n)]
    data["tasks"] = [{"id": f"t{j}", "effort": 1} for j in range(n)]
    data["pairs"] = pairs
    return data


def columnar(data: dict[str, Any]) -> dict[str, Any]:
    """The same problem with its `pairs` in the columnar form: parallel arrays, a column only
    when some pair gives that field, null where a pair leaves it out."""
    rows = data.get("pairs", [])
    columns: dict[str, list[Any]] = {
        "person": [o["person"] for o in rows],
        "task": [o["task"] for o in rows],
    }
    for key in ("utility", "load", "forbidden"):
        if any(key in o for o in rows):
            columns[key] = [o.get(key) for o in rows]
    return {**data, "pairs": columns}
