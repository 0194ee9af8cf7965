"""Solves as jobs: a row per solve (its state, progress and answer, read by the API in every
mode), dispatched by procrastinate on PostgreSQL and by an in-process worker on SQLite."""
