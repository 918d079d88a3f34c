"""Whether work may go to forked worker processes on the machine's other cores, and how many.

Forked workers start at once with everything the parent has loaded (the vault, the templates), so
kith forks them (`concurrent.futures` with the "fork" start method) where that is safe: reading
many files (`reading.py`) and rendering kith's part of the pages (`site/parallel.py`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from multiprocessing.context import BaseContext


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers can be forked safely: a system with fork, more than one core, and no other
    thread in this process (a thread could hold a lock the workers would then wait on for ever)."""
    return ("fork" in multiprocessing.get_all_start_methods() and usable_cores() > 1
            and threading.active_count() == 1
            and sys.platform != "darwin")  # macOS system libraries are not safe after fork


def fork_context() -> BaseContext:
    return multiprocessing.get_context("fork")
