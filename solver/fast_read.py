"""Reading a problem file fast: msgspec decodes `pairs` straight into typed rows or columns,
which are checked in bulk (pair_columns.py); the rest of the problem (people, tasks: small)
goes through the plain reader (parse.py).

A file the typed decoder refuses (a value of the wrong type anywhere in `pairs`, an unknown
column, a non-standard number such as NaN) is read again as plain JSON data by `parse_problem`,
which names every error with its path: errors cost time, valid files do not. A file that is not
JSON at all raises `ValueError`.
"""

from __future__ import annotations

import gc
import json
import math
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import msgspec
import numpy as np

from solver.json_reader import JsonReader
from solver.model import PairOverride, PairTable, Person, Problem, Task
from solver.pair_columns import RawPairs, check_pairs
from solver.parse import build_problem, parse_problem

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType


class _PairRow(msgspec.Struct, gc=False):
    """A pair of the object form; NaN stands for "not given" (JSON has no NaN, and a null is a
    type error here, read again by the plain reader, which names it)."""

    person: str
    task: str
    utility: float = math.nan
    load: float = math.nan
    forbidden: bool = False


class _PairColumns(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    person: list[str]
    task: list[str]
    utility: list[float | None] | Unset = UNSET
    load: list[float | None] | Unset = UNSET
    forbidden: list[bool | None] | Unset = UNSET


class _Problem(msgspec.Struct):
    """The top level: `pairs` typed, everything else plain data for parse.py."""

    pairs: list[_PairRow] | _PairColumns | Unset | None = UNSET
    format: Any = UNSET
    people: Any = UNSET
    tasks: Any = UNSET
    contacts: Any = UNSET
    relationships: Any = UNSET
    conflicts: Any = UNSET
    pins: Any = UNSET
    current: Any = UNSET
    eligibility: Any = UNSET
    weights: Any = UNSET


_DECODER = msgspec.json.Decoder(_Problem)
_PLAIN = tuple(name for name in _Problem.__struct_fields__ if name != "pairs")


def read_problem(raw: bytes | str) -> Problem:
    """The problem in `raw` (a JSON document); raises ProblemError listing every error."""
    collecting = gc.isenabled()
    gc.disable()  # a million young objects would trigger needless collections
    try:
        try:
            document = _DECODER.decode(raw)
        except msgspec.DecodeError:
            return parse_problem(json.loads(raw))
        root = {name: value for name in _PLAIN if (value := getattr(document, name)) is not UNSET}
        decoded = document.pairs
        if decoded is not UNSET:
            root["pairs"] = decoded

        def pairs_reader(
            r: JsonReader, _: dict[str, Any], people: list[Person], tasks: list[Task]
        ) -> tuple[Sequence[PairOverride], PairTable | None]:
            raw_pairs = _columns(r, decoded)
            if raw_pairs is None or not raw_pairs.person:
                return (), None
            checked = check_pairs(r, raw_pairs, [p.id for p in people], [t.id for t in tasks])
            return checked if checked is not None else ((), None)

        return build_problem(root, pairs_reader)
    finally:
        if collecting:
            gc.enable()


def _columns(r: JsonReader, decoded: object) -> RawPairs | None:
    if isinstance(decoded, _PairColumns):
        rows = len(decoded.person)
        given = {"task": decoded.task}
        for key in ("utility", "load", "forbidden"):
            column = getattr(decoded, key)
            if column is not UNSET:
                given[key] = column
        short = False
        for key, column in given.items():
            if len(column) != rows:
                r.fail(f"pairs.{key}", f"must have {rows} entries, as pairs.person has")
                short = True
        if short:
            return None
        return RawPairs(
            decoded.person,
            decoded.task,
            _numbers(given.get("utility"), rows),
            _numbers(given.get("load"), rows),
            _flags(given.get("forbidden"), rows),
            columnar=True,
        )
    if isinstance(decoded, list):
        rows = len(decoded)
        return RawPairs(
            list(map(attrgetter("person"), decoded)),
            list(map(attrgetter("task"), decoded)),
            np.fromiter(map(attrgetter("utility"), decoded), np.float64, rows),
            np.fromiter(map(attrgetter("load"), decoded), np.float64, rows),
            np.fromiter(map(attrgetter("forbidden"), decoded), bool, rows),
            columnar=False,
        )
    return None  # no pairs


def _numbers(column: list[Any] | None, rows: int) -> np.ndarray:
    """Floats, NaN where not given (null or left out)."""
    if column is None:
        return np.full(rows, np.nan)
    return np.array(column, dtype=np.float64)  # None becomes NaN


def _flags(column: list[Any] | None, rows: int) -> np.ndarray:
    if column is None:
        return np.zeros(rows, dtype=bool)
    return np.array([v is True for v in column], dtype=bool)  # None: not forbidden
