"""Large-neighbourhood search for assignment-shaped problems with tight capacities (the
generalized assignment problem: each task needs one person, each pair its own load).

CP-SAT on the whole of an 80-person x 1,600-task instance finds a first solution late and
improves it slowly on two workers; on a few people at a time it is exact in milliseconds. So:

1. Lagrangian multipliers price each person's capacity (subgradient steps on the relaxation of
   the capacity rows). Every price vector gives a proved upper bound (the relaxation's optimum
   equals the LP bound), and the prices rank which people a task would rather go to.
2. A start: each task with its best person at those prices, overloads repaired by the moves
   that lose least per hour freed (a task that fits nowhere waits, unplaced); then shift and
   swap moves, best first, until none improves (again every DESCEND_EVERY rounds of 4).
3. A problem of up to WHOLE_FROM pairs goes to CP-SAT whole for a share of the time first:
   a small one is proved optimal there and then.
4. Rounds: pick a few people (those a random task would rather be with, or at random), free
   every task they hold plus some unplaced ones, and let CP-SAT re-solve that sub-problem
   (exactly when it can within SUB_SECONDS), hinted with the current solution; keep the
   answer when it is no worse (placing a task first, then utility). Shift, swap and
   ejection-chain moves among those people are all inside one such sub-problem.

It never makes the solution worse and keeps every rule it models: capacity, one person per task
(none for a task left unplaced), only candidate pairs.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
NONE = -1  # a task nobody holds
SUB_SECONDS = 0.2  # CP-SAT's time on one neighbourhood
DESCEND_EVERY = 25  # LNS rounds between two shift-and-swap descents
WHOLE_FROM = 20_000  # pairs: up to this many, CP-SAT tries the whole problem first
WHOLE_SHARE = 0.15  # of the time


@dataclass
class Instance:
    """utility[i, j] (scaled integers; a pair that is not a candidate is absent), load[i, j] and
    room[i] in hundredths of an hour; missing[j]: the value of leaving task j unplaced (None
    for a required task, which must be placed)."""

    utility: IntArray
    load: IntArray
    allowed: npt.NDArray[np.bool_]
    room: IntArray
    missing: list[int | None]


@dataclass
class Outcome:
    owner: IntArray  # the person of each task, NONE if unplaced
    value: int  # sum of utilities plus the value of the unplaced tasks
    bound: float  # a proved upper bound on value
    rounds: int
    optimal: bool = False  # proved optimal (CP-SAT on the whole problem)


def value_of(inst: Instance, owner: IntArray) -> int:
    placed = owner >= 0
    tasks = np.flatnonzero(placed)
    total = int(inst.utility[owner[tasks], tasks].sum())
    for j in np.flatnonzero(~placed).tolist():
        total += inst.missing[j] or 0
    return total


def feasible(inst: Instance, owner: IntArray) -> bool:
    """Capacity kept, candidate pairs only, every required task placed."""
    tasks = np.flatnonzero(owner >= 0)
    if not inst.allowed[owner[tasks], tasks].all():
        return False
    used = np.bincount(
        owner[tasks], weights=inst.load[owner[tasks], tasks], minlength=len(inst.room)
    )
    if (used > inst.room + 1e-9).any():
        return False
    return all(inst.missing[j] is not None for j in np.flatnonzero(owner < 0).tolist())


def lagrangian(
    inst: Instance,
    iterations: int = 1000,
    target: float | None = None,
    deadline: float = float("inf"),
) -> tuple[float, FloatArray]:
    """The best bound found and its prices, by subgradient steps (Polyak's rule towards
    `target`, a value some solution reaches, or a guess below the bound)."""
    n, m = inst.utility.shape
    u = np.where(inst.allowed, inst.utility, -np.inf).astype(np.float64)
    skip = np.array([np.nan if v is None else v for v in inst.missing], dtype=np.float64)
    skip = np.where(np.isnan(skip), -np.inf, skip)
    load = inst.load.astype(np.float64)
    room = inst.room.astype(np.float64)
    prices = np.zeros(n)
    best, best_prices = np.inf, prices.copy()
    scale = 2.0
    stalled = 0
    for step in range(iterations):
        if step and step % 50 == 0 and time.perf_counter() > deadline:
            break
        reduced = u - prices[:, None] * load
        pick = reduced.argmax(axis=0)
        top = reduced[pick, np.arange(m)]
        take = top >= skip
        value = float(np.where(take, top, skip).sum() + prices @ room)
        if value < best - 1e-9:
            best, best_prices, stalled = value, prices.copy(), 0
        else:
            stalled += 1
            if stalled >= 20:
                scale, stalled = scale / 2, 0
        used = np.bincount(pick[take], weights=load[pick[take], np.flatnonzero(take)], minlength=n)
        grad = room - used
        norm = float(grad @ grad)
        if norm == 0 or scale < 1e-6:
            break
        goal = target if target is not None else best - 0.01 * abs(best) - 1
        prices = np.maximum(0.0, prices - scale * (value - goal) / norm * grad)
    return best, best_prices


def start(inst: Instance, prices: FloatArray) -> IntArray:
    """Each task with its best person at `prices`, then overloads repaired (tasks that fit
    nowhere stay unplaced)."""
    n, m = inst.utility.shape
    reduced = np.where(inst.allowed, inst.utility - prices[:, None] * inst.load, -np.inf)
    owner = reduced.argmax(axis=0).astype(np.int64)
    owner[~inst.allowed[owner, np.arange(m)]] = NONE
    used = np.zeros(n, dtype=np.int64)
    for j in np.flatnonzero(owner >= 0).tolist():
        used[owner[j]] += inst.load[owner[j], j]
    for i in np.argsort(-(used - inst.room)).tolist():
        while used[i] > inst.room[i]:
            mine = np.flatnonzero(owner == i)
            best: tuple[float, int, int] | None = None
            for j in mine.tolist():
                fits = inst.allowed[:, j] & (used + inst.load[:, j] <= inst.room)
                fits[i] = False
                if fits.any():
                    others = np.flatnonzero(fits)
                    k = int(others[np.argmax(reduced[others, j])])
                    loss = (reduced[i, j] - reduced[k, j]) / max(1, inst.load[i, j])
                    if best is None or loss < best[0]:
                        best = (loss, j, k)
            if best is None:  # nothing moves: unplace the heaviest task
                j = int(mine[np.argmax(inst.load[i, mine])])
                owner[j] = NONE
                used[i] -= inst.load[i, j]
                continue
            _, j, k = best
            owner[j] = k
            used[i] -= inst.load[i, j]
            used[k] += inst.load[k, j]
    return owner


def descend(inst: Instance, owner: IntArray, deadline: float) -> IntArray:
    """Shift and swap moves, best first, until none improves (or time is up): a task to a
    person with room for it, or two tasks trading people. Waiting required tasks are placed
    first wherever they fit."""
    n, m = inst.utility.shape
    owner = owner.copy()
    cols = np.arange(m)
    worth = np.where(inst.allowed, inst.utility, np.iinfo(np.int64).min // 4)
    missing = np.array([(-(1 << 40)) if v is None else v for v in inst.missing], dtype=np.int64)
    while time.perf_counter() < deadline:
        placed = owner >= 0
        used = np.bincount(
            owner[placed], weights=inst.load[owner[placed], cols[placed]], minlength=n
        ).astype(np.int64)
        now = np.where(placed, inst.utility[np.maximum(owner, 0), cols], missing)
        fits = inst.allowed & (used[:, None] + inst.load <= inst.room[:, None])
        fits[owner[placed], cols[placed]] = False
        gain = np.where(fits, worth - now[None, :], 0)
        best_person = gain.argmax(axis=0)
        best_gain = gain[best_person, cols]
        if best_gain.max() > 0:
            # Every improving shift, best first, while its person still has room: each task
            # moves once, so its gain stands.
            movers = np.flatnonzero(best_gain > 0)
            for j in movers[np.argsort(-best_gain[movers])].tolist():
                k, a = int(best_person[j]), int(owner[j])
                if used[k] + inst.load[k, j] <= inst.room[k]:
                    if a >= 0:
                        used[a] -= inst.load[a, j]
                    owner[j] = k
                    used[k] += inst.load[k, j]
            continue
        if not _swap(inst, owner, used, deadline):
            break
    return owner


def _swap(inst: Instance, owner: IntArray, used: IntArray, deadline: float) -> bool:
    """The best swap of some task with every other, tasks taken in turn; True if one was made."""
    placed = np.flatnonzero(owner >= 0)
    if len(placed) < 2:
        return False
    b = owner[placed]
    for j in placed.tolist():
        if time.perf_counter() >= deadline:
            return False
        a = int(owner[j])
        # j goes to b (each other task's person), that task comes to a.
        gain = (
            inst.utility[b, j]
            + inst.utility[a, placed]
            - inst.utility[a, j]
            - inst.utility[b, placed]
        )
        ok = (
            (b != a)
            & inst.allowed[b, j]
            & inst.allowed[a, placed]
            & (used[a] - inst.load[a, j] + inst.load[a, placed] <= inst.room[a])
            & (used[b] - inst.load[b, placed] + inst.load[b, j] <= inst.room[b])
        )
        gain = np.where(ok, gain, 0)
        k = int(gain.argmax())
        if gain[k] > 0:
            other = int(placed[k])
            owner[j], owner[other] = owner[other], a
            return True
    return False


def search(
    inst: Instance,
    seconds: float,
    *,
    seed: int = 0,
    owner: IntArray | None = None,
    people: int = 4,
    workers: int = 1,
    stop: Callable[[], bool] | None = None,
) -> Outcome:
    """Improve `owner` (or a fresh start) for `seconds`; never returns a worse solution. A
    problem of at most WHOLE_FROM pairs is first given to CP-SAT whole for a part of the time:
    small ones are proved optimal at once (`Outcome.optimal`). `stop()` turning true (a
    cancelled job) ends the search after the round under way, with the best found so far."""
    deadline = time.perf_counter() + seconds
    rng = random.Random(seed)
    n, m = inst.utility.shape
    bound, prices = lagrangian(inst, deadline=deadline)
    owner = start(inst, prices) if owner is None else owner.copy()
    owner = descend(inst, owner, deadline)
    reward = int(np.abs(inst.utility).sum()) + 1  # placing a task beats any utility
    if int(inst.allowed.sum()) <= WHOLE_FROM:
        limit = max(0.05, WHOLE_SHARE * (deadline - time.perf_counter()))
        optimal, trial, _ = _neighbourhood(
            inst, owner, list(range(n)), list(range(m)), limit, reward, seed, workers
        )
        if trial is not None and _better_or_equal(inst, trial, owner):
            owner = trial
        if optimal and not waiting_required(inst, owner):
            return Outcome(owner, value_of(inst, owner), bound, 1, optimal=True)
    reduced = np.where(inst.allowed, inst.utility - prices[:, None] * inst.load, -np.inf)
    rounds = 0
    k = min(people, n)
    while time.perf_counter() < deadline - 0.02:
        if stop is not None and stop():
            break
        rounds += 1
        unplaced = np.flatnonzero(owner < 0)
        if len(unplaced) and rng.random() < 0.7:
            pivot = int(rng.choice(unplaced.tolist()))
        else:
            pivot = rng.randrange(m)
        if rng.random() < 0.75:  # the people this task would rather be with, and its own
            ranked = np.argsort(-reduced[:, pivot]).tolist()
            group = ranked[: max(1, k - 1)]
            if owner[pivot] >= 0 and owner[pivot] not in group:
                group.append(int(owner[pivot]))
            while len(group) < k:
                group.append(rng.randrange(n))
        else:
            group = rng.sample(range(n), k)
        group = sorted(set(group))
        freed = np.flatnonzero(np.isin(owner, group)).tolist()
        waiting = [j for j in unplaced.tolist() if inst.allowed[group, j].any()]
        rng.shuffle(waiting)
        freed += waiting[:20]
        if not freed:
            continue
        limit = min(SUB_SECONDS, deadline - time.perf_counter())
        optimal, trial, wall = _neighbourhood(
            inst, owner, group, freed, limit, reward, rng.randrange(1 << 16)
        )
        if trial is not None and _better_or_equal(inst, trial, owner):
            owner = trial
        if optimal and wall < SUB_SECONDS / 4 and k < min(n, 8):
            k += 1  # cheap neighbourhoods: widen them
        elif not optimal and k > 2:
            k -= 1
        if rounds % DESCEND_EVERY == 0:
            owner = descend(inst, owner, deadline)
    return Outcome(owner, value_of(inst, owner), bound, rounds)


def _neighbourhood(
    inst: Instance,
    owner: IntArray,
    group: list[int],
    freed: list[int],
    seconds: float,
    reward: int,
    seed: int,
    workers: int = 1,
) -> tuple[bool, IntArray | None, float]:
    """CP-SAT on the `freed` tasks and the `group`'s people, hinted with `owner`: (proved
    optimal, the new solution or None, seconds spent)."""
    from ortools.sat.python import cp_model  # imported on use (see paths/cpsat.py)

    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    objective = []
    for j in freed:
        options = [i for i in group if inst.allowed[i, j]]
        here = [model.new_bool_var("") for _ in options]
        required = inst.missing[j] is None
        # Placing a waiting required task beats any utility; an optional task placed trades
        # its `missing` value for the pair's utility.
        extra = reward if required else -(inst.missing[j] or 0)
        if required and owner[j] >= 0:
            model.add_exactly_one(here)
            extra = 0
        else:
            model.add_at_most_one(here)
        for i, var in zip(options, here, strict=True):
            x[i, j] = var
            model.add_hint(var, owner[j] == i)
            objective.append((int(inst.utility[i, j]) + extra) * var)
    for i in group:
        mine = [(var, int(inst.load[i, j])) for (a, j), var in x.items() if a == i]
        if mine:
            model.add(sum(w * var for var, w in mine) <= int(inst.room[i]))
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False, None, solver.wall_time
    trial = owner.copy()
    trial[freed] = NONE
    for (i, j), var in x.items():
        if solver.boolean_value(var):
            trial[j] = i
    return status == cp_model.OPTIMAL, trial, solver.wall_time


def waiting_required(inst: Instance, owner: IntArray) -> int:
    """How many required tasks are still unplaced (the solution is feasible at 0)."""
    return sum(inst.missing[j] is None for j in np.flatnonzero(owner < 0).tolist())


def _better_or_equal(inst: Instance, trial: IntArray, owner: IntArray) -> bool:
    waiting_trial, waiting_now = waiting_required(inst, trial), waiting_required(inst, owner)
    if waiting_trial != waiting_now:
        return waiting_trial < waiting_now
    return value_of(inst, trial) >= value_of(inst, owner)
