"""The KAM trap: organisations where skill-first staffing leaves the account single-threaded,
and how each way of staffing them fares.

    python bench/kam_trap.py                       # the default weights, 5 organisations
    python bench/kam_trap.py --sweep               # coverage and relationship weights swept
    python bench/kam_trap.py --weights coverage=2 relationship=0.5

Each account's KAM is its most skilled person (level 5 in the account's key skills) and the
only one of our people with a relationship to its decision makers; colleagues hold the same
skills at levels 2-4 and know some of the other contacts. Every task is required, needs one
person and one or two key skills at level 3 or 4, and most engage a decision maker. A skill-first
plan piles the tasks on the KAM and the decision makers keep their one thread.

For each organisation the table gives, for three plans:
- deficit: engaged decision makers (contacts with `decision_maker` on the plan's tasks) left
  with fewer than two threads after the plan (threads: the relationships the problem lists,
  plus the assignees of the tasks that engage the contact, as the coverage term counts them);
- skill: the plan's skill fit in points (10 x fit per assignment, solver.pairs.skill_fit).
The plans: a skill-only greedy (weights skill 1, the rest 0; method greedy), the solver with
the weights under test, and the coverage-aware optimum (CP-SAT with every decision maker's new
thread worth more than any skill fit, nothing else weighted: the least deficit reachable, then
the best skill fit at that deficit). Target: the weights reach the optimum's deficit at no less
skill fit than the greedy's. Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import replace
from typing import Any

from solver import Problem, parse_problem, solve
from solver.model import DEFAULT_WEIGHTS, PROBLEM_FORMAT, Contact
from solver.pairs import POINTS, skill_fit, threads_per_contact

SKILLS = [f"s{k}" for k in range(12)]
ORGANISATIONS = [(4, 1), (6, 2), (8, 3), (10, 4), (12, 5)]  # (accounts, seed)
SWEEP = [
    {"coverage": 1.0, "relationship": 1.0},
    {"coverage": 1.5, "relationship": 1.0},
    {"coverage": 2.0, "relationship": 1.0},
    {"coverage": 3.0, "relationship": 1.0},
    {"coverage": 1.0, "relationship": 0.5},
    {"coverage": 2.0, "relationship": 0.5},
]


def kam_trap(accounts: int, seed: int = 0) -> dict[str, Any]:
    """An organisation of `accounts` key accounts caught in the trap, as a problem."""
    rng = random.Random(f"kam-trap-{accounts}-{seed}")
    people: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    relationships: dict[tuple[str, str], float] = {}
    tasks: list[dict[str, Any]] = []
    colleagues = [f"p{n}" for n in range(3 * accounts)]
    for pid in colleagues:
        held = {s: rng.choice((2, 3, 3, 4, 4)) for s in rng.sample(SKILLS, rng.randint(2, 4))}
        people.append(
            {
                "id": pid,
                "capacity": float(rng.choice((24, 32, 40))),
                "current_load": float(rng.choice((0, 8, 16))),
                "skills": held,
            }
        )
    for a in range(accounts):
        key = rng.sample(SKILLS, 3)
        kam = f"kam{a}"
        # The KAM runs the account: the best at its key skills, and busy.
        people.append(
            {
                "id": kam,
                "capacity": 40.0,
                "current_load": 8.0,
                "skills": dict.fromkeys(key, 5),
            }
        )
        deciders = [f"c{a}_dm{d}" for d in range(2)]
        others = [f"c{a}_{k}" for k in range(4)]
        for c in deciders:
            # Influence 3..5 of 5 (as compile maps it: 0.6..1); the KAM is the only thread.
            contacts.append(
                {
                    "id": c,
                    "account": f"a{a}",
                    "influence": rng.choice((0.6, 0.8, 1.0)),
                    "decision_maker": True,
                }
            )
            relationships[(kam, c)] = round(rng.uniform(0.7, 1.0), 2)
        for c in others:
            contacts.append({"id": c, "account": f"a{a}", "influence": rng.choice((0.2, 0.4, 0.6))})
            for pid in rng.sample(colleagues, rng.choice((0, 1, 2))):
                relationships[(pid, c)] = round(rng.uniform(0.3, 0.8), 2)
        for k in range(5):
            engaged = [deciders[k % 2]] if k < 4 else []
            engaged += rng.sample(others, rng.choice((0, 1)))
            tasks.append(
                {
                    "id": f"t{a}_{k}",
                    "effort": float(rng.choice((4, 8, 8, 12))),
                    "skills": [
                        {"skill": s, "level": rng.choice((3, 3, 4))}
                        for s in rng.sample(key, rng.choice((1, 2)))
                    ],
                    "account": f"a{a}",
                    "contacts": sorted(engaged),
                }
            )
        # Colleagues who can do the account's work: two hold a key skill at level 3-4.
        for pid in rng.sample(colleagues, 2):
            person = next(p for p in people if p["id"] == pid)
            person["skills"][rng.choice(key)] = rng.choice((3, 4))
    return {
        "format": PROBLEM_FORMAT,
        "people": people,
        "tasks": tasks,
        "contacts": contacts,
        "relationships": [
            {"person": p, "contact": c, "strength": s}
            for (p, c), s in sorted(relationships.items())
        ],
    }


def deficit(problem: Problem, chosen: set[tuple[str, str]]) -> int:
    """Engaged decision makers left with fewer than two threads after the plan."""
    deciders = {c.id for c in problem.contacts if c.decision_maker}
    threads = threads_per_contact(problem)
    engaged = {c for t in problem.tasks for c in t.contacts if c in deciders}
    tasks = {t.id: t for t in problem.tasks}
    for person, task in chosen:
        for c in tasks[task].contacts:
            threads.setdefault(c, set()).add(person)
    return sum(1 for c in engaged if len(threads.get(c, ())) < 2)


def skill_points(problem: Problem, chosen: set[tuple[str, str]]) -> float:
    people = {p.id: p for p in problem.people}
    tasks = {t.id: t for t in problem.tasks}
    return sum(POINTS * skill_fit(people[p].skills, tasks[t]) for p, t in chosen)


def plan(problem: Problem, **options: Any) -> tuple[set[tuple[str, str]], str]:
    result = solve(problem, workers=2, **options)
    return {(a.person, a.task) for a in result.assignments}, result.status


def greedy_plan(problem: Problem) -> set[tuple[str, str]]:
    skill_only = dict.fromkeys(DEFAULT_WEIGHTS, 0.0) | {"skill": 1.0, "unfilled": 100.0}
    return plan(replace(problem, weights=skill_only), method="greedy")[0]


def optimum_plan(problem: Problem, time_limit: float) -> tuple[set[tuple[str, str]], str]:
    """The least deficit, then the best skill fit: a decision maker's new thread is worth more
    than every skill fit together, other contacts nothing, and nothing else is weighted. (In
    these organisations every decision maker starts with one thread, so a new one is exactly a
    unit of deficit removed.)"""
    deciders = tuple(
        Contact(c.id, c.account, 1.0 if c.decision_maker else 0.0, c.decision_maker)
        for c in problem.contacts
    )
    most = 2 * POINTS * len(problem.tasks)  # every skill fit together stays below
    weights = dict.fromkeys(DEFAULT_WEIGHTS, 0.0) | {
        "skill": 1.0,
        "coverage": most / POINTS,
        "unfilled": 100.0,
    }
    return plan(replace(problem, contacts=deciders, weights=weights), time_limit=time_limit)


def report(
    organisations: list[tuple[int, int]], trials: list[dict[str, float]], time_limit: float
) -> None:
    print(
        f"{'weights under test':<30} {'accounts, seed':>14} {'DMs':>4}"
        f"  deficit greedy/weights/optimum"
        f"   skill greedy/weights/optimum   target"
    )
    for accounts, seed in organisations:
        problem = parse_problem(kam_trap(accounts, seed))
        greedy = greedy_plan(problem)
        best, best_status = optimum_plan(problem, time_limit)
        deciders = {c.id for c in problem.contacts if c.decision_maker}
        engaged = len({c for t in problem.tasks for c in t.contacts if c in deciders})
        for trial in trials:
            weights = problem.weights | trial
            chosen, status = plan(replace(problem, weights=weights), time_limit=time_limit)
            met = (
                deficit(problem, chosen) <= deficit(problem, best)
                and skill_points(problem, chosen) >= skill_points(problem, greedy) - 1e-9
            )
            label = ", ".join(f"{k} {v:g}" for k, v in trial.items()) or "defaults"
            print(
                f"{label:<30} {accounts:>8}, {seed:<4} {engaged:>4}"
                f"  {deficit(problem, greedy):>6} / {deficit(problem, chosen):>3} /"
                f" {deficit(problem, best):>3} {'' if best_status == 'OPTIMAL' else '?':1}"
                f"  {skill_points(problem, greedy):>9.1f} / {skill_points(problem, chosen):>6.1f}"
                f" / {skill_points(problem, best):>6.1f}   {'met' if met else 'NOT MET'}"
                f"{'' if status == 'OPTIMAL' else ' (' + status + ')'}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sweep", action="store_true", help="try the weights of SWEEP")
    parser.add_argument("--weights", nargs="*", default=[], help="NAME=VALUE, over the defaults")
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    given = {k: float(v) for k, v in (item.split("=", 1) for item in args.weights)}
    trials = SWEEP if args.sweep else [given]
    print(f"defaults: {', '.join(f'{k} {v:g}' for k, v in DEFAULT_WEIGHTS.items())}")
    report(ORGANISATIONS, trials, args.time_limit)


if __name__ == "__main__":
    main()
