"""Per-request loaders of plans and what is in them: a nested plan query costs a fixed number
of statements whatever its size (tests/api count them)."""

from __future__ import annotations

from teamgraph.api.core.loaders import by_id, grouped, grouped_by, paged
from teamgraph.plans import models, reviews, tasks, team

plan_by_id = by_id(models.Plan)
objective_by_id = by_id(models.Objective)
task_by_id = by_id(models.Task)
assignment_by_id = by_id(models.Assignment)
review_by_id = by_id(models.Review)
proposal_by_id = by_id(models.Proposal)
plans_by_account_id = grouped_by(models.Plan.account_id, models.Plan.period_start.desc())
objectives_by_plan_id = grouped_by(models.Objective.plan_id, models.Objective.id)
reviews_by_plan_id = grouped_by(models.Review.plan_id, models.Review.held_on.desc())
proposals_by_plan_id = grouped_by(models.Proposal.plan_id, models.Proposal.id.desc())
task_skills_by_task_id = grouped_by(models.TaskSkill.task_id, models.TaskSkill.skill_id)
task_contacts_by_task_id = grouped_by(models.TaskContact.task_id, models.TaskContact.contact_id)
assignments_by_task_id = grouped_by(
    models.Assignment.task_id, models.Assignment.role, models.Assignment.id
)
readings_by_review_id = grouped_by(
    models.ObjectiveReading.review_id, models.ObjectiveReading.objective_id
)
team_by_plan_id = grouped(team.teams_by_plan_id)
tasks_by_plan_id = paged(
    lambda session, ids, page, flt, max_size: tasks.tasks_pages(
        session, ids, page, status=flt[0], kind=flt[1], max_size=max_size
    )
)
history_by_plan_id = paged(
    lambda session, ids, page, _flt, max_size: reviews.history_pages(
        session, ids, page, max_size=max_size
    )
)
