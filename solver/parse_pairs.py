"""The problem's `pairs`: per-pair overrides, read and checked from plain JSON data, then
turned to columns.

`pairs` is a list of objects, or (an extension older files need not use) an object of parallel
arrays `person`, `task` and optionally `utility`, `load`, `forbidden` (null: not given). A dense
problem lists a million pairs; the `PairTable` columns (indices and NaN for "not given") let the
dense_assignment path test and solve it without walking a million objects again. Files read
with the fast decoder are checked in bulk instead (pair_columns.py), with the same messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from solver.json_reader import JsonReader, reference
from solver.model import PairOverride, PairTable, Person, Task

COLUMNS = ("person", "task", "utility", "load", "forbidden")


def read_pairs(
    r: JsonReader, root: dict[str, Any], people: Sequence[Person], tasks: Sequence[Task]
) -> tuple[tuple[PairOverride, ...], PairTable | None]:
    """The pairs of either form, with their columns (None when there are none)."""
    person_ids = {p.id for p in people}
    task_ids = {t.id for t in tasks}
    given = root.get("pairs")
    if isinstance(given, dict):
        pairs = _read_columns(r, given, person_ids, task_ids)
    else:
        pairs = read_pair_overrides(r, root, person_ids, task_ids)
    return tuple(pairs), pair_table(pairs, people, tasks) if pairs else None


def _read_columns(
    r: JsonReader, given: dict[str, Any], person_ids: set[str], task_ids: set[str]
) -> list[PairOverride]:
    """The columnar form, entry by entry (a fast decoder's file is checked in bulk instead)."""
    before = len(r.errors)
    for key in given:
        if key not in COLUMNS:
            r.fail(f"pairs.{key}", f"unknown column (known: {', '.join(COLUMNS)})")
    for key in ("person", "task"):
        if key not in given:
            r.fail(f"pairs.{key}", "is required")
    if len(r.errors) > before:
        return []
    columns = {key: r.array(given.get(key), f"pairs.{key}") for key in COLUMNS}
    rows = len(columns["person"])
    for key in COLUMNS[1:]:
        if key in given and len(columns[key]) != rows:
            r.fail(f"pairs.{key}", f"must have {rows} entries, as pairs.person has")
    if len(r.errors) > before:  # the columns themselves are wrong: their entries say nothing
        return []
    pairs = []
    for i in range(rows):
        person = reference(r, columns["person"][i], f"pairs.person[{i}]", person_ids, "person")
        task = reference(r, columns["task"][i], f"pairs.task[{i}]", task_ids, "task")
        utility = load = None
        forbidden = False
        if "utility" in given and columns["utility"][i] is not None:
            utility = r.number(columns["utility"][i], f"pairs.utility[{i}]")
        if "load" in given and columns["load"][i] is not None:
            load = r.number(columns["load"][i], f"pairs.load[{i}]", minimum=0)
        if "forbidden" in given and columns["forbidden"][i] is not None:
            forbidden = bool(r.boolean(columns["forbidden"][i], f"pairs.forbidden[{i}]"))
        if person and task:
            pairs.append(PairOverride(person, task, utility, load, forbidden))
    return pairs


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
