"""The inputs of the plan mutations, and their translation into the services' arguments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from teamgraph.api.core.enums import AssignmentRole, PlanStatus, TaskKind, TaskStatus
from teamgraph.api.core.ids import decode_id, decode_ids, decode_optional_id
from teamgraph.api.core.mutations import given, value_of
from teamgraph.plans import tasks


@strawberry.input
class CreatePlanInput:
    account_id: strawberry.ID
    name: str
    period_start: dt.date
    period_end: dt.date
    status: PlanStatus | None = strawberry.UNSET


@strawberry.input
class UpdatePlanInput:
    plan_id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="The version last read; a stale one is a CONFLICT."
    )
    name: str | None = strawberry.UNSET
    period_start: dt.date | None = strawberry.UNSET
    period_end: dt.date | None = strawberry.UNSET
    status: PlanStatus | None = strawberry.UNSET


@strawberry.input
class CreateObjectiveInput:
    plan_id: strawberry.ID
    expected_version: int | None = None
    title: str
    metric: str | None = strawberry.UNSET
    baseline: float | None = strawberry.UNSET
    target: float | None = strawberry.UNSET
    current: float | None = strawberry.UNSET


@strawberry.input
class UpdateObjectiveInput:
    objective_id: strawberry.ID
    expected_version: int | None = None
    title: str | None = strawberry.UNSET
    metric: str | None = strawberry.UNSET
    baseline: float | None = strawberry.UNSET
    target: float | None = strawberry.UNSET
    current: float | None = strawberry.UNSET


@strawberry.input(description="A skill the task requires (a retired skill cannot be required).")
class SkillNeedInput:
    skill_id: strawberry.ID
    level: int = strawberry.field(description="Minimum proficiency, 1..5.")
    mandatory: bool = False
    weight: float = 1.0


@strawberry.input
class CreateTaskInput:
    plan_id: strawberry.ID
    expected_version: int | None = None
    kind: TaskKind
    title: str
    effort_hours: float
    objective_id: strawberry.ID | None = strawberry.UNSET
    headcount_min: int | None = strawberry.UNSET
    headcount_max: int | None = strawberry.UNSET
    required: bool | None = strawberry.UNSET
    start: dt.date | None = strawberry.UNSET
    due: dt.date | None = strawberry.UNSET
    status: TaskStatus | None = strawberry.UNSET
    skills: list[SkillNeedInput] | None = strawberry.UNSET
    contact_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Contacts of the plan's account the task engages."
    )


@strawberry.input
class UpdateTaskInput:
    task_id: strawberry.ID
    expected_version: int | None = None
    kind: TaskKind | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    effort_hours: float | None = strawberry.UNSET
    objective_id: strawberry.ID | None = strawberry.UNSET
    headcount_min: int | None = strawberry.UNSET
    headcount_max: int | None = strawberry.UNSET
    required: bool | None = strawberry.UNSET
    start: dt.date | None = strawberry.UNSET
    due: dt.date | None = strawberry.UNSET
    status: TaskStatus | None = strawberry.UNSET
    skills: list[SkillNeedInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the task's required skills."
    )
    contact_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Replaces the contacts the task engages."
    )


@strawberry.input
class AssignInput:
    task_id: strawberry.ID
    person_id: strawberry.ID
    role: AssignmentRole = AssignmentRole.MEMBER
    pinned: bool = False
    expected_version: int | None = None


@strawberry.input
class UnassignInput:
    task_id: strawberry.ID
    person_id: strawberry.ID
    expected_version: int | None = None


@strawberry.input(description="Pin a person to a task (assigning them if needed), or unpin.")
class PinInput:
    task_id: strawberry.ID
    person_id: strawberry.ID
    pinned: bool = True
    role: AssignmentRole = strawberry.field(
        default=AssignmentRole.MEMBER, description="Their role if pinning assigns them."
    )
    expected_version: int | None = None


@strawberry.input
class ReadingInput:
    objective_id: strawberry.ID
    value: float


@strawberry.input
class RecordReviewInput:
    plan_id: strawberry.ID
    expected_version: int | None = None
    held_on: dt.date
    notes: str | None = strawberry.UNSET
    readings: list[ReadingInput] | None = strawberry.field(
        default=strawberry.UNSET, description="Each also sets its objective's current value."
    )


def skill_needs(values: Any) -> Any:
    if values is strawberry.UNSET or values is None:
        return values
    return [
        tasks.SkillNeed(
            skill_id=decode_id(v.skill_id, "Skill", field=f"skills[{i}].skillId"),
            level=v.level,
            mandatory=v.mandatory,
            weight=v.weight,
        )
        for i, v in enumerate(values)
    ]


def task_fields(data: Any) -> dict[str, Any]:
    return given(
        kind=value_of(data.kind),
        title=data.title,
        effort_hours=data.effort_hours,
        objective_id=decode_optional_id(data.objective_id, "Objective", field="objectiveId"),
        headcount_min=data.headcount_min,
        headcount_max=data.headcount_max,
        required=data.required,
        start=data.start,
        due=data.due,
        status=value_of(data.status),
        skills=skill_needs(data.skills),
        contact_ids=decode_ids(data.contact_ids, "Contact", field="contactIds"),
    )


def measure_fields(data: Any) -> dict[str, Any]:
    return given(
        title=data.title,
        metric=data.metric,
        baseline=data.baseline,
        target=data.target,
        current=data.current,
    )
