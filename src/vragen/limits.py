"""Bounds on what one source may cost: time, memory, and the life of the worker that reads it.

A hostile or broken file (a PDF that inflates to gigabytes, a page of 20,000 lines, prose that makes
a parser crawl) must fail that file, never the build. Each source is read in a worker process:

- the worker's address space is capped (`RLIMIT_AS`): an allocation past it raises MemoryError in
  the worker, which fails that source with `build.too-large`;
- each source has a deadline (`SIGALRM` in the worker): past it, that source fails with
  `build.too-slow`;
- a worker that dies anyway (a crash in a C library) takes down only the sources it held: they are
  tried again one by one, each in a fresh worker, and the one that kills its worker again fails
  with `build.worker-died`;
- workers die with the build (`PR_SET_PDEATHSIG` on Linux): a killed build leaves no orphan
  writing into the next build's staging folder.

Defaults: 120 s and 4 GiB per source; `VRAGEN_SECONDS_PER_SOURCE` and `VRAGEN_MEMORY_MB` change them.
"""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager

MEMORY_BYTES = int(os.environ.get("VRAGEN_MEMORY_MB", "4096")) * 1024 * 1024


def seconds() -> int:
    """The deadline per source, read when a build starts."""
    return int(os.environ.get("VRAGEN_SECONDS_PER_SOURCE", "120"))


class TooSlow(Exception):
    """The source's deadline passed."""


def init_worker(memory_bytes: int = MEMORY_BYTES) -> None:
    """Run in each worker process as it starts."""
    try:  # die with the parent (Linux); elsewhere the pool's own shutdown is all there is
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


@contextmanager
def deadline(seconds: int):
    """Raise TooSlow inside the block once `seconds` have passed (main thread of a process only)."""
    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise TooSlow(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
