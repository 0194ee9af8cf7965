"""The talent map: per skill, who can supply it (by level, with free capacity) against what
open tasks demand, the gaps, and the people who alone hold a demanded skill.

It lives with staffing, not with the relationship web, because it combines the catalogue,
people and plans and uses no graph. It owns the rule of what counts as a gap (`is_gap`), so
the API and any report only translate the answer.

Free capacity is a person's weekly capacity minus the effort of their assignments on open and
in-progress tasks; a task's demand is its minimum headcount at its required level.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.catalogue.models import Skill
from teamgraph.people.models import Person, Proficiency
from teamgraph.plans.models import OPEN_TASK_STATUSES as OPEN
from teamgraph.plans.models import Assignment, Task, TaskSkill

__all__ = ["SkillSupplyDemand", "TalentMap", "is_gap", "talent_map"]


@dataclass(frozen=True)
class SkillSupplyDemand:
    skill_id: int
    name: str
    people_by_level: dict[int, int]  # level -> active people holding it at exactly that level
    tasks: int  # open tasks requiring it
    level_demanded: int  # the highest level an open task requires
    headcount_demanded: int
    qualified: int  # active people at or above the highest demanded level
    qualified_free_hours: float
    sole_holder: int | None  # the only qualified person, when there is exactly one

    @property
    def gap(self) -> bool:
        """Nobody qualified exists or has an hour to spare, demanded or not (whether that is a
        gap of the map is `is_gap`)."""
        return self.qualified == 0 or self.qualified_free_hours <= 0


def is_gap(skill: SkillSupplyDemand) -> bool:
    """What counts as a gap: a skill open tasks demand, that nobody qualified exists for or has
    an hour to spare for."""
    return bool(skill.tasks) and skill.gap


@dataclass(frozen=True)
class TalentMap:
    skills: list[SkillSupplyDemand]

    @property
    def gaps(self) -> list[SkillSupplyDemand]:
        return [s for s in self.skills if is_gap(s)]

    @property
    def sole_holders(self) -> list[SkillSupplyDemand]:
        return [s for s in self.skills if s.tasks and s.sole_holder is not None]


def talent_map(session: Session, *, demanded_only: bool = False) -> TalentMap:
    """Every skill of the catalogue by name (with `demanded_only`, those open tasks require)."""
    capacity = dict(
        session.execute(
            select(Person.id, Person.capacity_hours).where(Person.active.is_(True))
        ).all()
    )
    load: dict[int, float] = defaultdict(float)
    for person_id, effort in session.execute(
        select(Assignment.person_id, Task.effort_hours)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.status.in_(OPEN))
    ):
        load[person_id] += effort
    free = {p: capacity[p] - load[p] for p in capacity}
    holders: dict[int, dict[int, int]] = defaultdict(dict)
    for person_id, skill_id, level in session.execute(
        select(Proficiency.person_id, Proficiency.skill_id, Proficiency.level)
    ):
        if person_id in capacity:
            holders[skill_id][person_id] = level
    demand: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for skill_id, level, headcount in session.execute(
        select(TaskSkill.skill_id, TaskSkill.level, Task.headcount_min)
        .join(Task, Task.id == TaskSkill.task_id)
        .where(Task.status.in_(OPEN))
    ):
        demand[skill_id].append((level, headcount))
    found = []
    for skill_id, name in session.execute(select(Skill.id, Skill.name).order_by(Skill.name)):
        wanted = demand.get(skill_id, [])
        if demanded_only and not wanted:
            continue
        held = holders.get(skill_id, {})
        level = max((lvl for lvl, _ in wanted), default=0)
        qualified = sorted(p for p, lvl in held.items() if lvl >= max(level, 1))
        by_level: dict[int, int] = defaultdict(int)
        for lvl in held.values():
            by_level[lvl] += 1
        found.append(
            SkillSupplyDemand(
                skill_id=skill_id,
                name=name,
                people_by_level=dict(sorted(by_level.items())),
                tasks=len(wanted),
                level_demanded=level,
                headcount_demanded=sum(h for _, h in wanted),
                qualified=len(qualified),
                qualified_free_hours=round(sum(max(0.0, free[p]) for p in qualified), 2),
                sole_holder=qualified[0] if len(qualified) == 1 else None,
            )
        )
    return TalentMap(skills=found)
