"""Mutations on plans and what is in them: objectives, tasks, assignments, reviews.

Writes to a plan need write access to its account. Every mutation on a plan's content takes an
optional `expectedVersion` (the plan version the client last read): when it is stale the
payload is a ConflictError on `expectedVersion` and nothing is written. Payloads carry the plan
back, so the client learns the new version. The plan history records each change with the
token's person as actor (set on the request's session by the guard).
"""

from __future__ import annotations

import strawberry
from sqlalchemy.orm import Session

from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id
from teamgraph.api.core.mutations import given, transactional, value_of
from teamgraph.api.core.scopes import (
    to_the_account,
    to_the_objectives_account,
    to_the_plans_account,
    to_the_tasks_account,
)
from teamgraph.api.plans.inputs import (
    AssignInput,
    CreateObjectiveInput,
    CreatePlanInput,
    CreateTaskInput,
    PinInput,
    RecordReviewInput,
    UnassignInput,
    UpdateObjectiveInput,
    UpdatePlanInput,
    UpdateTaskInput,
    measure_fields,
    task_fields,
)
from teamgraph.api.plans.tasks import Assignment, Task
from teamgraph.api.plans.types import Objective, Plan, Review
from teamgraph.plans import reviews, service, tasks, team

# --- payloads -------------------------------------------------------------------------------------


@strawberry.type
class CreatePlanSuccess:
    plan: Plan


@strawberry.type
class UpdatePlanSuccess:
    plan: Plan


@strawberry.type
class CreateObjectiveSuccess:
    objective: Objective
    plan: Plan


@strawberry.type
class UpdateObjectiveSuccess:
    objective: Objective
    plan: Plan


@strawberry.type
class CreateTaskSuccess:
    task: Task
    plan: Plan


@strawberry.type
class UpdateTaskSuccess:
    task: Task
    plan: Plan


@strawberry.type
class AssignSuccess:
    assignment: Assignment
    plan: Plan


@strawberry.type
class UnassignSuccess:
    task: Task
    plan: Plan


@strawberry.type
class PinSuccess:
    assignment: Assignment
    plan: Plan


@strawberry.type
class RecordReviewSuccess:
    review: Review
    plan: Plan


def _plan_pk(plan_id: strawberry.ID) -> int:
    return decode_id(plan_id, "Plan", field="planId")


def _task_pk(task_id: strawberry.ID) -> int:
    return decode_id(task_id, "Task", field="taskId")


def _plan(session: Session, plan_id: int) -> Plan:
    return Plan.from_row(service.get_plan(session, plan_id))


