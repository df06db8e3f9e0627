"""A lease on everything a notebook leaves running: `down` and `reset` bump a generation number, watchers stop their charge."""
from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path
from typing import Callable

from .config import Settings, settings
from .errors import WaitTimeout
from .probes import pid_alive
from .waiting import wait_until

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


def _holders(s: Settings | None = None) -> Path:
    """The folder of holder files: one per running watcher, `<pid>-<id>-<label>`, holding its generation."""
    return path(s).with_name("lease.d")


def watch(stop: Callable[[], object], alive: Callable[[], bool], label: str,
          s: Settings | None = None, interval: float = POLL_SECONDS) -> threading.Thread:
    """Call `stop()` once the lease is bumped; the watcher ends by itself when `alive()` turns false."""
    lease_file = path(s)
    held = generation(s)
    holder = _holders(s) / f"{os.getpid()}-{uuid.uuid4().hex[:8]}-{label}"
    holder.parent.mkdir(parents=True, exist_ok=True)
    holder.write_text(str(held))

    def run() -> None:
        try:
            while True:
                try:
                    if not alive():
                        return
                except Exception:  # the guarded thing is gone (e.g. its Spark session stopped)
                    return
                if _read(lease_file) != held:
                    stop()  # an error here is reported by threading's excepthook, not swallowed
                    return
                threading.Event().wait(interval)
        finally:
            holder.unlink(missing_ok=True)

    thread = threading.Thread(target=run, name=f"lease-watch-{label}", daemon=True)
    thread.start()
    return thread


def holding(s: Settings | None = None) -> list[str]:
    """Labels of the watchers (in live processes) still guarding something under an ended lease."""
    current = generation(s)
    folder = _holders(s)
    left = []
    for holder in folder.glob("*-*-*") if folder.exists() else []:
        pid, _, label = holder.name.split("-", 2)
        if _read(holder) < current and pid.isdigit() and pid_alive(int(pid)):
            left.append(label)
    return sorted(left)


def wait_released(s: Settings | None = None, timeout: float = 15.0) -> list[str]:
    """Wait until every watcher of an ended lease has stopped its charge; return the labels of those that did not."""
    try:
        wait_until(lambda: not holding(s), "the producers and queries of the ended lease to stop", timeout)
    except WaitTimeout:
        return holding(s)
    return []


def _read(lease_file: Path) -> int:
    try:
        return int(lease_file.read_text().strip() or 0)
    except (OSError, ValueError):
        return 0
