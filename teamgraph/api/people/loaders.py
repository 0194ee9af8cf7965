"""Per-request loaders of people and what hangs on them: a page of people with their skills,
load and assignments costs the same few statements whatever its size."""

from __future__ import annotations

from teamgraph.api.core.loaders import by_id, grouped_by, keyed
from teamgraph.people import models, service
from teamgraph.plans.models import Assignment

person_by_id = by_id(models.Person)
proficiencies_by_person_id = grouped_by(
    models.Proficiency.person_id, models.Proficiency.level.desc(), models.Proficiency.skill_id
)
time_off_by_person_id = grouped_by(models.TimeOff.person_id, models.TimeOff.start_date)
assignments_by_person_id = grouped_by(Assignment.person_id, Assignment.id)
load_by_person_id = keyed(service.loads_by_person_id)
