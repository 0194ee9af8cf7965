"""Account plans: objectives and their measures, tasks, the team, reviews, traced history."""
