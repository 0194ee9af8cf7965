"""Per-request loaders of people and what hangs on them: a page of people with their skills,
load and assignments costs the same few statements whatever its size."""

from __future__ import annotations

from collections import defaultdict

from strawberry.dataloader import DataLoader

from teamgraph.api.core.context import Context
from teamgraph.api.core.loaders import by_id, grouped_by
from teamgraph.auth.policy import sees_personal_data
from teamgraph.people import models
from teamgraph.plans import capacity
from teamgraph.plans.models import Assignment
from teamgraph.rows import rows_by_id

person_by_id = by_id(models.Person)
proficiencies_by_person_id = grouped_by(
    models.Proficiency.person_id, models.Proficiency.level.desc(), models.Proficiency.skill_id
)
time_off_by_person_id = grouped_by(models.TimeOff.person_id, models.TimeOff.start_date)
assignments_by_person_id = grouped_by(Assignment.person_id, Assignment.id)


def load_by_person_and_window(
    ctx: Context,
) -> DataLoader[tuple[int, capacity.Window], capacity.Load | None]:
    """Loads keyed by (person id, window): one batch read per distinct window asked for."""

    async def load(keys: list[tuple[int, capacity.Window]]) -> list[capacity.Load | None]:
        by_window: dict[capacity.Window, list[int]] = defaultdict(list)
        for person_id, window in keys:
            by_window[window].append(person_id)
        found = {
            (person_id, window): figures
            for window, ids in by_window.items()
            for person_id, figures in capacity.loads(ctx.session, ids, window).items()
        }
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


def time_off_by_id(ctx: Context) -> DataLoader[int, models.TimeOff | None]:
    """Periods of time off by id, those of people the caller may not see personal data of
    left out (so `node(id:)` answers them as not found)."""

    async def load(keys: list[int]) -> list[models.TimeOff | None]:
        found = rows_by_id(ctx.session, models.TimeOff, keys)
        return [
            row if row is not None and sees_personal_data(ctx.principal, row.person_id) else None
            for row in (found.get(key) for key in keys)
        ]

    return DataLoader(load_fn=load)
