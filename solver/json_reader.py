"""Reading JSON values by type, collecting every error with its JSON path.

The problem's readers (parse.py, parse_pairs.py) share it, so each error names where it is
(`tasks[3].headcount.min: must be an integer >= 0`) and an invalid problem lists all of them.
"""

from __future__ import annotations

import math
from typing import Any


class ProblemError(ValueError):
    """An invalid problem; `errors` lists every error as `path: reason`."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class JsonReader:
    """Reads JSON values by type and collects every error as `path: reason`, so that all of a
    problem's errors are reported at once."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, reason: str) -> None:
        self.errors.append(f"{path}: {reason}")

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, "must be an object")
            return None
        return value

    def array(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, "must be an array")
            return []
        return value

    def text(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str) or not value:
            self.fail(path, "must be a non-empty string")
            return None
        return value

    def number(
        self, value: Any, path: str, *, minimum: float | None = None, maximum: float | None = None
    ) -> float | None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.fail(path, "must be a number")
            return None
        if minimum is not None and value < minimum:
            self.fail(path, f"must be >= {minimum:g}")
            return None
        if maximum is not None and value > maximum:
            self.fail(path, f"must be <= {maximum:g}")
            return None
        return float(value)

    def integer(
        self, value: Any, path: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            bound = f" >= {minimum}" if minimum is not None else ""
            self.fail(path, f"must be an integer{bound}")
            return None
        if minimum is not None and value < minimum:
            self.fail(path, f"must be an integer >= {minimum}")
            return None
        if maximum is not None and value > maximum:
            self.fail(path, f"must be an integer <= {maximum}")
            return None
        return value

    def boolean(self, value: Any, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.fail(path, "must be true or false")
            return None
        return value


def reference(r: JsonReader, value: Any, path: str, known: set[str], kind: str) -> str | None:
    name = r.text(value, path)
    if name is not None and name not in known:
        r.fail(path, f"unknown {kind} {name!r}")
        return None
    return name
