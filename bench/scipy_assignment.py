"""The reference the solver's whole process is compared with (bench/bench_input.py): read a
square assignment problem with `json.loads`, solve it with scipy's `linear_sum_assignment`
(a pair the file does not list is forbidden) and print the assignment as JSON.

    python bench/scipy_assignment.py PROBLEM.json
"""

from __future__ import annotations

import json
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        data = json.loads(handle.read())
    person_at = {p["id"]: i for i, p in enumerate(data["people"])}
    task_at = {t["id"]: j for j, t in enumerate(data["tasks"])}
    utility = np.full((len(person_at), len(task_at)), -np.inf)
    pairs = data["pairs"]
    if isinstance(pairs, dict):  # the columnar form
        rows = [person_at[p] for p in pairs["person"]]
        cols = [task_at[t] for t in pairs["task"]]
        utility[rows, cols] = pairs["utility"]
    else:
        for pair in pairs:
            utility[person_at[pair["person"]], task_at[pair["task"]]] = pair["utility"]
    rows, cols = linear_sum_assignment(utility, maximize=True)
    people, tasks = list(person_at), list(task_at)
    print(
        json.dumps(
            {
                "objective": float(utility[rows, cols].sum()),
                "assignments": [
                    {"person": people[i], "task": tasks[j], "utility": float(utility[i, j])}
                    for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
                ],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
