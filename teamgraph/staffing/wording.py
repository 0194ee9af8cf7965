"""Solver explanations in the KAM lead's words: the solver names people, skills and tasks by
their problem ids (`p12`, `s3`, `t40`); stored proposals name them as the store does."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import Account, Contact
from teamgraph.catalogue.models import Skill
from teamgraph.people.models import Person
from teamgraph.plans.models import Task

SOLVER_ID = re.compile(r"\b([pstca])(\d+)\b")
_NAMES: dict[str, tuple[Any, Any]] = {
    "p": (Person.id, Person.name),
    "s": (Skill.id, Skill.name),
    "t": (Task.id, Task.title),
    "c": (Contact.id, Contact.name),
    "a": (Account.id, Account.name),
}


def readable(session: Session, texts: list[str]) -> list[str]:
    """`texts` with every solver id replaced by the name it stands for (ids not found stay)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for text in texts:
        for kind, key in SOLVER_ID.findall(text):
            wanted[kind].add(int(key))
    names: dict[tuple[str, int], str] = {}
    for kind, keys in wanted.items():
        column, name = _NAMES[kind]
        for key, value in session.execute(select(column, name).where(column.in_(keys))):
            names[(kind, key)] = f'"{value}"' if kind == "t" else value
    return [SOLVER_ID.sub(lambda m: names.get((m[1], int(m[2])), m[0]), text) for text in texts]


def reword_result(session: Session, result: dict[str, Any]) -> dict[str, Any]:
    """A `teamgraph-result/1` JSON whose unfilled and infeasible reasons name things."""
    unfilled = result.get("unfilled", [])
    infeasible = result.get("infeasible")
    texts = [r for u in unfilled for r in u["reasons"]]
    texts += list(infeasible["reasons"]) if infeasible else []
    worded = iter(readable(session, texts))
    return {
        **result,
        "unfilled": [{**u, "reasons": [next(worded) for _ in u["reasons"]]} for u in unfilled],
        "infeasible": (
            None
            if infeasible is None
            else {"reasons": [next(worded) for _ in infeasible["reasons"]]}
        ),
    }
