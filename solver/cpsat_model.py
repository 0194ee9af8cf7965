"""The CP-SAT model (built here, searched by paths/cpsat.py): one block per hard rule, then the
objective (see pairs.py for scaling).

Hard rules: capacity (with current load), headcount maximum, minimum for required tasks (others
may fall short at the `unfilled` penalty), mandatory skills held by an assignee of every staffed
task, pins; conflicts and forbidden pairs are absent from the candidate pairs. Global terms:
coverage (a contact with at most one thread that a chosen assignee would newly reach earns
10 x influence x weight), balance (minus 10 x weight x the largest utilisation among the people
used), stability (minus weight per pair changed from `current`), unfilled (minus weight per
missing person below a task's minimum).

Each rule group can be switched by an enforcement literal, so an infeasible problem can be
explained by the smallest set of rule groups CP-SAT finds clashing (its assumptions core).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.attempt import Progress, Stop
from solver.model import Problem
from solver.pairs import POINTS, SCALE, UTILISATION_UNITS, Pair, holds, threads_per_contact

__all__ = ["UTILISATION_UNITS", "Built", "SolutionTimer", "build", "stopping"]


@dataclass
class Built:
    model: cp_model.CpModel
    x: dict[tuple[int, int], cp_model.IntVar]
    # Per task that may fall short of its minimum: how many people it is missing.
    shortfall: dict[int, cp_model.IntVar]
    # Enforcement literal per rule group -> what it says, for explanations.
    rules: dict[int, str] = field(default_factory=dict)
    rule_literals: list[cp_model.IntVar] = field(default_factory=list)


def build(problem: Problem, pairs: list[Pair], *, explain: bool = False) -> Built:
    model = cp_model.CpModel()
    w = problem.weights
    x = {(p.person, p.task): model.new_bool_var(f"x_{p.person}_{p.task}") for p in pairs}
    by_task: dict[int, list[Pair]] = defaultdict(list)
    by_person: dict[int, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_task[p.task].append(p)
        by_person[p.person].append(p)
    built = Built(model, x, {})

    def rule(text: str) -> Callable[[cp_model.Constraint], object]:
        """Attach a constraint to the enforcement literal of the rule group `text`."""
        if not explain:
            return lambda constraint: constraint
        literal = model.new_bool_var(text)
        built.rules[literal.index] = text
        built.rule_literals.append(literal)
        return lambda constraint: constraint.only_enforce_if(literal)

    # Capacity: a person's new load plus current load stays within capacity. Loads are hours,
    # scaled to hundredths so fractional efforts stay exact enough.
    for i, person_pairs in by_person.items():
        person = problem.people[i]
        # Someone already over capacity takes no new work; the problem is not infeasible for it.
        room = max(0, round(100 * (person.capacity - person.current_load)))
        enforce = rule(f"capacity of {person.id}")
        enforce(
            model.add(sum(round(100 * p.load) * x[p.person, p.task] for p in person_pairs) <= room)
        )

    # Headcount: at most max; at least min for required tasks, else short by `shortfall`.
    for j, task in enumerate(problem.tasks):
        members = cp_model.LinearExpr.sum([x[p.person, p.task] for p in by_task[j]])
        model.add(members <= task.max_headcount)
        if task.required:
            enforce = rule(f"required task {task.id} needs {task.min_headcount} people")
            enforce(model.add(members >= task.min_headcount))
        elif task.min_headcount > 0:
            shortfall = model.new_int_var(0, task.min_headcount, f"shortfall_{j}")
            built.shortfall[j] = shortfall
            model.add(members + shortfall >= task.min_headcount)

    # Mandatory skills: a staffed task has, for each mandatory skill, an assignee holding it.
    for j, task in enumerate(problem.tasks):
        mandatory = [r for r in task.skills if r.mandatory]
        if not mandatory or not by_task[j]:
            continue
        staffed = model.new_bool_var(f"staffed_{j}")
        for p in by_task[j]:
            model.add_implication(x[p.person, p.task], staffed)
        if task.required and task.min_headcount > 0:
            model.add(staffed == 1)
        for r in mandatory:
            holders = [
                x[p.person, p.task]
                for p in by_task[j]
                if holds(problem.people[p.person].skills, r.skill, r.level)
            ]
            enforce = rule(f"task {task.id} needs {r.skill} at level {r.level}")
            enforce(model.add(cp_model.LinearExpr.sum(holders) >= staffed))

    # Pins.
    for p in pairs:
        if p.pinned:
            enforce = rule(f"pin {problem.people[p.person].id} -> {problem.tasks[p.task].id}")
            enforce(model.add(x[p.person, p.task] == 1))

    objective: list[cp_model.LinearExprT] = [
        cp_model.LinearExpr.weighted_sum(
            [x[p.person, p.task] for p in pairs], [p.utility for p in pairs]
        )
    ]

    # Coverage: new threads to contacts that hang on one relationship (or none).
    if w["coverage"] and problem.contacts:
        threads = threads_per_contact(problem)
        influence = {c.id: c.influence for c in problem.contacts}
        reach: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for p in pairs:
            pid = problem.people[p.person].id
            for c in problem.tasks[p.task].contacts:
                if len(threads.get(c, ())) <= 1 and pid not in threads.get(c, ()):
                    reach[c].append(x[p.person, p.task])
        for c, literals in reach.items():
            gain = round(SCALE * w["coverage"] * POINTS * influence.get(c, 1.0))
            if gain <= 0:
                continue
            reached = model.new_bool_var(f"reach_{c}")
            model.add(reached <= cp_model.LinearExpr.sum(literals))
            objective.append(gain * reached)

    # Balance: the largest utilisation (per mille) among the people used.
    if w["balance"] and pairs:
        peak = model.new_int_var(0, 10**9, "peak_utilisation")
        for i, person_pairs in by_person.items():
            person = problem.people[i]
            if person.capacity <= 0:
                continue
            used = model.new_bool_var(f"used_{i}")
            for p in person_pairs:
                model.add_implication(x[p.person, p.task], used)
            load = cp_model.LinearExpr.weighted_sum(
                [x[p.person, p.task] for p in person_pairs],
                [round(100 * p.load) for p in person_pairs],
            )
            already = round(100 * person.current_load)
            capacity = round(100 * person.capacity)
            model.add(peak * capacity >= UTILISATION_UNITS * (load + already)).only_enforce_if(used)
        objective.append(-round(SCALE * w["balance"] * POINTS / UTILISATION_UNITS) * peak)

    # Stability: every pair that differs from the current assignment.
    if w["stability"] and problem.current:
        index = {p.id: i for i, p in enumerate(problem.people)}
        tindex = {t.id: j for j, t in enumerate(problem.tasks)}
        current = {(index[a], tindex[b]) for a, b in problem.current}
        change = round(SCALE * w["stability"])
        for key, var in x.items():
            objective.append(change * (var - 1) if key in current else -change * var)
        # Current pairs that are no longer candidates are changes whatever we do.
        objective.append(-change * len(current - set(x)))

    # Unfilled: missing people below the minimum of tasks that may fall short.
    if w["unfilled"]:
        penalty = round(SCALE * w["unfilled"])
        objective.extend(-penalty * s for s in built.shortfall.values())
    model.maximize(cp_model.LinearExpr.sum(objective))
    return built


@contextmanager
def stopping(solver: cp_model.CpSolver, stop: Stop | None, every: float = 0.1) -> Iterator[None]:
    """While the block runs, ask `stop()` every `every` seconds from a thread of its own and
    stop CP-SAT's search when it says so (the solution callback would hear of it only when
    CP-SAT finds a solution, which may be never)."""
    if stop is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.wait(every):
            if stop():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, name="cp-sat-stop", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


class SolutionTimer(cp_model.CpSolverSolutionCallback):
    """Reports each solution CP-SAT finds, and remembers when the first came."""

    def __init__(self, started: float, report: Progress | None) -> None:
        super().__init__()
        self.started = started
        self.report = report
        self.first: float | None = None

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        if self.first is None:
            self.first = now
        if self.report is not None:
            self.report(self.objective_value / SCALE, self.best_objective_bound / SCALE, now)
