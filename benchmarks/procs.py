"""Processes of the stack and their resident memory, sampled from /proc (Linux)."""
from __future__ import annotations

import os
import threading
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


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used so far; None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
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
    """Samples VmRSS and CPU time of named processes every `interval` s; keeps peaks and CPU seconds used."""

    def __init__(self, pids: Callable[[], dict[str, int | None]], interval: float = 0.5) -> None:
        self.pids = pids
        self.interval = interval
        self.peak_kib: dict[str, int] = {}
        self.hwm_kib: dict[str, int] = {}
        self.total_peak_kib = 0
        self.samples = 0
        self._cpu: dict[tuple[str, int], tuple[float, float]] = {}
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
            used = cpu_seconds(pid)
            if used is not None:
                first, _ = self._cpu.get((name, pid), (used, used))
                self._cpu[(name, pid)] = (first, used)
            self.peak_kib[name] = max(self.peak_kib.get(name, 0), rss)
            if hwm is not None:
                self.hwm_kib[name] = max(self.hwm_kib.get(name, 0), hwm)
        self.total_peak_kib = max(self.total_peak_kib, total)
        self.samples += 1

    def cpu_used(self) -> dict[str, float]:
        """CPU seconds each named process used while sampled (summed over its successive PIDs)."""
        out: dict[str, float] = {}
        for (name, _), (first, last) in self._cpu.items():
            out[name] = round(out.get(name, 0.0) + last - first, 2)
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def stop(self) -> None:
        """Stop sampling (after one last sample)."""
        self._stop.set()
        self._thread.join(5)
        self.sample()
