"""Merging two skills: one of them was a duplicate (or a synonym HR did not see coming).

Everything that pointed at the old skill moves to the one kept: its names, its proficiencies
(the higher level wins when a person holds both) and the tasks that require it (the stricter
need wins). The old skill is retired with `replaced_by` the one kept, and the merge says which
plans' staffing it touched, so their KAM leads can look again; those plans get a new version,
so a proposal made before the merge is stale. Rows move through the ORM, so the plan history
traces every requirement that changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from teamgraph.catalogue.models import Skill, SkillTerm
from teamgraph.catalogue.service import adopt_children, get_skill, require_active
from teamgraph.errors import DomainError
from teamgraph.people.models import Proficiency
from teamgraph.plans.models import OPEN_TASK_STATUSES, Plan, Task, TaskSkill


@dataclass(frozen=True)
class MergeReport:
    skill: Skill
    retired: Skill
    moved_proficiencies: int
    merged_proficiencies: int
    moved_requirements: int
    merged_requirements: int
    affected_plan_ids: list[int]


def _merge_proficiencies(session: Session, old: Skill, kept: Skill) -> tuple[int, int]:
    """(moved, merged): a person who holds both keeps the higher level, with its verification,
    the keener interest and the latest use."""
    rows = session.scalars(
        select(Proficiency).where(Proficiency.skill_id.in_((old.id, kept.id)))
    ).all()
    held = {row.person_id: row for row in rows if row.skill_id == kept.id}
    moved = merged = 0
    for row in rows:
        if row.skill_id != old.id:
            continue
        target = held.get(row.person_id)
        if target is None:
            session.add(
                Proficiency(
                    person_id=row.person_id,
                    skill_id=kept.id,
                    level=row.level,
                    interest=row.interest,
                    last_used=row.last_used,
                    verified_by_id=row.verified_by_id,
                    verified_at=row.verified_at,
                )
            )
            moved += 1
        else:
            if row.level > target.level:
                target.level = row.level
                target.verified_by_id, target.verified_at = row.verified_by_id, row.verified_at
            target.interest = max(
                (v for v in (row.interest, target.interest) if v is not None), default=None
            )
            target.last_used = max(
                (v for v in (row.last_used, target.last_used) if v is not None), default=None
            )
            merged += 1
        session.delete(row)
    return moved, merged


def move_requirements(
    session: Session, old: Skill, kept: Skill, *, open_tasks_only: bool = False
) -> tuple[int, int, set[int]]:
    """(moved, merged, plan ids): the tasks that require `old` require `kept` instead; a task
    that requires both keeps the stricter need (higher level, mandatory if either was, the
    larger weight). `open_tasks_only` leaves done and cancelled tasks as they were done. The
    plans touched get a new version: a proposal made before is stale."""
    stmt = (
        select(TaskSkill, Task.plan_id)
        .join(Task, Task.id == TaskSkill.task_id)
        .where(TaskSkill.skill_id.in_((old.id, kept.id)))
    )
    if open_tasks_only:
        stmt = stmt.where(Task.status.in_(OPEN_TASK_STATUSES))
    rows = session.execute(stmt).all()
    required = {need.task_id: need for need, _ in rows if need.skill_id == kept.id}
    moved = merged = 0
    plans: set[int] = set()
    for need, plan_id in rows:
        if need.skill_id != old.id:
            continue
        plans.add(plan_id)
        target = required.get(need.task_id)
        if target is None:
            session.add(
                TaskSkill(
                    task_id=need.task_id,
                    skill_id=kept.id,
                    level=need.level,
                    mandatory=need.mandatory,
                    weight=need.weight,
                )
            )
            moved += 1
        else:
            target.level = max(target.level, need.level)
            target.mandatory = target.mandatory or need.mandatory
            target.weight = max(target.weight, need.weight)
            merged += 1
        session.delete(need)
    for plan in session.scalars(select(Plan).where(Plan.id.in_(plans))):
        plan.version = plan.version + 1
    return moved, merged, plans


def merge_skills(session: Session, *, from_id: int, into_id: int) -> MergeReport:
    """Fold skill `from_id` into `into_id` (see the module's docstring); all or nothing."""
    old = get_skill(session, from_id, field="from")
    kept = require_active(get_skill(session, into_id, field="into"), field="into")
    if old.id == kept.id:
        raise DomainError("a skill cannot be merged into itself", field="into")
    moved_p, merged_p = _merge_proficiencies(session, old, kept)
    moved_r, merged_r, plans = move_requirements(session, old, kept)
    session.flush()
    # The old name and aliases now find the skill kept.
    session.execute(
        update(SkillTerm)
        .where(SkillTerm.skill_id == old.id)
        .values(skill_id=kept.id, kind="alias")
        .execution_options(synchronize_session="fetch")
    )
    adopt_children(session, skill=old, heir_id=kept.id)
    old.status, old.replaced_by_id = "retired", kept.id
    # Skills retired earlier in favour of the old one now point at the one kept.
    session.execute(
        update(Skill)
        .where(Skill.replaced_by_id == old.id, Skill.id != kept.id)
        .values(replaced_by_id=kept.id)
        .execution_options(synchronize_session="fetch")
    )
    session.flush()
    return MergeReport(
        skill=kept,
        retired=old,
        moved_proficiencies=moved_p,
        merged_proficiencies=merged_p,
        moved_requirements=moved_r,
        merged_requirements=merged_r,
        affected_plan_ids=sorted(plans),
    )
