"""Account plans in the API: plans, objectives, tasks, assignments, reviews, the team, the traced
history and who has the ball; their queries and the mutations that edit them."""
