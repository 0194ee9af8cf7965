"""Where the memory goes, for `bench/soak.py --trace`.

Run as a script, this is `teamgraph serve` (same arguments) with tracemalloc at hand: on
SIGUSR1 it collects garbage and writes a snapshot, with a count of live objects by type, into
the directory named by SOAK_TRACE_DIR; the first signal also starts tracing (so the start-up,
imports and all, runs at full speed and only what is allocated from then on is traced). The
soak asks at the end of the first minute and at the end of the last, then prints what grew
between them: the allocations made since the first minute and still alive, by site (the
innermost frames), and the live objects by type. Growth that shows up here is Python's; RSS
that grows while these stay flat is the allocator's (arenas, fragmentation).
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import signal
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from types import FrameType

TRACE_ENV = "SOAK_TRACE_DIR"
FRAMES = int(os.environ.get("SOAK_TRACE_FRAMES", "8"))  # 0: count live objects, trace nothing
NOISE = (
    tracemalloc.Filter(False, tracemalloc.__file__),
    tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
    tracemalloc.Filter(False, "<frozen importlib._bootstrap_external>"),
    tracemalloc.Filter(False, "<unknown>"),
    tracemalloc.Filter(False, __file__),
)


def serve_traced(argv: list[str]) -> int:
    directory = Path(os.environ[TRACE_ENV])

    def snapshot(signum: int, frame: FrameType | None) -> None:
        label = (directory / "request").read_text().strip()
        if FRAMES and not tracemalloc.is_tracing():
            tracemalloc.start(FRAMES)
        gc.collect()
        objects = gc.get_objects()
        types = Counter(type(o).__qualname__ for o in objects)
        summary = {"objects": len(objects), "types": dict(types.most_common(200))}
        del objects
        summary["traced"] = tracemalloc.get_traced_memory()[0]
        if FRAMES:
            snapshot = tracemalloc.take_snapshot().filter_traces(NOISE)
            snapshot.dump(str(directory / f"{label}.snapshot.tmp"))
            os.replace(directory / f"{label}.snapshot.tmp", directory / f"{label}.snapshot")
        # What the allocator keeps that nobody uses: RSS before and after handing free memory
        # back to the system (glibc). A large drop is free memory held, not a leak.
        summary["rss_before_trim"] = _rss_kib()
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        summary["rss_after_trim"] = _rss_kib()
        (directory / f"{label}.json.tmp").write_text(json.dumps(summary))
        os.replace(directory / f"{label}.json.tmp", directory / f"{label}.json")

    signal.signal(signal.SIGUSR1, snapshot)
    from teamgraph.cli import main

    return main(argv)


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def request_snapshot(pid: int, directory: Path, label: int, timeout: float = 300.0) -> None:
    """Ask the traced server for a snapshot and wait until it is written."""
    (directory / "request").write_text(str(label))
    os.kill(pid, signal.SIGUSR1)
    deadline = time.monotonic() + timeout
    while not (directory / f"{label}.json").exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no snapshot {label} from the server within {timeout:.0f} s")
        time.sleep(0.2)


def _where(trace: tracemalloc.Traceback) -> str:
    """The innermost frames, the allocation first, as file:line (paths shortened)."""
    frames = []
    for frame in list(trace)[-6:][::-1]:
        name = frame.filename
        for marker in ("site-packages/", "/teamgraph/", "/solver/"):
            if marker in name:
                name = name.split(marker, 1)[1]
                break
        frames.append(f"{name}:{frame.lineno}")
    return " <- ".join(frames)


def live_objects(directory: Path, label: int) -> str:
    found = json.loads((directory / f"{label}.json").read_text())
    return (
        f"live objects {found['objects']:,}, traced {found['traced'] / 2**20:.1f} MiB; "
        f"RSS {found['rss_before_trim'] / 1024:.1f} MiB, {found['rss_after_trim'] / 1024:.1f} "
        "after malloc_trim"
    )


def compare_snapshots(directory: Path, first: int, last: int, top: int = 12) -> None:
    sa = json.loads((directory / f"{first}.json").read_text())
    sb = json.loads((directory / f"{last}.json").read_text())
    print()
    print(
        f"end of minute {first} -> end of minute {last}: live objects "
        f"{sa['objects']:,} -> {sb['objects']:,}; traced (allocated since minute {first} and "
        f"still alive) {sa['traced'] / 2**20:.1f} -> {sb['traced'] / 2**20:.1f} MiB"
    )
    grown = Counter(sb["types"])
    grown.subtract(Counter(sa["types"]))
    print("live objects that grew most, by type:")
    print("  " + ", ".join(f"{name} {n:+,}" for name, n in grown.most_common(12) if n > 0))
    if not (directory / f"{last}.snapshot").exists():
        return
    a = tracemalloc.Snapshot.load(str(directory / f"{first}.snapshot"))
    b = tracemalloc.Snapshot.load(str(directory / f"{last}.snapshot"))
    print(f"grew most, by allocation site (top {top}):")
    for stat in b.compare_to(a, "traceback")[:top]:
        if stat.size_diff <= 0:
            break
        print(
            f"  {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+8,} blocks  "
            f"{_where(stat.traceback)}"
        )


if __name__ == "__main__":
    sys.exit(serve_traced(sys.argv[1:]))
