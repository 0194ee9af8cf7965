"""Writing problems and results as JSON (the format of PROBLEM_FORMAT.md), and reading back
a result the solver wrote (for stored proposals)."""

from __future__ import annotations

from typing import Any

from solver.model import (
    PROBLEM_FORMAT,
    RESULT_FORMAT,
    Assignment,
    Problem,
    Result,
    Unfilled,
    Why,
)
from solver.stats import SolveStats


def problem_to_json(problem: Problem) -> dict[str, Any]:
    return {
        "format": PROBLEM_FORMAT,
        "people": [
            {
                "id": p.id,
                "capacity": p.capacity,
                "skills": dict(p.skills),
                "current_load": p.current_load,
                "cost": p.cost,
                **({"accounts": list(p.accounts)} if p.accounts else {}),
            }
            for p in problem.people
        ],
        "tasks": [
            {
                "id": t.id,
                "effort": t.effort,
                "headcount": {"min": t.min_headcount, "max": t.max_headcount},
                "required": t.required,
                "skills": [
                    {
                        "skill": s.skill,
                        "level": s.level,
                        "mandatory": s.mandatory,
                        "weight": s.weight,
                    }
                    for s in t.skills
                ],
                **({"account": t.account} if t.account is not None else {}),
                "contacts": list(t.contacts),
            }
            for t in problem.tasks
        ],
        "contacts": [
            {
                "id": c.id,
                **({"account": c.account} if c.account else {}),
                "influence": c.influence,
                "decision_maker": c.decision_maker,
            }
            for c in problem.contacts
        ],
        "relationships": [
            {"person": x.person, "contact": x.contact, "strength": x.strength}
            for x in problem.relationships
        ],
        "conflicts": [{"person": p, "account": a} for p, a in problem.conflicts],
        "pins": [{"person": p, "task": t} for p, t in problem.pins],
        "current": [{"person": p, "task": t} for p, t in problem.current],
        "eligibility": problem.eligibility,
        "pairs": [
            {
                "person": x.person,
                "task": x.task,
                **({"utility": x.utility} if x.utility is not None else {}),
                **({"load": x.load} if x.load is not None else {}),
                **({"forbidden": True} if x.forbidden else {}),
            }
            for x in problem.pairs
        ],
        "weights": dict(problem.weights),
    }


def result_to_json(result: Result) -> dict[str, Any]:
    return {
        "format": RESULT_FORMAT,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "assignments": [
            {
                "person": a.person,
                "task": a.task,
                "utility": a.utility,
                "load": a.load,
                "why": [{"term": w.term, "value": w.value} for w in a.why],
            }
            for a in result.assignments
        ],
        "unfilled": [
            {"task": u.task, "missing": u.missing, "reasons": list(u.reasons)}
            for u in result.unfilled
        ],
        "infeasible": None if result.infeasible is None else {"reasons": list(result.infeasible)},
        "stats": result.stats.to_json(),
    }


def result_from_json(data: dict[str, Any]) -> Result:
    """The inverse of `result_to_json` (for stored proposals)."""
    infeasible = data.get("infeasible")
    return Result(
        status=data["status"],
        objective=data.get("objective"),
        bound=data.get("bound"),
        assignments=tuple(
            Assignment(
                a["person"],
                a["task"],
                a["utility"],
                a["load"],
                tuple(Why(w["term"], w["value"]) for w in a["why"]),
            )
            for a in data.get("assignments", [])
        ),
        unfilled=tuple(
            Unfilled(u["task"], u["missing"], tuple(u["reasons"])) for u in data.get("unfilled", [])
        ),
        infeasible=None if infeasible is None else tuple(infeasible["reasons"]),
        stats=SolveStats.from_json(data.get("stats", {})),
    )
