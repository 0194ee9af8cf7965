"""Proposals: a solver result stored for a plan, reviewed, accepted into its team, discarded,
or compared.

A proposal keeps the solver's `teamgraph-result/1` JSON as it came, plus what a review needs:
the team changes accepting it would make (`additions`, `removals`), its objective term by
term, and what it was computed from (the plan version, the options, the date and a
fingerprint of the compiled inputs). Accepting is refused (CONFLICT) when the plan or
anything the proposal was computed from changed since, and asks for `confirm_removals` before
it takes anyone off a task. Accepting one supersedes the plan's other open proposals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import solver
from teamgraph.config import Settings
from teamgraph.db import Actor
from teamgraph.errors import ConflictError, DomainError
from teamgraph.plans.models import Assignment, Plan, Proposal, ProposalStatus
from teamgraph.plans.service import touch_plan
from teamgraph.rows import get_row
from teamgraph.staffing.compile import CompiledPlan, store_id
from teamgraph.staffing.fingerprint import changed_since, fingerprint, options_to_json
from teamgraph.staffing.team_changes import in_words, team_changes

SOLVED = ("OPTIMAL", "FEASIBLE")


def store_proposal(
    session: Session,
    compiled: CompiledPlan,
    result: dict[str, Any],
    *,
    coverage_before: dict[str, Any],
    coverage_after: dict[str, Any],
    created_by: Actor,
) -> Proposal:
    plan = get_row(session, Plan, compiled.plan_id, field="plan")
    tasks = [t["id"] for t in compiled.problem["tasks"]]
    status = str(result.get("status", "UNKNOWN"))
    review: dict[str, Any] = {"additions": [], "removals": [], "objective_terms": []}
    if status in SOLVED:
        changes = team_changes(session, [store_id(t) for t in tasks], _utilities(result))
        terms = solver.objective_terms(
            solver.parse_problem(compiled.problem), solver.result_from_json(result)
        )
        review = {
            "additions": [c.to_json() for c in changes.additions],
            "removals": [c.to_json() for c in changes.removals],
            "objective_terms": [{"term": t, "points": round(v, 3)} for t, v in terms.items()],
        }
    proposal = Proposal(
        plan_id=compiled.plan_id,
        status=ProposalStatus.OPEN,
        solver_status=status,
        objective=result.get("objective"),
        bound=result.get("bound"),
        result={
            **result,
            **review,
            "plan_version": plan.version,
            "tasks": tasks,
            "as_of": compiled.as_of.isoformat(),
            "options": options_to_json(compiled.options),
            "inputs": fingerprint(session, compiled),
        },
        coverage_before=coverage_before,
        coverage_after=coverage_after,
        created_by=created_by.label,
        created_by_person_id=created_by.person_id,
    )
    session.add(proposal)
    session.flush()
    return proposal


def _utilities(result: dict[str, Any]) -> dict[tuple[int, int], float]:
    return {
        (store_id(a["person"]), store_id(a["task"])): float(a.get("utility", 0))
        for a in result.get("assignments", [])
    }


def proposed_pairs(proposal: Proposal) -> set[tuple[int, int]]:
    """(person id, task id) of the proposal's assignments, in store ids."""
    return set(_utilities(proposal.result))


def get_proposal(session: Session, proposal_id: int, *, field: str = "proposalId") -> Proposal:
    return get_row(session, Proposal, proposal_id, field=field)


def _open_proposal(session: Session, proposal_id: int) -> Proposal:
    proposal = get_proposal(session, proposal_id, field="proposalId")
    if proposal.status != ProposalStatus.OPEN:
        raise ConflictError(f"the proposal is already {proposal.status}", field="proposalId")
    return proposal


def check_current(session: Session, proposal: Proposal, *, settings: Settings) -> None:
    """CONFLICT unless the proposal was computed from the plan and inputs as they are now."""
    plan = session.get(Plan, proposal.plan_id)
    changed = changed_since(session, proposal, settings=settings) if plan is not None else []
    if changed:  # what changed, in words, whether or not the plan's version moved with it
        raise ConflictError(
            f"what this proposal was computed from changed since: {'; '.join(changed)}; "
            "assemble the team again",
            field="proposalId",
        )
    if plan is None or plan.version != proposal.result.get("plan_version"):
        raise ConflictError(
            "the plan changed since this proposal was made; assemble the team again",
            field="proposalId",
        )


def accept_proposal(
    session: Session, proposal_id: int, *, settings: Settings, confirm_removals: bool = False
) -> list[Assignment]:
    """Make the proposal the team of its tasks and supersede the plan's other open proposals.

    Refused (CONFLICT, nothing changes) when the proposal is not open, when the plan or what it
    was computed from changed since, and, unless `confirm_removals`, when it takes anyone off
    a task (the message lists them). A task left without a lead gets its assignee of highest
    utility as lead.
    """
    proposal = _open_proposal(session, proposal_id)
    if proposal.solver_status not in SOLVED:
        raise DomainError(
            f"a {proposal.solver_status} proposal has no team to accept", field="proposalId"
        )
    check_current(session, proposal, settings=settings)
    task_ids = [store_id(t) for t in proposal.result.get("tasks", [])]
    changes = team_changes(session, task_ids, _utilities(proposal.result))
    if changes.removals and not confirm_removals:
        raise ConflictError(
            f"accepting takes {len(changes.removals)} assignment(s) off the plan: "
            f"{in_words(session, changes.removals)}; accept again with confirmRemovals: true "
            "to go ahead",
            field="confirmRemovals",
        )
    touch_plan(session, proposal.plan_id, field="proposalId")
    gone = {(c.person_id, c.task_id) for c in changes.removals}
    for assignment in session.scalars(select(Assignment).where(Assignment.task_id.in_(task_ids))):
        if (assignment.person_id, assignment.task_id) in gone:
            session.delete(assignment)
    session.flush()  # before a new lead: one lead per task at every moment
    team = list(changes.kept)
    for change in changes.additions:
        row = Assignment(
            task_id=change.task_id,
            person_id=change.person_id,
            role=change.role,
            source=change.source,
        )
        session.add(row)
        team.append(row)
    for assignment in changes.promoted:
        assignment.role = "lead"
    proposal.status = ProposalStatus.ACCEPTED
    for other in session.scalars(
        select(Proposal).where(
            Proposal.plan_id == proposal.plan_id,
            Proposal.status == ProposalStatus.OPEN,
            Proposal.id != proposal.id,
        )
    ):
        other.status = ProposalStatus.SUPERSEDED
    session.flush()
    return sorted(team, key=lambda a: (a.task_id, a.person_id))


def discard_proposal(session: Session, proposal_id: int) -> Proposal:
    """Set an open proposal aside (CONFLICT when it is no longer open)."""
    proposal = _open_proposal(session, proposal_id)
    proposal.status = ProposalStatus.DISCARDED
    session.flush()
    return proposal


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
