#!/usr/bin/env bash
# The dependency floors hold: install the lowest version pyproject.toml allows of each direct
# dependency (uv's lowest-direct resolution; their own dependencies as new as they allow) in a
# venv of its own, then run a smoke subset on SQLite (with the LP bound: OR-Tools' MathOpt API at
# its floor). A floor too low for the code fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${LOWEST_VENV:-.venv-lowest}
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip uv
"$VENV/bin/python" -m uv pip install --python "$VENV/bin/python" --resolution lowest-direct -e '.[dev]'
"$VENV/bin/python" -m pip list --format=freeze | grep -iE '^(sqlalchemy|alembic|strawberry-graphql|cross-web|graphql-core|starlette|uvicorn|ortools|scipy|httpx2|prometheus.client|psycopg|tenacity|anyio|procrastinate|websockets)=='
env -u TEAMGRAPH_TEST_POSTGRES "$VENV/bin/python" -m pytest -p no:cacheprovider -n 2 \
  tests/api/test_security.py tests/api/test_limits.py tests/api/test_tokens_api.py \
  tests/api/test_access_api.py tests/api/test_operations_api.py tests/api/test_staffing_flow_api.py \
  tests/test_settings_and_logs.py tests/test_cli_ids_tokens_time_off.py tests/store tests/auth \
  tests/solver/test_bound.py tests/api/test_event_loop.py tests/jobs/test_solve_jobs_api.py
