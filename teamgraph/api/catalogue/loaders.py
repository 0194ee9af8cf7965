"""Per-request loaders of the catalogue: every relation of a skill (parent, children,
replacement, aliases, holders) costs one statement per query level, not one per skill."""

from __future__ import annotations

from teamgraph.api.core.loaders import by_id, grouped, keyed
from teamgraph.catalogue import models, service
from teamgraph.people import service as people

skill_by_id = by_id(models.Skill)
children_by_skill_id = grouped(service.children_by_parent_id)
aliases_by_skill_id = grouped(service.aliases_by_skill_id)
holder_count_by_skill_id = keyed(people.holder_counts)
