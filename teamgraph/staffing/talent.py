"""The talent map: per skill, who can supply it (by level, with free capacity) against what
open tasks demand, the gaps, and the people who alone hold a demanded skill.

It lives with staffing, not with the relationship web, because it combines the catalogue,
people and plans and uses no graph. It owns the rule of what counts as a gap (`is_gap`), so
the API and any report only translate the answer.

A task's demand is its minimum headcount at its required level. A skill's qualified free hours
are counted over the demand's windows (the days of the windows of the open tasks requiring it;
the next four weeks for a skill nobody demands) by teamgraph.plans.capacity: each qualified
person's capacity there minus their other open work there, never below 0. The demanding tasks'
own effort is the demand, not a drain on the supply, so a task already staffed is no false gap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.catalogue.models import Skill
from teamgraph.people.models import Person, Proficiency
from teamgraph.plans.capacity import (
    Timeline,
    Window,
    default_window,
    merged,
    task_window,
    timelines,
)
from teamgraph.plans.models import OPEN_TASK_STATUSES as OPEN
from teamgraph.plans.models import Plan, Task, TaskSkill

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


def talent_map(
    session: Session, *, demanded_only: bool = False, today: dt.date | None = None
) -> TalentMap:
    """Every skill of the catalogue by name (with `demanded_only`, those open tasks require)."""
    active = set(session.scalars(select(Person.id).where(Person.active.is_(True))))
    holders: dict[int, dict[int, int]] = defaultdict(dict)
    for person_id, skill_id, level in session.execute(
        select(Proficiency.person_id, Proficiency.skill_id, Proficiency.level)
    ):
        if person_id in active:
            holders[skill_id][person_id] = level
    demand: dict[int, list[tuple[int, int]]] = defaultdict(list)
    demand_tasks: dict[int, set[int]] = defaultdict(set)
    windows: dict[int, list[Window]] = defaultdict(list)
    for skill_id, level, headcount, task_id, start, due, p_start, p_end in session.execute(
        select(
            TaskSkill.skill_id,
            TaskSkill.level,
            Task.headcount_min,
            Task.id,
            Task.start,
            Task.due,
            Plan.period_start,
            Plan.period_end,
        )
        .join(Task, Task.id == TaskSkill.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Task.status.in_(OPEN))
    ):
        demand[skill_id].append((level, headcount))
        demand_tasks[skill_id].add(task_id)
        windows[skill_id].append(task_window(start, due, p_start, p_end))
    undemanded = default_window(today)
    spans = [undemanded, *(w for ws in windows.values() for w in ws)]
    lines = timelines(
        session,
        {p for held in holders.values() for p in held},
        Window(min(w.start for w in spans), max(w.end for w in spans)),
    )
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
        parts = merged(windows.get(skill_id) or [undemanded])
        tasks = demand_tasks.get(skill_id, set())
        free = sum(_free(lines[p], parts, tasks) for p in qualified if p in lines)
        found.append(
            SkillSupplyDemand(
                skill_id=skill_id,
                name=name,
                people_by_level=dict(sorted(by_level.items())),
                tasks=len(wanted),
                level_demanded=level,
                headcount_demanded=sum(h for _, h in wanted),
                qualified=len(qualified),
                qualified_free_hours=round(free, 2),
                sole_holder=qualified[0] if len(qualified) == 1 else None,
            )
        )
    return TalentMap(skills=found)


def _free(timeline: Timeline, parts: list[Window], demanding: set[int]) -> float:
    """A person's free hours over these days, their work on the demanding tasks left out."""
    return max(0.0, sum(timeline.free(w, skip=lambda b: b.task_id in demanding) for w in parts))
