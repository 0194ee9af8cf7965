"""Hands the memory the server has freed back to the system, every `TRIM_EVERY_SECONDS`.

glibc's malloc keeps what a process frees for reuse: in the heap of each thread's arena, and
above a threshold that rises with every large block freed. A server whose requests build large
transient structures on many worker threads (a plan compiled for the solver, an account's graph,
a page of JSON) therefore grows its resident memory request after request although nothing is
kept alive: bench/soak.py measured 217 -> 599 MiB over 10 minutes with Python's live objects
flat, and `malloc_trim(0)` giving most of it back. So the app trims on a timer, on a worker
thread (the call releases the GIL; it locks each arena in turn for a moment).

Elsewhere (musl, macOS, Windows) there is no `malloc_trim` and nothing is done.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
from collections.abc import AsyncIterator, Callable
from functools import cache

TRIM_EVERY_SECONDS = 10.0

log = logging.getLogger(__name__)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def release_free_memory() -> bool:
    """Give the allocator's free pages back to the system; False where that is not possible."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


async def _trim_forever(every: float) -> None:
    while True:
        await asyncio.sleep(every)
        await asyncio.to_thread(release_free_memory)


@contextlib.asynccontextmanager
async def trimming(every: float | None = None) -> AsyncIterator[None]:
    """While the block runs (the app's lifespan), trim every `every` seconds (default
    `TRIM_EVERY_SECONDS`)."""
    if _malloc_trim() is None:
        log.debug("no malloc_trim here: freed memory stays with the allocator")
        yield
        return
    task = asyncio.create_task(_trim_forever(TRIM_EVERY_SECONDS if every is None else every))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
