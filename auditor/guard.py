"""Time and memory bounds on a whole audit.

The time limit is a POSIX interval timer whose handler raises ``LimitExceeded`` in the main
thread (git and other children started through ``subprocess.run`` are killed as the exception
unwinds). The memory limit caps the process's address space, so an allocation beyond it raises
``MemoryError``; it applies to the whole process and is therefore set only by the console
entry point and by batch workers, never inside a library caller such as a test runner.
"""

from __future__ import annotations

import errno
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from auditor.errors import InputError

log = logging.getLogger(__name__)


class LimitExceeded(InputError):
    """The input needed more time or memory than the configured limits allow."""


@contextmanager
def time_limit(seconds: float, what: str = "the audit") -> Iterator[None]:
    usable = seconds > 0 and threading.current_thread() is threading.main_thread()
    if not usable or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise LimitExceeded(f"{what} took longer than {seconds:g}s and was stopped (--timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def limit_memory(max_bytes: int) -> None:
    """Cap this process's address space (no-op where the platform has no such limit)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError) as exc:
        log.warning("cannot limit memory to %d bytes: %s", max_bytes, exc)


def out_of_memory(exc: BaseException) -> bool:
    """Allocation failures as Python reports them under an address-space cap."""
    return isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno == errno.ENOMEM)
