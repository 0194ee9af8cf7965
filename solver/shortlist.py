"""Candidate pairs for large problems, shortlisted per task with numpy.

Building every eligible pair as a `Pair` object costs too much above `SHORTLIST_FROM` people x
tasks. For `skills` (or `all`) eligibility without per-pair overrides, each task's candidates
and their utilities come from a people x skills level matrix in one vectorised step, and only
a shortlist per task becomes `Pair` objects: the best `SHORTLIST_PER_TASK` pairs by utility and
the best holders of each mandatory skill, pins and current pairs (a wide shortlist, so the
greedy team built from it is good; pruning then narrows it for CP-SAT). The rest stay as
numbers, enough for the loose bound (each task's best utilities, capacities ignored). The
utilities are the same as `pairs.candidate_pairs` computes, term by term (tests compare the
two). The exact paths never run on a shortlist: it may have left out their optimum.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from solver.model import Problem
from solver.pairs import POINTS, SCALE, Candidates, Pair
from solver.prune import PER_SEAT

# Above this many people x tasks, candidates are shortlisted.
SHORTLIST_FROM = 1_000_000
SHORTLIST_PER_TASK = 60


@dataclass(frozen=True)
class Shortlist:
    candidates: Candidates
    total_pairs: int
    # Sum over tasks of the best `max headcount` positive utilities among all candidates.
    loose_pair_bound: int


def needs_shortlist(problem: Problem) -> bool:
    """Large enough to need a shortlist, and eligibility the matrix can compute."""
    return (
        problem.eligibility in ("skills", "all")
        and not problem.pairs
        and len(problem.people) * len(problem.tasks) > SHORTLIST_FROM
    )


def shortlist(problem: Problem) -> Shortlist:
    w = problem.weights
    n = len(problem.people)
    skill_ids = sorted(
        {s for p in problem.people for s in p.skills}
        | {r.skill for t in problem.tasks for r in t.skills}
    )
    column = {s: k for k, s in enumerate(skill_ids)}
    levels = np.zeros((n, len(skill_ids)), dtype=np.int8)
    for i, person in enumerate(problem.people):
        for s, level in person.skills.items():
            levels[i, column[s]] = level
    person_index = {p.id: i for i, p in enumerate(problem.people)}
    task_index = {t.id: j for j, t in enumerate(problem.tasks)}
    barred: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(n, dtype=bool))
    for p, account in problem.conflicts:
        barred[account][person_index[p]] = True
    by_contact: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = {}
    rel: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for relationship in problem.relationships:
        rel[relationship.contact].append((person_index[relationship.person], relationship.strength))
    for c, items in rel.items():
        by_contact[c] = (np.array([i for i, _ in items]), np.array([s for _, s in items]))
    pins: dict[int, set[int]] = defaultdict(set)
    for p, t in problem.pins:
        pins[task_index[t]].add(person_index[p])
    current: dict[int, set[int]] = defaultdict(set)
    for p, t in problem.current:
        current[task_index[t]].add(person_index[p])
    everyone = np.arange(n)
    pairs: list[Pair] = []
    excluded: dict[tuple[int, int], str] = {}
    impossible: list[tuple[int, int, str]] = []
    total = 0
    loose = 0
    for j, task in enumerate(problem.tasks):
        if task.skills and problem.eligibility == "skills":
            cols = np.array([column[r.skill] for r in task.skills])
            need = np.array([r.level for r in task.skills])
            eligible: npt.NDArray[np.bool_] = np.asarray((levels[:, cols] >= need).any(axis=1))
        else:
            eligible = np.ones(n, dtype=bool)
        for i in pins.get(j, ()):
            eligible[i] = True
        conflict = (
            barred[task.account] if task.account is not None and task.account in barred else None
        )
        if conflict is not None:
            for barred_person in np.flatnonzero(eligible & conflict).tolist():
                excluded[(barred_person, j)] = "conflict"
                if barred_person in pins.get(j, ()):
                    impossible.append((barred_person, j, "conflict"))
            eligible &= ~conflict
        idx = everyone[eligible]
        total += len(idx)
        if not len(idx):
            continue
        skill_part = np.zeros(len(idx), dtype=np.int64)
        if task.skills and w["skill"]:
            weights = np.array([r.weight for r in task.skills])
            if weights.sum() > 0:
                lv = levels[np.ix_(idx, np.array([column[r.skill] for r in task.skills]))].astype(
                    float
                )
                need = np.array([r.level for r in task.skills], dtype=float)
                quality = np.where(
                    lv <= 0, 0.0, np.where(lv < need, 0.5 * lv / need, 1.0 + 0.05 * (lv - need))
                )
                fit = quality @ weights / weights.sum()
                skill_part = np.rint(SCALE * w["skill"] * POINTS * fit).astype(np.int64)
        rel_part = np.zeros(len(idx), dtype=np.int64)
        if task.contacts and w["relationship"]:
            strength = np.zeros(n)
            for c in task.contacts:
                if c in by_contact:
                    people_idx, values = by_contact[c]
                    np.add.at(strength, people_idx, values)
            rel_part = np.rint(
                SCALE * w["relationship"] * POINTS * strength[idx] / len(task.contacts)
            ).astype(np.int64)
        cont_part = np.zeros(len(idx), dtype=np.int64)
        if w["continuity"] and task.account is not None:
            on_team = np.array([task.account in problem.people[i].accounts for i in idx])
            cont_part = np.where(on_team, round(SCALE * w["continuity"] * POINTS), 0)
        cost_part = np.zeros(len(idx), dtype=np.int64)
        if w["cost"]:
            costs = np.array([problem.people[i].cost for i in idx])
            cost_part = -np.rint(SCALE * w["cost"] * costs * task.effort).astype(np.int64)
        utility = skill_part + rel_part + cont_part + cost_part
        top = np.sort(utility)[::-1][: task.max_headcount]
        loose += int(top[top > 0].sum())
        per_task = max(SHORTLIST_PER_TASK, PER_SEAT * task.max_headcount)
        keep = set(idx[np.argsort(-utility, kind="stable")[:per_task]].tolist())
        for r in task.skills:
            if r.mandatory:
                able = levels[idx, column[r.skill]] >= r.level
                order = np.argsort(-np.where(able, utility, np.iinfo(np.int64).min), kind="stable")
                keep.update(idx[order[: min(per_task, int(able.sum()))]].tolist())
        keep |= pins.get(j, set()) | (current.get(j, set()) & set(idx.tolist()))
        kept = np.array(sorted(keep), dtype=np.int64)
        for i, k in zip(kept.tolist(), np.searchsorted(idx, kept).tolist(), strict=True):
            why = tuple(
                (term, int(value))
                for term, value in (
                    ("skill", skill_part[k]),
                    ("relationship", rel_part[k]),
                    ("continuity", cont_part[k]),
                    ("cost", cost_part[k]),
                )
                if value
            )
            pairs.append(Pair(i, j, int(utility[k]), task.effort, why, i in pins.get(j, ())))
    return Shortlist(Candidates(pairs, excluded, impossible), total, loose)
