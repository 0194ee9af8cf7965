"""Start-up refuses nonsense settings in one line naming the variable; a served process writes
one JSON object a line when asked, each with its level, time, request id and operation."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from teamgraph.auth.service import create_token
from teamgraph.cli import main
from teamgraph.config import Settings, SettingsError
from tests.databases import committed_session, migrated_database

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("TEAMGRAPH_MAX_DEPTH", "-1", "-1 is below the least allowed, 1"),
        ("TEAMGRAPH_MAX_PAGE_SIZE", "0", "0 is below the least allowed, 1"),
        ("TEAMGRAPH_MAX_NODES", "0", "0 is below the least allowed, 1"),
        ("TEAMGRAPH_PORT", "70000", "70000 is outside 1 to 65535"),
        ("TEAMGRAPH_THREAD_THRESHOLD", "1.5", "1.5 is outside 0 to 1"),
        ("TEAMGRAPH_SOLVER_WORKERS", "0", "0 is outside 1 to 64"),
        ("TEAMGRAPH_LOG_FORMAT", "xml", "'xml' is not one of text, json"),
        ("TEAMGRAPH_LOG_LEVEL", "loud", "'loud' is not one of critical, error, warning"),
        ("TEAMGRAPH_MAX_ALIASES", "many", "must be an integer, got 'many'"),
        ("TEAMGRAPH_MAX_INTROSPECTION", "-1", "-1 is below the least allowed, 0"),
        ("TEAMGRAPH_DB_BUSY_SECONDS", "0", "0 is outside 0.1 to 600"),
    ],
)
def test_a_setting_out_of_range_is_refused_naming_its_variable(
    variable: str, value: str, says: str
) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({variable: value})
    assert str(refused.value).startswith(f"{variable}: ")
    assert says in str(refused.value)


def test_the_defaults_and_the_edges_of_each_range_are_accepted() -> None:
    assert Settings.from_env({}) == Settings()
    edge = Settings.from_env(
        {"TEAMGRAPH_MAX_DEPTH": "1", "TEAMGRAPH_MAX_ALIASES": "0", "TEAMGRAPH_LOG_FORMAT": "JSON"}
    )
    assert (edge.max_depth, edge.max_aliases, edge.log_format) == (1, 0, "json")


def test_the_server_refuses_to_start_with_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TEAMGRAPH_MAX_PAGE_SIZE", "0")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err == "error: TEAMGRAPH_MAX_PAGE_SIZE: 0 is below the least allowed, 1\n"
    monkeypatch.delenv("TEAMGRAPH_MAX_PAGE_SIZE")
    with pytest.raises(SystemExit) as bogus:
        main(["serve", "--log-level", "bogus"])
    assert bogus.value.code == 2
    err = capsys.readouterr().err
    assert "argument --log-level: invalid choice: 'bogus'" in err and "Traceback" not in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, **headers: str) -> int:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return int(response.status)


def test_a_served_process_logs_json_lines_with_the_request_id_and_operation(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    url = migrated_database("sqlite", tmp_path_factory, "json_logs")
    with committed_session(url) as session:
        token = create_token(session, role="viewer")
    port = _free_port()
    env = {**os.environ, "TEAMGRAPH_LOG_FORMAT": "json", "TEAMGRAPH_DATABASE_URL": url}
    server = subprocess.Popen(
        [sys.executable, "-m", "teamgraph.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):  # bounded: about 20 s at most
            try:
                _get(base + "/livez")
                break
            except OSError:
                time.sleep(0.2)
        body = json.dumps({"query": "query LoggedPing { __typename }"}).encode()
        request = urllib.request.Request(
            base + "/graphql",
            data=body,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "X-Request-ID": "trace-42",
            },
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.headers["x-request-id"] == "trace-42"
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert lines, err
    assert all({"time", "level", "logger", "message", "request_id"} <= set(e) for e in lines)
    (access,) = [e for e in lines if e["request_id"] == "trace-42"]
    assert (access["logger"], access["operation"], access["status"]) == (
        "teamgraph.access",
        "LoggedPing",
        200,
    )
    assert access["level"] == "info" and access["path"] == "/graphql"
