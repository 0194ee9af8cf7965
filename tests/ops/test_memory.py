"""The server gives the memory it has freed back to the system (teamgraph/ops/memory.py):
without it glibc keeps freed blocks, and a long-running server's resident memory climbs
although nothing stays alive (bench/soak.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from teamgraph.app import create_app
from teamgraph.config import Settings
from teamgraph.ops import memory

glibc_only = pytest.mark.skipif(
    memory._malloc_trim() is None, reason="no malloc_trim: not a glibc system"
)


def resident_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@glibc_only
def test_freed_blocks_held_by_the_allocator_go_back_to_the_system() -> None:
    # 120 MiB of 2 KB blocks (above Python's small-object allocator, so from malloc), every
    # 50th kept: the heap cannot shrink from the top, and the freed blocks stay resident.
    blocks = [bytes(2000) for _ in range(60_000)]
    kept = blocks[::50]
    del blocks
    held = resident_mib()
    assert memory.release_free_memory()
    assert held - resident_mib() > 60
    assert len(kept) == 1200


@glibc_only
def test_the_app_trims_on_a_timer_while_it_runs_and_stops_with_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[float] = []
    monkeypatch.setattr(memory, "TRIM_EVERY_SECONDS", 0.01)
    monkeypatch.setattr(memory, "release_free_memory", lambda: calls.append(1.0) or True)
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'trim.db'}"))
    with TestClient(app) as client:
        assert client.get("/livez").status_code == 200
        deadline = time.monotonic() + 10  # generous: the point is that it runs at all
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(calls) >= 3
    stopped = len(calls)
    time.sleep(0.1)
    assert len(calls) == stopped
