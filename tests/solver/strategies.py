"""Small random staffing problems for property tests, and a brute-force oracle."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from hypothesis import strategies as st

from solver.check import check
from solver.model import Assignment, Problem, Result
from solver.pairs import SCALE, candidate_pairs
from solver.parse import parse_problem
from solver.score import score

SKILLS = ["neg", "health", "sql"]


@st.composite
def problems(
    draw: st.DrawFn, *, max_people: int = 4, max_tasks: int = 3, plain: bool = False
) -> Problem:
    """`plain=True` draws transportation problems, which the exact paths take (equal loads, no
    global terms)."""
    n = draw(st.integers(1, max_people))
    m = draw(st.integers(1, max_tasks))
    effort = draw(st.sampled_from([4, 8]))
    people = [
        {
            "id": f"p{i}",
            "capacity": draw(st.sampled_from([0, 8, 16, 24])),
            "current_load": draw(st.sampled_from([0, 0, 4])),
            "skills": draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), max_size=2)),
        }
        for i in range(n)
    ]
    contacts = [
        {"id": f"c{k}", "account": "acme", "influence": draw(st.sampled_from([0.2, 1.0]))}
        for k in range(2)
    ]
    tasks = []
    for j in range(m):
        low = draw(st.integers(0, 2))
        tasks.append(
            {
                "id": f"t{j}",
                "effort": effort if plain else draw(st.sampled_from([4, 8, 12])),
                "headcount": {"min": low, "max": low + draw(st.integers(0 if low else 1, 1))},
                "required": draw(st.booleans()),
                "skills": [
                    {
                        "skill": s,
                        "level": draw(st.integers(1, 4)),
                        "mandatory": False if plain else draw(st.booleans()),
                    }
                    for s in draw(st.lists(st.sampled_from(SKILLS), unique=True, max_size=2))
                ],
                "account": "acme",
                "contacts": draw(st.lists(st.sampled_from(["c0", "c1"]), unique=True, max_size=2)),
            }
        )
    data: dict[str, Any] = {
        "format": "teamgraph-staffing/1",
        "people": people,
        "tasks": tasks,
        "contacts": contacts,
        "relationships": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "person": st.sampled_from([p["id"] for p in people]),
                        "contact": st.sampled_from(["c0", "c1"]),
                        "strength": st.sampled_from([0.3, 0.9]),
                    }
                ),
                max_size=3,
                unique_by=lambda r: (r["person"], r["contact"]),
            )
        ),
        "eligibility": draw(st.sampled_from(["skills", "all"])),
        "weights": {"unfilled": draw(st.sampled_from([0, 5, 100]))},
    }
    if plain:
        data["weights"].update(coverage=0, balance=0)
    else:
        if draw(st.booleans()):
            data["conflicts"] = [{"person": "p0", "account": "acme"}]
        if draw(st.booleans()):
            data["pins"] = [
                {
                    "person": f"p{draw(st.integers(0, n - 1))}",
                    "task": f"t{draw(st.integers(0, m - 1))}",
                }
            ]
        data["weights"].update(
            coverage=draw(st.sampled_from([0, 1])),
            balance=draw(st.sampled_from([0, 1])),
            stability=draw(st.sampled_from([0, 2])),
        )
        if draw(st.booleans()):
            data["current"] = [{"person": "p0", "task": "t0"}]
    return parse_problem(data)


def as_result(problem: Problem, chosen: set[tuple[int, int]]) -> Result:
    pairs = {(p.person, p.task): p for p in candidate_pairs(problem).pairs}
    return Result(
        "FEASIBLE",
        None,
        None,
        tuple(
            Assignment(
                problem.people[i].id,
                problem.tasks[j].id,
                pairs[i, j].utility / SCALE,
                pairs[i, j].load,
                (),
            )
            for i, j in chosen
        ),
    )


def brute_force(problem: Problem) -> float | None:
    """The best objective over every subset of candidate pairs that keeps every hard rule."""
    pairs = candidate_pairs(problem).pairs
    keys = [(p.person, p.task) for p in pairs]
    best: int | None = None
    for size in range(len(keys) + 1):
        for subset in combinations(keys, size):
            chosen = set(subset)
            if check(problem, as_result(problem, chosen)):
                continue
            value = score(problem, pairs, chosen)
            if best is None or value > best:
                best = value
    return None if best is None else best / SCALE
