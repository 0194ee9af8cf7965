"""Proposals: a solver result stored for a plan, accepted into its team, or compared.

A proposal keeps the solver's `teamgraph-result/1` JSON as it came, plus the plan version it
was computed for: accepting a proposal made before the plan changed is refused (CONFLICT), so a
KAM lead never applies a team to tasks that have moved on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.errors import ConflictError, DomainError
from teamgraph.plans.models import Assignment, Plan, Proposal
from teamgraph.plans.service import touch_plan
from teamgraph.rows import get_row
from teamgraph.staffing.compile import CompiledPlan, store_id


def store_proposal(
    session: Session,
    compiled: CompiledPlan,
    result: dict[str, Any],
    *,
    coverage_before: dict[str, Any],
    coverage_after: dict[str, Any],
    created_by: str,
) -> Proposal:
    plan = get_row(session, Plan, compiled.plan_id, field="plan")
    proposal = Proposal(
        plan_id=compiled.plan_id,
        status="open",
        solver_status=str(result.get("status", "UNKNOWN")),
        objective=result.get("objective"),
        bound=result.get("bound"),
        result={
            **result,
            "plan_version": plan.version,
            "tasks": [t["id"] for t in compiled.problem["tasks"]],
        },
        coverage_before=coverage_before,
        coverage_after=coverage_after,
        created_by=created_by,
    )
    session.add(proposal)
    session.flush()
    return proposal


def proposed_pairs(proposal: Proposal) -> set[tuple[int, int]]:
    """(person id, task id) of the proposal's assignments, in store ids."""
    return {
        (store_id(a["person"]), store_id(a["task"])) for a in proposal.result.get("assignments", [])
    }


def get_proposal(session: Session, proposal_id: int, *, field: str = "proposalId") -> Proposal:
    return get_row(session, Proposal, proposal_id, field=field)


def accept_proposal(session: Session, proposal_id: int) -> list[Assignment]:
    """Make the proposal the team of its tasks; pinned and manual assignments it keeps are kept.

    Each task's assignee with the highest utility becomes its lead when it has none.
    """
    proposal = get_proposal(session, proposal_id, field="proposal")
    if proposal.status != "open":
        raise ConflictError(f"the proposal is already {proposal.status}", field="proposal")
    if proposal.solver_status not in ("OPTIMAL", "FEASIBLE"):
        raise DomainError(
            f"a {proposal.solver_status} proposal has no team to accept", field="proposal"
        )
    plan = session.get(Plan, proposal.plan_id)
    if plan is None or plan.version != proposal.result.get("plan_version"):
        raise ConflictError(
            "the plan changed since this proposal was made; assemble the team again",
            field="proposal",
        )
    # The team changes: other proposals made for this version are stale from now on.
    touch_plan(session, plan.id, expected_version=plan.version, field="proposal")
    task_ids = [store_id(t) for t in proposal.result.get("tasks", [])]
    wanted = proposed_pairs(proposal)
    utility = {
        (store_id(a["person"]), store_id(a["task"])): float(a.get("utility", 0))
        for a in proposal.result.get("assignments", [])
    }
    existing = {
        (a.person_id, a.task_id): a
        for a in session.scalars(select(Assignment).where(Assignment.task_id.in_(task_ids)))
    }
    # A what-if proposal was solved as if these people had left: accepting it takes them off.
    removed = {store_id(p) for p in proposal.result.get("removed_people", [])}

    def keeps(pair: tuple[int, int], assignment: Assignment) -> bool:
        return pair in wanted or (assignment.pinned and pair[0] not in removed)

    for pair, assignment in existing.items():
        if not keeps(pair, assignment):
            session.delete(assignment)
    session.flush()
    kept = {pair: a for pair, a in existing.items() if keeps(pair, a)}
    for person_id, task_id in sorted(wanted - set(kept)):
        kept[(person_id, task_id)] = Assignment(
            task_id=task_id, person_id=person_id, role="member", source="solver"
        )
        session.add(kept[(person_id, task_id)])
    session.flush()
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in kept.values():
        by_task[assignment.task_id].append(assignment)
    for members in by_task.values():
        if not any(a.role == "lead" for a in members):
            best = max(
                members, key=lambda a: (utility.get((a.person_id, a.task_id), 0.0), -a.person_id)
            )
            best.role = "lead"
    proposal.status = "accepted"
    session.flush()
    return sorted(kept.values(), key=lambda a: (a.task_id, a.person_id))


@dataclass(frozen=True)
class Move:
    person: str
    task: str
    change: str  # "added" (in b, not in a) or "removed" (in a, not in b)


@dataclass(frozen=True)
class ProposalComparison:
    moves: list[Move]
    objective_change: float | None
    newly_unfilled: list[str]
    no_longer_unfilled: list[str]
    coverage_change: dict[str, float]


def compare(a: Proposal, b: Proposal) -> ProposalComparison:
    """What changes from proposal `a` to proposal `b` (ids as the solver wrote them)."""
    if a.plan_id != b.plan_id:
        raise DomainError("both proposals must be for the same plan", field="b")

    def pairs(p: Proposal) -> set[tuple[str, str]]:
        return {(x["person"], x["task"]) for x in p.result.get("assignments", [])}

    def unfilled(p: Proposal) -> set[str]:
        return {u["task"] for u in p.result.get("unfilled", [])}

    moves = [Move(person, task, "removed") for person, task in sorted(pairs(a) - pairs(b))]
    moves += [Move(person, task, "added") for person, task in sorted(pairs(b) - pairs(a))]
    objective_change = (
        None if a.objective is None or b.objective is None else b.objective - a.objective
    )
    coverage_change = {
        key: float(b.coverage_after[key]) - float(a.coverage_after[key])
        for key in sorted(set(a.coverage_after) & set(b.coverage_after))
        if isinstance(a.coverage_after[key], int | float)
        and isinstance(b.coverage_after[key], int | float)
    }
    return ProposalComparison(
        moves=moves,
        objective_change=objective_change,
        newly_unfilled=sorted(unfilled(b) - unfilled(a)),
        no_longer_unfilled=sorted(unfilled(a) - unfilled(b)),
        coverage_change=coverage_change,
    )
