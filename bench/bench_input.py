"""The solver's whole process against a scipy script, both reading the same file.

    python bench/bench_input.py            # 800 dense, 800 and 1,500 sparse; 5 runs each
    python bench/bench_input.py --quick    # 3 runs each

Each problem is a square assignment (integer utilities 0-100, every load 1, capacity 1,
headcount 1) written once by solver/instances.py, in the object form of `pairs` and in the
columnar form. `python -m solver FILE` and `python bench/scipy_assignment.py FILE` (json.loads
+ scipy.optimize.linear_sum_assignment) each run as a fresh process; the table gives the median
wall time of each and their ratio (target: at most 1.5), and checks both found the same optimum.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from solver import instances

HERE = Path(__file__).resolve().parent
TARGET = 1.5


def problems() -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(14)
    dense = [[rng.randint(0, 100) for _ in range(800)] for _ in range(800)]
    return [
        ("800 x 800 dense (640,000 pairs)", instances.dense_assignment(dense)),
        ("800 x 800 sparse (80 per task)", instances.sparse_assignment(800, per_task=80, seed=1)),
        (
            "1,500 x 1,500 sparse (100 per task)",
            instances.sparse_assignment(1_500, per_task=100, seed=2),
        ),
    ]


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, run.stdout


def compare(path: Path, runs: int) -> tuple[float, float, bool]:
    solver_cmd = [sys.executable, "-m", "solver", str(path), "--workers", "2"]
    scipy_cmd = [sys.executable, str(HERE / "scipy_assignment.py"), str(path)]
    ours, theirs = [], []
    solver_out = scipy_out = ""
    for _ in range(runs):  # interleaved, so a busy moment hurts both
        seconds, solver_out = timed(solver_cmd)
        ours.append(seconds)
        seconds, scipy_out = timed(scipy_cmd)
        theirs.append(seconds)
    same = round(json.loads(solver_out)["objective"]) == round(json.loads(scipy_out)["objective"])
    return statistics.median(ours), statistics.median(theirs), same


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int)
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 5)
    print(f"whole process, median of {runs} runs (target: solver <= {TARGET}x scipy)")
    print(f"{'problem':<38} {'form':<9} {'MB':>5} {'solver':>8} {'scipy':>8} {'ratio':>6}  same")
    with tempfile.TemporaryDirectory() as folder:
        for name, data in problems():
            for form, content in (("objects", data), ("columns", instances.columnar(data))):
                path = Path(folder) / "problem.json"
                path.write_text(json.dumps(content))
                size = path.stat().st_size / 1e6
                ours, theirs, same = compare(path, runs)
                ratio = ours / theirs
                verdict = "met" if ratio <= TARGET else "NOT MET"
                print(
                    f"{name:<38} {form:<9} {size:5.1f} {ours:7.2f}s {theirs:7.2f}s "
                    f"{ratio:5.2f}x  {'yes' if same else 'NO'}  {verdict}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