@strawberry.type
class PlanMutations:
    @strawberry.mutation
    @transactional(to_the_account)
    def create_plan(self, info: Info, input: CreatePlanInput) -> CreatePlanSuccess:
        session = info.context.session
        row = service.create_plan(
            session,
            account_id=decode_id(input.account_id, "Account", field="accountId"),
            name=input.name,
            period_start=input.period_start,
            period_end=input.period_end,
            **given(status=value_of(input.status)),
        )
        return CreatePlanSuccess(plan=Plan.from_row(row))

    @strawberry.mutation(description="Edit a plan; send `expectedVersion` to refuse a stale edit.")
    @transactional(to_the_plans_account)
    def update_plan(self, info: Info, input: UpdatePlanInput) -> UpdatePlanSuccess:
        session = info.context.session
        row = service.update_plan(
            session,
            plan_id=_plan_pk(input.plan_id),
            expected_version=input.expected_version,
            **given(
                name=input.name,
                period_start=input.period_start,
                period_end=input.period_end,
                status=value_of(input.status),
            ),
        )
        return UpdatePlanSuccess(plan=Plan.from_row(row))

    @strawberry.mutation
    @transactional(to_the_plans_account)
    def create_objective(self, info: Info, input: CreateObjectiveInput) -> CreateObjectiveSuccess:
        session = info.context.session
        row = service.create_objective(
            session,
            plan_id=_plan_pk(input.plan_id),
            expected_version=input.expected_version,
            **measure_fields(input),
        )
        return CreateObjectiveSuccess(
            objective=Objective.from_row(row), plan=_plan(session, row.plan_id)
        )

    @strawberry.mutation
    @transactional(to_the_objectives_account)
    def update_objective(self, info: Info, input: UpdateObjectiveInput) -> UpdateObjectiveSuccess:
        session = info.context.session
        row = service.update_objective(
            session,
            objective_id=decode_id(input.objective_id, "Objective", field="objectiveId"),
            expected_version=input.expected_version,
            **measure_fields(input),
        )
        return UpdateObjectiveSuccess(
            objective=Objective.from_row(row), plan=_plan(session, row.plan_id)
        )

    @strawberry.mutation
    @transactional(to_the_plans_account)
    def create_task(self, info: Info, input: CreateTaskInput) -> CreateTaskSuccess:
        session = info.context.session
        row = tasks.create_task(
            session,
            plan_id=_plan_pk(input.plan_id),
            expected_version=input.expected_version,
            **task_fields(input),
        )
        return CreateTaskSuccess(task=Task.from_row(row), plan=_plan(session, row.plan_id))

    @strawberry.mutation(description="Edit a task; `skills` and `contactIds` replace the lists.")
    @transactional(to_the_tasks_account)
    def update_task(self, info: Info, input: UpdateTaskInput) -> UpdateTaskSuccess:
        session = info.context.session
        row = tasks.update_task(
            session,
            task_id=_task_pk(input.task_id),
            expected_version=input.expected_version,
            **task_fields(input),
        )
        return UpdateTaskSuccess(task=Task.from_row(row), plan=_plan(session, row.plan_id))

    @strawberry.mutation(
        description="Put a person on a task: no conflict of interest, within headcount, one lead."
    )
    @transactional(to_the_tasks_account)
    def assign(self, info: Info, input: AssignInput) -> AssignSuccess:
        session = info.context.session
        row = team.assign(
            session,
            task_id=_task_pk(input.task_id),
            person_id=decode_id(input.person_id, "Person", field="personId"),
            role=input.role.value,
            pinned=input.pinned,
            expected_version=input.expected_version,
        )
        task = tasks.get_task(session, row.task_id)
        return AssignSuccess(assignment=Assignment.from_row(row), plan=_plan(session, task.plan_id))

    @strawberry.mutation
    @transactional(to_the_tasks_account)
    def unassign(self, info: Info, input: UnassignInput) -> UnassignSuccess:
        session = info.context.session
        task = tasks.get_task(session, _task_pk(input.task_id))
        team.unassign(
            session,
            task_id=task.id,
            person_id=decode_id(input.person_id, "Person", field="personId"),
            expected_version=input.expected_version,
        )
        return UnassignSuccess(task=Task.from_row(task), plan=_plan(session, task.plan_id))

    @strawberry.mutation(description="Pin a person to a task (the solver must keep them).")
    @transactional(to_the_tasks_account)
    def pin(self, info: Info, input: PinInput) -> PinSuccess:
        session = info.context.session
        row = team.pin(
            session,
            task_id=_task_pk(input.task_id),
            person_id=decode_id(input.person_id, "Person", field="personId"),
            pinned=input.pinned,
            role=input.role.value,
            expected_version=input.expected_version,
        )
        task = tasks.get_task(session, row.task_id)
        return PinSuccess(assignment=Assignment.from_row(row), plan=_plan(session, task.plan_id))

    @strawberry.mutation(description="Record a review; its readings update the objectives.")
    @transactional(to_the_plans_account)
    def record_review(self, info: Info, input: RecordReviewInput) -> RecordReviewSuccess:
        session = info.context.session
        readings = (
            []
            if input.readings is strawberry.UNSET or input.readings is None
            else [
                reviews.Reading(
                    objective_id=decode_id(
                        r.objective_id, "Objective", field=f"readings[{i}].objectiveId"
                    ),
                    value=r.value,
                )
                for i, r in enumerate(input.readings)
            ]
        )
        row = reviews.record_review(
            session,
            plan_id=_plan_pk(input.plan_id),
            held_on=input.held_on,
            readings=readings,
            expected_version=input.expected_version,
            **given(notes=input.notes),
        )
        return RecordReviewSuccess(review=Review.from_row(row), plan=_plan(session, row.plan_id))
