"""Processes of the stack and their resident memory, sampled from /proc (Linux)."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable

MIB = 1024 * 1024


def status_kib(pid: int, field: str) -> int | None:
    """A `kB` field of /proc/<pid>/status (VmRSS, VmHWM), in KiB; None if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def children(pid: int) -> list[int]:
    """Direct children of a process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def java_child(pid: int) -> int | None:
    """The first child of `pid` that runs java (the Spark driver JVM of a pyspark process)."""
    for child in children(pid):
        try:
            comm = Path(f"/proc/{child}/comm").read_text().strip()
        except OSError:
            continue
        if comm == "java":
            return child
    return None


def machine() -> dict[str, object]:
    """What the numbers ran on: cores, memory, CPU model, kernel, load at the start."""
    cpu = ""
    try:
        cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                    if l.startswith("model name")), "")
    except OSError:
        pass
    mem = _meminfo_total()
    uname = os.uname()
    return {"cores": os.cpu_count(), "memory_gib": round(mem / MIB, 1) if mem else None, "cpu": cpu,
            "kernel": f"{uname.sysname} {uname.release}", "load_1_5_15": [round(x, 2) for x in os.getloadavg()]}


def _meminfo_total() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0


class MemorySampler:
    """Samples VmRSS of named processes every `interval` s on a thread; keeps each one's peak and the sum's peak."""

    def __init__(self, pids: Callable[[], dict[str, int | None]], interval: float = 0.5) -> None:
        self.pids = pids
        self.interval = interval
        self.peak_kib: dict[str, int] = {}
        self.hwm_kib: dict[str, int] = {}
        self.total_peak_kib = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-sampler", daemon=True)

    def start(self) -> "MemorySampler":
        """Start sampling."""
        self._thread.start()
        return self

    def sample(self) -> None:
        """Take one sample now."""
        total = 0
        for name, pid in self.pids().items():
            if pid is None:
                continue
            rss = status_kib(pid, "VmRSS")
            hwm = status_kib(pid, "VmHWM")
            if rss is None:
                continue
            total += rss
            self.peak_kib[name] = max(self.peak_kib.get(name, 0), rss)
            if hwm is not None:
                self.hwm_kib[name] = max(self.hwm_kib.get(name, 0), hwm)
        self.total_peak_kib = max(self.total_peak_kib, total)
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def stop(self) -> None:
        """Stop sampling (after one last sample)."""
        self._stop.set()
        self._thread.join(5)
        self.sample()
