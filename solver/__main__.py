"""`python -m solver PROBLEM.json [--time-limit S] [--workers N] [--seed K] [--output FILE]`.

Exit 0 whatever the status; an invalid problem exits 2 with one `path: reason` line per error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from solver.fast_read import read_problem
from solver.parse import ProblemError
from solver.serialise import result_to_json
from solver.solve import solve


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m solver", description="Solve a teamgraph staffing problem."
    )
    parser.add_argument("problem", help="problem JSON file (- for standard input)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", "-o", help="write the result here instead of standard output")
    args = parser.parse_args(argv)
    try:
        if args.problem == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(args.problem, "rb") as handle:
                raw = handle.read()
        problem = read_problem(raw)
    except ProblemError as error:
        for line in error.errors:
            print(line, file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:  # unreadable, or not JSON
        print(f"$: cannot read the problem: {error}", file=sys.stderr)
        return 2
    result = result_to_json(
        solve(problem, time_limit=args.time_limit, workers=args.workers, seed=args.seed)
    )
    out = json.dumps(result, indent=2)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(out + "\n")
    else:
        print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
