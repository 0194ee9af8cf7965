"""What a solve reports about itself: the result's `stats`, as typed fields.

Every path fills the same fields, so the JSON keys cannot drift apart between paths; `to_json`
writes exactly the keys the result format has always had (PROBLEM_FORMAT.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class SolveStats:
    """`build_seconds` and `first_solution_seconds` are reported together, by the paths that
    build and search (all but precheck and the greedy baseline): a `build_seconds` of None
    leaves both out, and `first_solution_seconds` is then null when no solution was found.
    The other optional fields are left out when None."""

    path: str = ""  # which path answered: assignment, precheck, flow, local-search, greedy
    # or cp-sat
    pairs: int = 0  # candidate pairs the answering path weighed
    pairs_pruned: int = 0  # eligible pairs it left out (shortlist and pruning)
    seconds: float = 0.0
    build_seconds: float | None = None
    first_solution_seconds: float | None = None
    greedy_objective: float | None = None  # the greedy team's, when it keeps every hard rule
    pruned_bound: float | None = None  # CP-SAT's bound over the kept pairs only

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "pairs": self.pairs,
            "pairs_pruned": self.pairs_pruned,
        }
        if self.build_seconds is not None:
            out["build_seconds"] = self.build_seconds
        out["seconds"] = self.seconds
        if self.build_seconds is not None:
            out["first_solution_seconds"] = self.first_solution_seconds
        if self.greedy_objective is not None:
            out["greedy_objective"] = self.greedy_objective
        if self.pruned_bound is not None:
            out["pruned_bound"] = self.pruned_bound
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SolveStats:
        """The inverse of `to_json` (keys it does not write are ignored)."""
        return cls(
            path=data.get("path", ""),
            pairs=data.get("pairs", 0),
            pairs_pruned=data.get("pairs_pruned", 0),
            seconds=data.get("seconds", 0.0),
            build_seconds=data.get("build_seconds"),
            first_solution_seconds=data.get("first_solution_seconds"),
            greedy_objective=data.get("greedy_objective"),
            pruned_bound=data.get("pruned_bound"),
        )
