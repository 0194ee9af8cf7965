"""The problem's `pairs` list: per-pair overrides, read and checked, then decoded to columns.

A dense problem lists a million pairs; the `PairTable` columns (indices and NaN for "not given")
let the dense_assignment path test and solve it without walking a million objects again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from solver.json_reader import JsonReader, reference
from solver.model import PairOverride, PairTable, Person, Task


def read_pair_overrides(
    r: JsonReader, root: dict[str, Any], person_ids: set[str], task_ids: set[str]
) -> list[PairOverride]:
    pairs = []
    for i, item in enumerate(r.array(root.get("pairs"), "pairs")):
        path = f"pairs[{i}]"
        o = r.obj(item, path)
        if o is None:
            continue
        person = reference(r, o.get("person"), f"{path}.person", person_ids, "person")
        task = reference(r, o.get("task"), f"{path}.task", task_ids, "task")
        utility = r.number(o["utility"], f"{path}.utility") if "utility" in o else None
        load = r.number(o["load"], f"{path}.load", minimum=0) if "load" in o else None
        forbidden = (
            bool(r.boolean(o["forbidden"], f"{path}.forbidden")) if "forbidden" in o else False
        )
        if person and task:
            pairs.append(PairOverride(person, task, utility, load, forbidden))
    return pairs


def pair_table(
    pairs: Sequence[PairOverride], people: Sequence[Person], tasks: Sequence[Task]
) -> PairTable:
    """The overrides as columns: person and task indices, utility and load (NaN: not given)."""
    person_at = {p.id: i for i, p in enumerate(people)}
    task_at = {t.id: j for j, t in enumerate(tasks)}
    nan = float("nan")
    return PairTable(
        person=np.fromiter((person_at[o.person] for o in pairs), dtype=np.int32, count=len(pairs)),
        task=np.fromiter((task_at[o.task] for o in pairs), dtype=np.int32, count=len(pairs)),
        utility=np.fromiter(
            (nan if o.utility is None else o.utility for o in pairs),
            dtype=np.float64,
            count=len(pairs),
        ),
        load=np.fromiter(
            (nan if o.load is None else o.load for o in pairs), dtype=np.float64, count=len(pairs)
        ),
        forbidden=np.fromiter((o.forbidden for o in pairs), dtype=bool, count=len(pairs)),
    )
