"""Where a build's time goes, for the benchmark: `KITH_PROFILE=FILE` makes the plugin write it."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any


class Timings:
    """Time spent in each of kith's hooks, and when each stage of the build began."""

    def __init__(self) -> None:
        self.hooks: dict[str, float] = {}
        self.stages: dict[str, float] = {}

    def start(self) -> None:
        self.hooks = {}
        self.stages = {"on_config": time.perf_counter()}

    def stage(self, name: str) -> None:
        self.stages[name] = time.perf_counter()

    def write(self, **counts: Any) -> None:
        target = os.environ.get("KITH_PROFILE")
        if not target:
            return
        start = self.stages.get("on_config", time.perf_counter())
        Path(target).write_text(json.dumps({
            "kith_seconds": round(sum(self.hooks.values()), 4),
            # CPU time of this process so far, without the workers'.
            "process_cpu_seconds": round(time.process_time(), 2),
            "hooks": {name: round(seconds, 4) for name, seconds in self.hooks.items()},
            # Seconds from on_config to the start of each stage of the build.
            "stages": {name: round(moment - start, 3) for name, moment in self.stages.items()},
            **counts}, indent=2))


def timed(hook: Callable[..., Any]) -> Callable[..., Any]:
    """Adds a hook's time to the plugin's `timings`."""

    @wraps(hook)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        begun = time.perf_counter()
        try:
            return hook(self, *args, **kwargs)
        finally:
            hooks = self.timings.hooks
            hooks[hook.__name__] = hooks.get(hook.__name__, 0.0) + time.perf_counter() - begun

    return wrapper
