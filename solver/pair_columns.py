"""`pairs` checked in bulk with numpy, from columns a fast decoder (fast_read.py) produced.

The decoder has already checked each value's type; what is left (unknown or empty ids,
non-finite numbers, negative loads) is checked column by column here, and every error is
reported with its JSON path and the same words, in the same order, as the reader of plain JSON
data (parse_pairs.py) reports it: one pair after the other, person, task, utility, load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import numpy.typing as npt

from solver.json_reader import JsonReader
from solver.model import PairRows, PairTable

FIELDS = ("person", "task", "utility", "load", "forbidden")


@dataclass(frozen=True)
class RawPairs:
    """Decoded `pairs`, not yet checked: ids as strings, numbers as floats (NaN: not given)."""

    person: list[str]
    task: list[str]
    utility: npt.NDArray[np.float64]
    load: npt.NDArray[np.float64]
    forbidden: npt.NDArray[np.bool_]
    columnar: bool  # the columnar form: paths `pairs.load[3]`, else `pairs[3].load`

    def path(self, row: int, name: str) -> str:
        return f"pairs.{name}[{row}]" if self.columnar else f"pairs[{row}].{name}"


def check_pairs(
    r: JsonReader, raw: RawPairs, people: Sequence[str], tasks: Sequence[str]
) -> tuple[PairRows, PairTable] | None:
    """The pairs as rows and columns, or None after adding every error to `r`."""
    person, person_errors = _indices(raw.person, people, "person")
    task, task_errors = _indices(raw.task, tasks, "task")
    found: list[tuple[int, int, str]] = []  # (row, field, reason)
    found += [(row, 0, reason) for row, reason in person_errors]
    found += [(row, 1, reason) for row, reason in task_errors]
    given_utility = ~np.isnan(raw.utility)
    bad = given_utility & ~np.isfinite(raw.utility)
    found += [(row, 2, "must be a number") for row in np.flatnonzero(bad).tolist()]
    given_load = ~np.isnan(raw.load)
    bad = given_load & ~np.isfinite(raw.load)
    found += [(row, 3, "must be a number") for row in np.flatnonzero(bad).tolist()]
    negative = given_load & np.isfinite(raw.load) & (raw.load < 0)
    found += [(row, 3, "must be >= 0") for row in np.flatnonzero(negative).tolist()]
    if found:
        for row, field, reason in sorted(found):
            r.fail(raw.path(row, FIELDS[field]), reason)
        return None
    table = PairTable(person, task, raw.utility, raw.load, raw.forbidden)
    return PairRows(table, people, tasks), table


def _indices(
    names: list[str], known: Sequence[str], kind: str
) -> tuple[npt.NDArray[np.int32], list[tuple[int, str]]]:
    """Each name's position in `known` (-1 when unknown), and the errors of those that are."""
    at = {name: k for k, name in enumerate(known)}
    try:
        index = np.fromiter(map(at.__getitem__, names), dtype=np.int32, count=len(names))
    except KeyError:  # some are unknown: find them all
        index = np.fromiter(map(at.get, names, repeat(-1)), dtype=np.int32, count=len(names))
    errors = [
        (row, "must be a non-empty string" if not names[row] else f"unknown {kind} {names[row]!r}")
        for row in np.flatnonzero(index < 0).tolist()
    ]
    return index, errors
