""" "Why not X for this task?", answered in a KAM lead's words.

If a rule excludes X, the answer is that rule, as `candidates` states it (staffing.eligibility,
the one owner of eligibility, judges anyone). If X may take the task, the answer is what forcing
X in would cost: the plan solved again with X pinned to it, under a time limit, set against
the proposal's objective (or, with no proposal or an outdated one, against the best team
solved now), with the terms that move and the people who would make room.

Three steps, so the API can solve off the event loop without the request's session:
`ask` (reads the store), `solve` (solver only), `answer` (reads names, writes the words).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

import solver
from teamgraph.config import Settings
from teamgraph.errors import DomainError
from teamgraph.ops.metrics import timed_solve
from teamgraph.people.models import Person
from teamgraph.plans.models import Plan, Proposal, Task
from teamgraph.rows import get_row
from teamgraph.staffing.assemble import solve_options
from teamgraph.staffing.compile import compile_plan, pid, store_id, tid
from teamgraph.staffing.eligibility import verdicts_for_task
from teamgraph.staffing.fingerprint import fingerprint, recompile
from teamgraph.staffing.proposals import proposed_pairs
from teamgraph.staffing.wording import readable

Pair = tuple[int, int]  # (person id, task id)


@dataclass(frozen=True)
class Question:
    """What `ask` found: enough for `solve` to run without the store."""

    person_id: int
    task_id: int
    proposal_id: int | None
    blocked_by: tuple[str, ...]
    # The proposal's team and objective, when the proposal is still current.
    baseline: float | None = None
    baseline_terms: dict[str, float] = field(default_factory=dict)
    baseline_pairs: frozenset[Pair] = frozenset()
    stale: bool = False  # a proposal was named, but the plan changed since
    problem: dict[str, Any] | None = None  # compiled as the proposal was (None: no solve)
    time_limit: float = 10.0
    workers: int = 2
    seed: int = 0

    @property
    def chosen_in_proposal(self) -> bool:
        return self.baseline is not None and (self.person_id, self.task_id) in self.baseline_pairs


@dataclass(frozen=True)
class Solve:
    status: str
    objective: float | None
    terms: dict[str, float]
    pairs: frozenset[Pair]
    reasons: tuple[str, ...]  # why there is no team (infeasible)


@dataclass(frozen=True)
class Solved:
    forced: Solve | None = None  # with the person pinned to the task
    fresh: Solve | None = None  # without, when no current proposal gives the baseline


@dataclass(frozen=True)
class WhyNot:
    person_id: int
    task_id: int
    proposal_id: int | None
    eligible: bool
    blocked_by: tuple[str, ...]
    chosen: bool  # on the task in the team compared against
    objective: float | None  # of that team
    objective_with: float | None  # with the person forced onto the task
    cost: float | None  # objective - objective_with, in points
    solver_status: str | None  # of the forced solve
    term_changes: tuple[tuple[str, float], ...]  # forced minus baseline, biggest first
    moves: tuple[tuple[int, int, str], ...]  # (person, task, "added" | "removed")
    explanation: str


def ask(
    session: Session,
    person_id: int,
    task_id: int,
    *,
    settings: Settings,
    proposal_id: int | None = None,
    time_limit: float | None = None,
) -> Question:
    """The rules (from `rank_candidates`) and, when none excludes the person, the problem to
    solve, compiled as the proposal was (or with today's defaults), and the proposal's team
    and objective while it is current."""
    task = get_row(session, Task, task_id, field="task")
    person = get_row(session, Person, person_id, field="person")
    proposal = None
    if proposal_id is not None:
        proposal = get_row(session, Proposal, proposal_id, field="proposal")
        if proposal.plan_id != task.plan_id:
            raise DomainError("the proposal is for another plan than the task", field="proposal")
    tuning = solve_options(settings, time_limit=time_limit)
    # The one owner of who may take a task judges any person, in the problem or not.
    verdict = verdicts_for_task(session, task_id, [person.id])[person.id]
    if not verdict.eligible:
        return Question(person_id, task_id, proposal_id, blocked_by=verdict.reasons)
    if proposal is None:
        compiled = compile_plan(session, task.plan_id, settings=settings, options=tuning)
        unchanged = False
    else:
        compiled = recompile(session, proposal, settings=settings, time_limit=tuning.time_limit)
        plan = get_row(session, Plan, proposal.plan_id, field="proposal")
        unchanged = plan.version == proposal.result.get("plan_version") and fingerprint(
            session, compiled
        ) == proposal.result.get("inputs")
    if pid(person_id) not in {p["id"] for p in compiled.problem["people"]}:
        leaving = "is one of the people this what-if takes off the plan"
        return Question(person_id, task_id, proposal_id, blocked_by=(leaving,))
    common: dict[str, Any] = {
        "problem": compiled.problem,
        "time_limit": compiled.options.time_limit,
        "workers": compiled.options.workers,
        "seed": compiled.options.seed,
        "stale": proposal is not None and not unchanged,
    }
    # A proposal with no team (infeasible, out of time) gives no baseline: solve one now.
    if proposal is not None and unchanged and proposal.solver_status in ("OPTIMAL", "FEASIBLE"):
        common.update(
            baseline=proposal.objective,
            baseline_terms={
                t["term"]: float(t["points"]) for t in proposal.result.get("objective_terms", [])
            },
            baseline_pairs=frozenset(proposed_pairs(proposal)),
        )
    return Question(person_id, task_id, proposal_id, blocked_by=(), **common)


def solve(question: Question) -> Solved:
    """The solves the answer needs (none when a rule excludes the person or the proposal
    already has them on the task). Touches no store: safe on a worker thread."""
    if question.problem is None or question.chosen_in_proposal:
        return Solved()
    pin = {"person": pid(question.person_id), "task": tid(question.task_id)}
    base = question.problem
    forced = {**base, "pins": [*(p for p in base["pins"] if p != pin), pin]}
    fresh = None if question.baseline is not None else _solve(question, base)
    return Solved(forced=_solve(question, forced), fresh=fresh)


def _solve(question: Question, data: dict[str, Any]) -> Solve:
    problem = solver.parse_problem(data)
    result = timed_solve(
        solver.solve,
        problem,
        time_limit=question.time_limit,
        workers=question.workers,
        seed=question.seed,
    )
    solved = result.status in ("OPTIMAL", "FEASIBLE")
    return Solve(
        status=result.status,
        objective=result.objective if solved else None,
        terms=solver.objective_terms(problem, result) if solved else {},
        pairs=frozenset((store_id(a.person), store_id(a.task)) for a in result.assignments),
        reasons=tuple(result.infeasible or ()),
    )


def answer(session: Session, question: Question, solved: Solved) -> WhyNot:
    """The answer in words (names from the store)."""
    person = get_row(session, Person, question.person_id, field="person")
    task = get_row(session, Task, question.task_id, field="task")
    who, what = person.name, f'"{task.title}"'
    blank = WhyNot(
        question.person_id,
        question.task_id,
        question.proposal_id,
        eligible=not question.blocked_by,
        blocked_by=question.blocked_by,
        chosen=question.chosen_in_proposal,
        objective=question.baseline,
        objective_with=None,
        cost=None,
        solver_status=None,
        term_changes=(),
        moves=(),
        explanation="",
    )
    if question.blocked_by:
        return _with(blank, f"{who} may not take {what}: {'; '.join(question.blocked_by)}.")
    if question.chosen_in_proposal:
        return _with(blank, f"{who} is on {what} in this proposal.", cost=0.0)
    base = _baseline(question, solved)
    prefix = (
        "This proposal is out of date (the plan or what it was computed from changed since), "
        "so the comparison is with the best team for the plan as it is now. "
        if question.stale
        else ""
    )
    forced = solved.forced
    assert forced is not None and base is not None  # solve() ran both when not blocked/chosen
    if base.objective is None:
        return _with(
            blank,
            f"{prefix}{who} may take {what}, but even without forcing anyone the plan has no "
            f"team that keeps every rule: {'; '.join(readable(session, list(base.reasons)))}.",
            solver_status=forced.status,
        )
    if base.pairs and (question.person_id, question.task_id) in base.pairs:
        return _with(
            blank,
            f"{prefix}The best team found puts {who} on {what} already.",
            chosen=True,
            objective=base.objective,
        )
    if forced.objective is None:
        reasons = readable(session, list(forced.reasons))
        why = (
            f"no team keeps every rule with {who} on it: {'; '.join(reasons)}"
            if forced.status == "INFEASIBLE"
            else f"the solver found no team with {who} on it within {question.time_limit:g} s"
        )
        return _with(
            blank,
            f"{prefix}{who} may take {what}, but {why}.",
            objective=base.objective,
            solver_status=forced.status,
        )
    cost = round((base.objective or 0.0) - forced.objective, 3)
    changes = sorted(
        (
            (term, round(forced.terms.get(term, 0.0) - base.terms.get(term, 0.0), 3))
            for term in dict.fromkeys([*base.terms, *forced.terms])
        ),
        key=lambda tc: (-abs(tc[1]), tc[0]),
    )
    changes = [(term, change) for term, change in changes if abs(change) >= 0.0005]
    moves = sorted(
        [(p, t, "removed") for p, t in base.pairs - forced.pairs]
        + [(p, t, "added") for p, t in forced.pairs - base.pairs]
    )
    compared = "this proposal" if question.baseline is not None else "the best team found"
    if cost <= 0.0005:
        words = (
            f"{prefix}Forcing {who} onto {what} costs nothing: {compared} scores "
            f"{base.objective:.1f}, with {who} on it {forced.objective:.1f}"
            " (neither answer is proved better)."
        )
    else:
        words = (
            f"{prefix}Forcing {who} onto {what} costs {cost:.1f} points: {compared} scores "
            f"{base.objective:.1f}, with {who} on it {forced.objective:.1f} "
            "(a perfect skill match is worth 10)."
        )
    if changes:
        words += " By term: " + ", ".join(f"{t} {c:+.1f}" for t, c in changes[:3]) + "."
    if room := _moves_in_words(session, moves, exclude=(question.person_id, question.task_id)):
        words += f" To make room: {room}."
    if forced.status != "OPTIMAL":
        words += " (Solved within the time limit, not proved optimal.)"
    return WhyNot(
        question.person_id,
        question.task_id,
        question.proposal_id,
        eligible=True,
        blocked_by=(),
        chosen=False,
        objective=base.objective,
        objective_with=forced.objective,
        cost=cost,
        solver_status=forced.status,
        term_changes=tuple(changes),
        moves=tuple(moves),
        explanation=words,
    )


def why_not(
    session: Session,
    person_id: int,
    task_id: int,
    *,
    settings: Settings,
    proposal_id: int | None = None,
    time_limit: float | None = None,
) -> WhyNot:
    """The three steps in one call (the CLI and tests)."""
    question = ask(
        session,
        person_id,
        task_id,
        settings=settings,
        proposal_id=proposal_id,
        time_limit=time_limit,
    )
    return answer(session, question, solve(question))


def _baseline(question: Question, solved: Solved) -> Solve | None:
    if question.baseline is not None:
        return Solve(
            "PROPOSAL",
            question.baseline,
            question.baseline_terms,
            question.baseline_pairs,
            (),
        )
    return solved.fresh


def _with(blank: WhyNot, explanation: str, **changes: Any) -> WhyNot:
    return replace(blank, explanation=explanation, **changes)


def _moves_in_words(session: Session, moves: list[tuple[int, int, str]], *, exclude: Pair) -> str:
    texts = [
        f"p{p} {'comes off' if change == 'removed' else 'joins'} t{t}"
        for p, t, change in moves
        if (p, t) != exclude
    ]
    return "; ".join(readable(session, texts))
