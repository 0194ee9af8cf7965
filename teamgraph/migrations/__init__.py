"""Alembic migrations; run them with `teamgraph migrate`."""
