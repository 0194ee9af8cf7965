"""Generalized-assignment instances of the published types C, D and E as staffing problems.

The definitions (Chu & Beasley 1997 for C and D; Laguna et al. / Yagiura, Ibaraki & Glover for
E), for m agents and n jobs, integer data:

- C: weight r_ij uniform in [5, 25], cost c_ij uniform in [10, 50];
- D: r_ij uniform in [1, 100], c_ij = 111 - r_ij + e_ij with e_ij uniform in [-10, 10];
- E: r_ij = 1 - 10 ln(x_ij), c_ij = 1000 / r_ij - 10 y_ij, x and y uniform in (0, 1];
- capacity b_i = 0.8 x sum_j r_ij / m (for E at least max_j r_ij, so every job fits somewhere).

As a staffing problem: agents are people (capacity b_i), jobs are tasks (headcount 1,
required), and every (person, task) pair is listed with `load` r_ij and `utility` -c_ij, so the
solver's objective is minus the GAP cost and its bound is minus a lower bound on the cost.

    python bench/gap_instances.py D 80 1600 > d80x1600.json
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from typing import Any

from solver.model import PROBLEM_FORMAT

TYPES = ("C", "D", "E")


def gap_data(kind: str, agents: int, jobs: int, seed: int = 0) -> tuple[list[list[int]], ...]:
    """(weights r[i][j], costs c[i][j], capacities [b_i]) of one instance."""
    rng = random.Random(f"{kind}-{agents}-{jobs}-{seed}")
    weight = [[0] * jobs for _ in range(agents)]
    cost = [[0] * jobs for _ in range(agents)]
    for i in range(agents):
        for j in range(jobs):
            if kind == "C":
                weight[i][j] = rng.randint(5, 25)
                cost[i][j] = rng.randint(10, 50)
            elif kind == "D":
                weight[i][j] = rng.randint(1, 100)
                cost[i][j] = 111 - weight[i][j] + rng.randint(-10, 10)
            elif kind == "E":
                x, y = 1.0 - rng.random(), 1.0 - rng.random()  # in (0, 1]
                weight[i][j] = int(1 - 10 * math.log(x))
                cost[i][j] = int(1000 / weight[i][j] - 10 * y)
            else:
                raise ValueError(f"unknown GAP type {kind!r} (known: {', '.join(TYPES)})")
    capacity = []
    for i in range(agents):
        b = int(0.8 * sum(weight[i]) / agents)
        if kind == "E":
            b = max(b, max(weight[i]))
        capacity.append(b)
    return weight, cost, [capacity]


def gap_problem(kind: str, agents: int, jobs: int, seed: int = 0) -> dict[str, Any]:
    """The instance as a `teamgraph-staffing/1` problem, pairs in the columnar form."""
    weight, cost, (capacity,) = gap_data(kind, agents, jobs, seed)
    person, task, utility, load = [], [], [], []
    for i in range(agents):
        for j in range(jobs):
            person.append(f"a{i}")
            task.append(f"j{j}")
            utility.append(-cost[i][j])
            load.append(weight[i][j])
    return {
        "format": PROBLEM_FORMAT,
        "people": [{"id": f"a{i}", "capacity": capacity[i]} for i in range(agents)],
        "tasks": [{"id": f"j{j}", "effort": 1} for j in range(jobs)],
        "eligibility": "pairs",
        "pairs": {"person": person, "task": task, "utility": utility, "load": load},
        "weights": {k: 0 for k in ("skill", "relationship", "coverage", "balance", "unfilled")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("type", choices=TYPES)
    parser.add_argument("agents", type=int)
    parser.add_argument("jobs", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    json.dump(gap_problem(args.type, args.agents, args.jobs, args.seed), sys.stdout)


if __name__ == "__main__":
    main()
