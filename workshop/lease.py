"""A lease on everything a notebook leaves running: `down` and `reset` bump a generation number, watchers stop their charge."""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable

from .config import Settings, settings

POLL_SECONDS = 1.0
"""How often a watcher looks at the generation number."""


def path(s: Settings | None = None) -> Path:
    """The file holding the lease's generation number, in the workshop home."""
    return (s or settings()).home / "lease"


def generation(s: Settings | None = None) -> int:
    """The current generation number (0 before the first `down` or `reset`)."""
    return _read(path(s))


def bump(s: Settings | None = None) -> int:
    """End the current lease: every watcher of this home stops what it guards within about a second."""
    target = path(s)
    target.parent.mkdir(parents=True, exist_ok=True)
    new = generation(s) + 1
    scratch = target.with_name(f"lease.{os.getpid()}.tmp")
    scratch.write_text(str(new))
    os.replace(scratch, target)
    return new


def watch(stop: Callable[[], object], alive: Callable[[], bool], label: str,
          s: Settings | None = None, interval: float = POLL_SECONDS) -> threading.Thread:
    """Call `stop()` once the lease is bumped; the watcher ends by itself when `alive()` turns false."""
    lease_file = path(s)
    held = generation(s)

    def run() -> None:
        while True:
            try:
                if not alive():
                    return
            except Exception:  # the guarded thing is gone (e.g. its Spark session stopped)
                return
            if _read(lease_file) != held:
                try:
                    stop()
                finally:
                    return
            threading.Event().wait(interval)

    thread = threading.Thread(target=run, name=f"lease-watch-{label}", daemon=True)
    thread.start()
    return thread


def _read(lease_file: Path) -> int:
    try:
        return int(lease_file.read_text().strip() or 0)
    except (OSError, ValueError):
        return 0
