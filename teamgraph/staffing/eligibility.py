"""Who may take a task, and every reason why not: the one owner of the rule. The staffing
compiler offers the solver exactly the pairs it admits, and `candidates` shows its verdicts, so
the two agree.

The mandatory-skill rule, stated once (PROBLEM_FORMAT.md, `"eligibility": "skills"`): a task's
team as a whole must hold each of its mandatory skills at its level; a person may join the team
when they hold at least one of the task's skills at the level asked, or the task names none. So
someone without a mandatory skill may be chosen beside a colleague who holds it; the verdict says
whether they cover the mandatory skills alone.

A person may be chosen for a task when they are active, meet the skill rule, have no conflict of
interest with the account, and have free hours for the task's effort both in the task's window
and over the plan's period (the hours the solver counts), after their work on other plans (this
plan's work is what the solver re-plans). Time off over the whole window is a reason of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from teamgraph.accounts.models import ConflictOfInterest
from teamgraph.catalogue.models import Skill
from teamgraph.people.models import Person, Proficiency
from teamgraph.plans.capacity import Timeline, Window, task_window, timelines
from teamgraph.plans.models import Plan, Task, TaskSkill
from teamgraph.rows import get_row

__all__ = [
    "Block",
    "PersonFacts",
    "Requirement",
    "StaffingFacts",
    "TaskFacts",
    "Verdict",
    "gather",
    "judge",
    "verdicts_for_task",
]


class Block(StrEnum):
    """What can stop a person taking a task."""

    INACTIVE = "inactive"
    SKILLS = "skills"
    CONFLICT = "conflict"
    TIME_OFF = "time_off"
    CAPACITY = "capacity"


@dataclass(frozen=True)
class Requirement:
    skill_id: int
    name: str
    level: int
    mandatory: bool

    @property
    def words(self) -> str:
        return f"{self.name} at level {self.level}"


@dataclass(frozen=True)
class TaskFacts:
    task_id: int
    effort: float
    window: Window
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class PersonFacts:
    person_id: int
    active: bool
    levels: Mapping[int, int]  # skill id -> level
    conflicted: bool  # with the plan's account
    timeline: Timeline

    def holds(self, requirement: Requirement) -> bool:
        return self.levels.get(requirement.skill_id, 0) >= requirement.level


@dataclass(frozen=True)
class Verdict:
    blocks: tuple[tuple[Block, str], ...]  # every reason, in words a KAM lead reads
    missing_mandatory: tuple[str, ...]  # mandatory skills they do not hold at level

    @property
    def eligible(self) -> bool:
        return not self.blocks

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(words for _, words in self.blocks)

    @property
    def covers_mandatory(self) -> bool:
        return not self.missing_mandatory

    @property
    def solver_knows(self) -> bool:
        """Blocked by the solver's own rules alone (skills, conflicts): no pair to forbid."""
        return any(kind in (Block.SKILLS, Block.CONFLICT) for kind, _ in self.blocks)


def _hours(value: float) -> str:
    return f"{value:g}" if value == round(value) else f"{value:.2f}"


def _days(window: Window) -> str:
    return f"{window.start.isoformat()}..{window.end.isoformat()}"


@dataclass(frozen=True)
class StaffingFacts:
    """What eligibility and the problem's hours rest on, for one plan."""

    plan_id: int
    period: Window
    tasks: Mapping[int, TaskFacts]
    people: Mapping[int, PersonFacts]
    # The problem's (capacity, current_load) per person over the plan's period, as compiled.
    hours: Mapping[int, tuple[float, float]]

    def problem_hours(self, person_id: int) -> tuple[float, float]:
        return self.hours[person_id]

    def admitted_by_solver_rules(self, person_id: int, task_id: int) -> bool:
        """The solver's own skill and conflict rules let the pair in (cheap, no hours)."""
        person, needs = self.people[person_id], self.tasks[task_id].requirements
        return not person.conflicted and (not needs or any(person.holds(r) for r in needs))

    def free_for_task(self, person_id: int, task_id: int) -> float:
        """Free hours in the task's window after all their other open work and this task."""
        task = self.tasks[task_id]
        timeline = self.people[person_id].timeline
        free = timeline.free(task.window, skip=lambda b: b.task_id == task_id)
        return round(free - task.effort, 2)

    def verdict(self, person_id: int, task_id: int) -> Verdict:
        return judge(self, self.people[person_id], self.tasks[task_id])


