"""Retiring a skill, with its impact on the open tasks that need it, and restoring it.

- `retirement_impact` previews what a retirement touches: the open (or in-progress) tasks that
  require the skill, their plans, and the mandatory needs among them.
- `retire_skill` refuses (CONFLICT, naming the tasks) when an open task needs the skill as
  mandatory, unless a replacement is named: then the open tasks' requirements move to the
  replacement as a merge moves them (the stricter need wins; their plans get a new version).
  Without a replacement, optional needs stay on the retired skill. Proficiencies always stay:
  knowing the old skill is not knowing its replacement (merge when they are the same skill).
- `restore_skill` undoes a retirement: the skill is active again under its names. Requirements
  moved to a replacement stay there. A merged skill cannot be restored: its names, holders and
  requirements belong to the skill it was merged into.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.catalogue.merge import move_requirements
from teamgraph.catalogue.models import Skill, SkillStatus, SkillTerm, TermKind
from teamgraph.catalogue.service import adopt_children, get_skill, require_active
from teamgraph.errors import ConflictError, DomainError
from teamgraph.plans.models import OPEN_TASK_STATUSES, Plan, Task, TaskSkill

__all__ = [
    "OpenNeed",
    "RetirementImpact",
    "RetirementReport",
    "restore_skill",
    "retire_skill",
    "retirement_impact",
]

MAX_NAMED_TASKS = 10  # in a refusal's message; the impact lists them all


@dataclass(frozen=True)
class OpenNeed:
    """An open task's requirement of the skill."""

    task_id: int
    task_title: str
    plan_id: int
    plan_name: str
    level: int
    mandatory: bool


@dataclass(frozen=True)
class RetirementImpact:
    skill: Skill
    needs: list[OpenNeed]  # by plan name, then task title

    @property
    def plan_ids(self) -> list[int]:
        return list(dict.fromkeys(n.plan_id for n in self.needs))

    @property
    def blocking(self) -> list[OpenNeed]:
        """The mandatory needs: retiring without a replacement is refused while they last."""
        return [n for n in self.needs if n.mandatory]


@dataclass(frozen=True)
class RetirementReport:
    skill: Skill
    impact: RetirementImpact
    moved_requirements: int = 0
    merged_requirements: int = 0


def retirement_impact(
    session: Session, *, skill_id: int, field: str = "skillId"
) -> RetirementImpact:
    """The open tasks that require the skill and their plans (one statement)."""
    skill = get_skill(session, skill_id, field=field)
    rows = session.execute(
        select(Task.id, Task.title, Plan.id, Plan.name, TaskSkill.level, TaskSkill.mandatory)
        .join(Task, Task.id == TaskSkill.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(TaskSkill.skill_id == skill.id, Task.status.in_(OPEN_TASK_STATUSES))
        .order_by(Plan.name, Plan.id, Task.title, Task.id)
    )
    return RetirementImpact(skill=skill, needs=[OpenNeed(*row) for row in rows])


def _refusal(impact: RetirementImpact) -> ConflictError:
    named = [f"{n.task_title!r} (plan {n.plan_name!r})" for n in impact.blocking]
    more = len(named) - MAX_NAMED_TASKS
    listed = ", ".join(named[:MAX_NAMED_TASKS]) + (f" and {more} more" if more > 0 else "")
    return ConflictError(
        f"skill {impact.skill.name!r} is a mandatory need of open tasks: {listed}; name a "
        "replacement (their needs move to it) or change those tasks first",
        field="replacedById",
    )


def retire_skill(
    session: Session, *, skill_id: int, replaced_by_id: int | None = None
) -> RetirementReport:
    """Take a skill out of use (see the module's docstring); its children move to the
    replacement (or up a level), and imports that name it resolve to the replacement."""
    skill = require_active(get_skill(session, skill_id), field="skillId")
    replacement: Skill | None = None
    if replaced_by_id is not None:
        if replaced_by_id == skill.id:
            raise DomainError("a skill cannot replace itself", field="replacedById")
        replacement = get_skill(session, replaced_by_id, field="replacedById")
        require_active(replacement, field="replacedById")
    impact = retirement_impact(session, skill_id=skill.id)
    moved = merged = 0
    if replacement is None:
        if impact.blocking:
            raise _refusal(impact)
    else:
        moved, merged, _ = move_requirements(session, skill, replacement, open_tasks_only=True)
    adopt_children(session, skill=skill, heir_id=replaced_by_id)
    skill.status = SkillStatus.RETIRED
    skill.replaced_by_id = replaced_by_id
    session.flush()
    return RetirementReport(
        skill=skill, impact=impact, moved_requirements=moved, merged_requirements=merged
    )


def restore_skill(session: Session, *, skill_id: int) -> Skill:
    """Undo a retirement: active again, found by its names, free to take holders."""
    skill = get_skill(session, skill_id)
    if skill.status == SkillStatus.ACTIVE:
        raise DomainError(f"skill {skill.name!r} is not retired", field="skillId")
    named = session.scalar(
        select(SkillTerm.id).where(SkillTerm.skill_id == skill.id, SkillTerm.kind == TermKind.NAME)
    )
    if named is None:
        kept = session.get(Skill, skill.replaced_by_id) if skill.replaced_by_id else None
        into = f" into {kept.name!r}" if kept is not None else ""
        raise ConflictError(
            f"skill {skill.name!r} was merged{into}: its names, holders and needs are that "
            "skill's now, so it cannot be restored",
            field="skillId",
        )
    parent = session.get(Skill, skill.parent_id) if skill.parent_id is not None else None
    if parent is not None and parent.status != SkillStatus.ACTIVE:
        skill.parent_id = None
    skill.status = SkillStatus.ACTIVE
    skill.replaced_by_id = None
    session.flush()
    return skill
