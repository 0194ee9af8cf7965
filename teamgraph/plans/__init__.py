"""Account plans: objectives and their measures, tasks, the team, reviews, traced history.

Importing the package installs the history tracer (see `history`), so every session traces
plan changes.
"""

from teamgraph.plans import history as _history  # noqa: F401  # registers the flush listener