def judge(facts: StaffingFacts, person: PersonFacts, task: TaskFacts) -> Verdict:
    """May `person` be chosen for `task`, and if not, every reason why."""
    blocks: list[tuple[Block, str]] = []
    if not person.active:
        blocks.append((Block.INACTIVE, "is inactive"))
    needs = task.requirements
    if needs and not any(person.holds(r) for r in needs):
        held = "; ".join(
            f"{r.words} (has {person.levels[r.skill_id]})"
            if r.skill_id in person.levels
            else f"{r.words} (does not hold it)"
            for r in needs
        )
        blocks.append((Block.SKILLS, f"holds none of the task's skills at the level asked: {held}"))
    if person.conflicted:
        blocks.append((Block.CONFLICT, "has a conflict of interest with the account"))
    timeline = person.timeline
    if timeline.days_off_in(task.window) >= task.window.days:
        blocks.append((Block.TIME_OFF, f"is on time off for the whole window {_days(task.window)}"))
    in_window = timeline.free(task.window, skip=lambda b: b.plan_id == facts.plan_id)
    if in_window < task.effort:
        blocks.append(
            (
                Block.CAPACITY,
                f"has {_hours(max(0.0, round(in_window, 2)))} free hours in the task's window "
                f"{_days(task.window)} after other plans' work; the task needs "
                f"{_hours(task.effort)}",
            )
        )
    capacity, current = facts.problem_hours(person.person_id)
    if capacity - current < task.effort and in_window >= task.effort:
        blocks.append(
            (
                Block.CAPACITY,
                f"has {_hours(max(0.0, round(capacity - current, 2)))} free hours over the "
                f"plan's period {_days(facts.period)} after other plans' work; the task needs "
                f"{_hours(task.effort)}",
            )
        )
    missing = tuple(r.words for r in needs if r.mandatory and not person.holds(r))
    return Verdict(tuple(blocks), missing)


def gather(
    session: Session,
    plan: Plan,
    tasks: Iterable[Task],
    requirements: Mapping[int, Iterable[TaskSkill]],
    person_ids: Iterable[int],
) -> StaffingFacts:
    """The facts for these tasks of `plan` and these people, in a few statements."""
    ids = sorted(set(person_ids))
    period = Window(plan.period_start, plan.period_end)
    spans = {t.id: task_window(t.start, t.due, plan.period_start, plan.period_end) for t in tasks}
    envelope = Window(
        min([period.start, *(w.start for w in spans.values())]),
        max([period.end, *(w.end for w in spans.values())]),
    )
    wanted = {r.skill_id for reqs in requirements.values() for r in reqs}
    names = dict(session.execute(select(Skill.id, Skill.name).where(Skill.id.in_(wanted))).all())
    task_facts = {
        t.id: TaskFacts(
            task_id=t.id,
            effort=float(t.effort_hours),
            window=spans[t.id],
            requirements=tuple(
                Requirement(
                    r.skill_id, names.get(r.skill_id, f"skill {r.skill_id}"), r.level, r.mandatory
                )
                for r in requirements.get(t.id, ())
            ),
        )
        for t in tasks
    }
    active = dict(session.execute(select(Person.id, Person.active).where(Person.id.in_(ids))).all())
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for person_id, skill_id, level in session.execute(
        select(Proficiency.person_id, Proficiency.skill_id, Proficiency.level).where(
            Proficiency.person_id.in_(ids)
        )
    ):
        levels[person_id][skill_id] = level
    barred = set(
        session.scalars(
            select(ConflictOfInterest.person_id).where(
                ConflictOfInterest.account_id == plan.account_id,
                ConflictOfInterest.person_id.in_(ids),
            )
        )
    )
    lines = timelines(session, ids, envelope)
    people = {
        p: PersonFacts(p, bool(active[p]), levels[p], p in barred, lines[p])
        for p in ids
        if p in active and p in lines
    }
    hours = {}
    for p, person in people.items():
        current = person.timeline.assigned(period, skip=lambda b: b.plan_id == plan.id)
        hours[p] = (round(person.timeline.capacity(period), 2), round(current, 2))
    return StaffingFacts(plan.id, period, task_facts, people, hours)


def verdicts_for_task(
    session: Session, task_id: int, person_ids: Iterable[int]
) -> dict[int, Verdict]:
    """May each of these people be chosen for the task (any people, in the problem or not)."""
    task = get_row(session, Task, task_id, field="task")
    plan = get_row(session, Plan, task.plan_id, field="task")
    reqs = list(session.scalars(select(TaskSkill).where(TaskSkill.task_id == task_id)))
    facts = gather(session, plan, [task], {task_id: reqs}, person_ids)
    return {p: facts.verdict(p, task_id) for p in facts.people}
