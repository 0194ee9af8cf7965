"""The full-problem LP bound (solver/bound.py) by GLOP against scipy's HiGHS on the same LP.

    python bench/bench_lp.py            # GAP C, D, E at 80 x 1,600 and the staffing instances
    python bench/bench_lp.py --runs 5

The relaxation is built once (`relaxation`, timed apart); then GLOP's dual simplex (what the
solver runs, `lp_optimum`) and `scipy.optimize.linprog(method="highs")` (what it ran before)
solve it in turn, `--runs` times each, interleaved; the table gives the medians and whether the
optima agree. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from gap_instances import gap_problem
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, vstack

from solver import parse_problem
from solver.bound import Relaxation, lp_optimum, relaxation
from solver.instances import generate
from solver.pairs import SCALE, candidate_pairs

INSTANCES: list[tuple[str, Callable[[], dict[str, Any]]]] = [
    ("GAP C 80 x 1,600", lambda: gap_problem("C", 80, 1_600)),
    ("GAP D 80 x 1,600", lambda: gap_problem("D", 80, 1_600)),
    ("GAP E 80 x 1,600", lambda: gap_problem("E", 80, 1_600)),
    ("staffing 200 x 50", lambda: generate(people=200, tasks=50, seed=1)),
    ("staffing 2,000 x 400", lambda: generate(people=2_000, tasks=400, seed=1)),
]


def scipy_optimum(lp: Relaxation) -> float | None:
    """The same LP in linprog's form (A_ub v <= b_ub, minimising), solved by HiGHS."""
    matrix = coo_matrix(
        (lp.values, (lp.rows, lp.columns)), shape=(len(lp.row_lower), len(lp.objective))
    ).tocsr()
    above, below = np.isfinite(lp.row_upper), np.isfinite(lp.row_lower)
    result = linprog(
        -lp.objective,
        A_ub=vstack([matrix[above], -matrix[below]]).tocsr(),
        b_ub=np.concatenate([lp.row_upper[above], -lp.row_lower[below]]),
        bounds=np.column_stack([lp.lower, lp.upper]),
        method="highs",
    )
    return None if result.status != 0 else -result.fun + lp.constant


def timed(solve: Callable[[Relaxation], float | None], lp: Relaxation) -> tuple[float, float]:
    started = time.perf_counter()
    value = solve(lp)
    return time.perf_counter() - started, float("nan") if value is None else value / SCALE


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"LP bound, median of {args.runs} interleaved runs")
    print(
        f"{'instance':<22} {'pairs':>8} {'rows':>6} {'build':>7} {'GLOP':>7} {'scipy':>7}"
        f" {'ratio':>6}  optimum (GLOP / scipy)"
    )
    for name, make in INSTANCES:
        problem = parse_problem(make())
        pairs = candidate_pairs(problem).pairs
        started = time.perf_counter()
        lp = relaxation(problem, pairs)
        build = time.perf_counter() - started
        glop, scipy = [], []
        for _ in range(args.runs):
            seconds, glop_value = timed(lp_optimum, lp)
            glop.append(seconds)
            seconds, scipy_value = timed(scipy_optimum, lp)
            scipy.append(seconds)
        g, s = statistics.median(glop), statistics.median(scipy)
        same = abs(glop_value - scipy_value) <= 1e-6 * max(1.0, abs(scipy_value))
        print(
            f"{name:<22} {len(pairs):>8,} {len(lp.row_lower):>6,} {build:>6.2f}s {g:>6.2f}s"
            f" {s:>6.2f}s {g / s:>6.2f}  {glop_value:,.3f} / {scipy_value:,.3f}"
            f" ({'equal' if same else 'DIFFERENT'})",
            flush=True,
        )


if __name__ == "__main__":
    main()
