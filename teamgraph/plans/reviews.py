"""Reviews of a plan (with objective readings) and the plan's traced history.

A reading sets its objective's `current` value unless a later review already read that
objective: the latest reading is the current value, whatever the order reviews are recorded in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.errors import DomainError, NotFoundError
from teamgraph.inputs import check_number, clean_text
from teamgraph.pagination import Page, PageRequest, paginate_many
from teamgraph.plans.models import Objective, ObjectiveReading, PlanChange, Review
from teamgraph.plans.service import MAX_MEASURE, touch_plan


@dataclass(frozen=True)
class Reading:
    objective_id: int
    value: float


def record_review(
    session: Session,
    *,
    plan_id: int,
    held_on: dt.date,
    notes: str = "",
    readings: Sequence[Reading] = (),
    expected_version: int | None = None,
) -> Review:
    touch_plan(session, plan_id, expected_version=expected_version)
    objectives = {
        o.id: o
        for o in session.scalars(
            select(Objective).where(Objective.id.in_({r.objective_id for r in readings}))
        )
    }
    seen: set[int] = set()
    for i, reading in enumerate(readings):
        field = f"readings[{i}]"
        objective = objectives.get(reading.objective_id)
        if objective is None:
            raise NotFoundError(
                f"no objective with id {reading.objective_id}", field=f"{field}.objectiveId"
            )
        if objective.plan_id != plan_id:
            raise DomainError("must be an objective of this plan", field=f"{field}.objectiveId")
        if reading.objective_id in seen:
            raise DomainError("is read twice", field=f"{field}.objectiveId")
        seen.add(reading.objective_id)
        value = reading.value
        check_number(value, field=f"{field}.value", low=-MAX_MEASURE, high=MAX_MEASURE)
    latest = {
        key: value
        for key, value in session.execute(
            select(ObjectiveReading.objective_id, Review.held_on)
            .join(Review, Review.id == ObjectiveReading.review_id)
            .where(ObjectiveReading.objective_id.in_(seen))
            .order_by(Review.held_on)
        )
    }
    review = Review(
        plan_id=plan_id,
        held_on=held_on,
        notes=clean_text(notes, field="notes", max_length=20_000, blank=True, multiline=True),
    )
    session.add(review)
    session.flush()
    for reading in readings:
        session.add(
            ObjectiveReading(
                review_id=review.id, objective_id=reading.objective_id, value=float(reading.value)
            )
        )
        last = latest.get(reading.objective_id)
        if last is None or last <= held_on:
            objectives[reading.objective_id].current = float(reading.value)
    session.flush()
    return review


def history_pages(
    session: Session, plan_ids: Sequence[int], page: PageRequest, *, max_size: int = 100
) -> dict[int, Page[PlanChange]]:
    """Each plan's traced changes, oldest first (`last: n` gives the n most recent)."""
    return paginate_many(
        session,
        select(PlanChange),
        PlanChange.plan_id,
        plan_ids,
        (PlanChange.id,),
        page,
        max_size=max_size,
    )
