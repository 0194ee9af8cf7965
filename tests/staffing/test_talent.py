"""teamgraph.staffing.talent on both databases: supply by level and free hours against the
open tasks' demand, and what counts as a gap."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from teamgraph.people.service import set_proficiency
from teamgraph.plans.models import Assignment, TaskSkill
from teamgraph.staffing.talent import SkillSupplyDemand, is_gap, talent_map
from tests import factories


@pytest.fixture
def acme(session: Session) -> dict[str, int]:
    account = factories.account(session, name="Acme")
    kam = factories.person(session, name="Kim", department="KAM")
    se = factories.person(session, name="Sam", department="Solutions")
    return {"account": account.id, "kam": kam.id, "se": se.id}


def test_talent_map_supply_demand_gaps_and_sole_holders(
    session: Session, acme: dict[str, int]
) -> None:
    plan = factories.plan(session, acme["account"])
    rare = factories.skill(session, "Quantum accounting")
    common = factories.skill(session, "Negotiation")
    nobody = factories.skill(session, "Klingon")
    set_proficiency(session, person_id=acme["kam"], skill_id=rare.id, level=4)
    set_proficiency(session, person_id=acme["kam"], skill_id=common.id, level=3)
    set_proficiency(session, person_id=acme["se"], skill_id=common.id, level=5)
    task = factories.task(session, plan.id, effort_hours=10, headcount_min=1)
    for skill in (rare, common, nobody):
        session.add(
            TaskSkill(task_id=task.id, skill_id=skill.id, level=3, mandatory=True, weight=1.0)
        )
    session.add(Assignment(task_id=task.id, person_id=acme["kam"], role="lead"))
    session.flush()
    found = {s.name: s for s in talent_map(session, demanded_only=True).skills}
    assert set(found) == {"Quantum accounting", "Negotiation", "Klingon"}
    assert (
        found["Negotiation"].people_by_level == {3: 1, 5: 1} and found["Negotiation"].qualified == 2
    )
    assert found["Quantum accounting"].sole_holder == acme["kam"]
    # Over the task's window (its plan's period, 181 days) Kim has 40 h a week: 1034.29 h. The
    # 10 h of the task she is on are the demand, not a drain on the supply: no false gap.
    assert found["Quantum accounting"].qualified_free_hours == 1034.29
    gaps = {s.name for s in talent_map(session).gaps}
    assert gaps == {"Klingon"}


def skill(tasks: int, qualified: int, free_hours: float) -> SkillSupplyDemand:
    return SkillSupplyDemand(
        skill_id=1,
        name="Negotiation",
        people_by_level={3: qualified},
        tasks=tasks,
        level_demanded=3 if tasks else 0,
        headcount_demanded=tasks,
        qualified=qualified,
        qualified_free_hours=free_hours,
        sole_holder=None,
    )


def test_a_gap_is_demanded_and_nobody_qualified_has_time() -> None:
    assert is_gap(skill(tasks=1, qualified=0, free_hours=0))
    assert is_gap(skill(tasks=1, qualified=2, free_hours=0))
    assert not is_gap(skill(tasks=1, qualified=1, free_hours=5))
    # Nobody holds it, but no open task asks for it: short of people, not a gap of the map.
    undemanded = skill(tasks=0, qualified=0, free_hours=0)
    assert undemanded.gap and not is_gap(undemanded)
