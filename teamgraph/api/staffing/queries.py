"""Team assembly's queries: `candidates(task:)`, `compareProposals` and `whyNot`."""

from __future__ import annotations

import strawberry

from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id, decode_optional_id
from teamgraph.api.plans.loaders import proposal_by_id
from teamgraph.api.staffing.types import (
    Candidate,
    FigureChange,
    MoveKind,
    ProposalComparison,
    TeamMove,
    WhyNot,
)
from teamgraph.errors import NotFoundError
from teamgraph.staffing import proposals, why_not
from teamgraph.staffing.candidates import rank_candidates
from teamgraph.staffing.compile import store_id


@strawberry.type
class StaffingQuery:
    @strawberry.field(
        description="People ranked for an open task, best first, each with the why of the score "
        "and what choosing them would do to the account's coverage."
    )
    def candidates(
        self,
        info: Info,
        task: strawberry.ID,
        first: int = 20,
        include_ineligible: bool = False,
    ) -> list[Candidate]:
        ctx = info.context
        ranked = rank_candidates(
            ctx.session,
            decode_id(task, "Task", field="task"),
            settings=ctx.settings,
            include_ineligible=include_ineligible,
            first=first,
        )
        return [Candidate.of(c) for c in ranked]

    @strawberry.field(description="Who moved between two proposals of a plan, and what changed.")
    async def compare_proposals(
        self, info: Info, a: strawberry.ID, b: strawberry.ID
    ) -> ProposalComparison:
        loader = info.context.loader(proposal_by_id)
        first, second = await loader.load_many(
            [decode_id(a, "Proposal", field="a"), decode_id(b, "Proposal", field="b")]
        )
        if first is None:
            raise NotFoundError("no such proposal", field="a")
        if second is None:
            raise NotFoundError("no such proposal", field="b")
        found = proposals.compare(first, second)
        return ProposalComparison(
            moves=[
                TeamMove(
                    person_pk=store_id(m.person),
                    task_pk=store_id(m.task),
                    change=MoveKind(m.change),
                )
                for m in found.moves
            ],
            objective_change=found.objective_change,
            coverage_change=[
                FigureChange(figure=k, change=round(v, 4)) for k, v in found.coverage_change.items()
            ],
            newly_unfilled_pks=[store_id(t) for t in found.newly_unfilled],
            no_longer_unfilled_pks=[store_id(t) for t in found.no_longer_unfilled],
        )

    @strawberry.field(
        description="Why is this person not on this task? The rule that excludes them, or, if "
        "they may take it, what forcing them in would cost: the plan solved with them pinned to "
        "the task (within `timeLimit` seconds, default the server's), against the proposal's "
        "objective (or the best team solved now, without a proposal or when it is out of date)."
    )
    def why_not(
        self,
        info: Info,
        person: strawberry.ID,
        task: strawberry.ID,
        proposal: strawberry.ID | None = None,
        time_limit: float | None = None,
    ) -> WhyNot:
        ctx = info.context
        question = why_not.ask(
            ctx.session,
            decode_id(person, "Person", field="person"),
            decode_id(task, "Task", field="task"),
            settings=ctx.settings,
            proposal_id=decode_optional_id(proposal, "Proposal", field="proposal"),
            time_limit=time_limit,
        )
        solved = why_not.solve(question)  # on the operation's worker thread (teamgraph.app)
        return WhyNot.of(why_not.answer(ctx.session, question, solved))
