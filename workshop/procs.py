"""Server processes a workshop home starts: their PID records, command-line markers, readiness and stopping."""
from __future__ import annotations

import json
import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import jvm
from .config import Settings
from .messages import say
from .errors import StackError, WaitTimeout
from .probes import port_in_use
from .waiting import wait_until

__all__ = ["Running", "StackError", "alive", "kill", "launch", "marker", "port_in_use", "require_free_port",
           "running", "state_file", "terminate", "wait_ready"]


@dataclass(frozen=True)
class Running:
    """A server process this workshop home started."""

    name: str
    pid: int
    port: int
    version: str


def state_file(s: Settings, name: str) -> Path:
    """Where the PID, port and version of server `name` are recorded."""
    return s.home / name / "server.json"


def marker(s: Settings, name: str) -> str:
    """A JVM flag naming the server and its home, so a recorded PID is only trusted if it still carries it."""
    return f"-Dworkshop.server={name}@{s.home}"


def _cmdline(pid: int) -> str:
    """The command line of a process, or '' if there is none."""
    proc = Path(f"/proc/{pid}/cmdline")
    if proc.exists():
        try:
            return proc.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            return ""
    out = subprocess.run(["ps", "-p", str(pid), "-o", "command="], capture_output=True, text=True, timeout=10)
    return out.stdout.strip()


def alive(pid: int) -> bool:
    """Whether process `pid` exists and any of its threads is not a zombie yet."""
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.exists():
        return True
    # A killed JVM's main thread turns zombie first, while the others still hold its sockets and files.
    for stat in tasks.glob("*/stat"):
        try:
            if stat.read_text().rsplit(") ", 1)[1][0] != "Z":
                return True
        except (OSError, IndexError):
            continue
    return False


def running(name: str, s: Settings) -> Running | None:
    """The live process of server `name` started from this workshop home, if any."""
    path = state_file(s, name)
    if not path.exists():
        return None
    try:
        state = json.loads(path.read_text())
        pid = int(state["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not alive(pid) or marker(s, name) not in _cmdline(pid):
        return None
    return Running(name, pid, int(state["port"]), str(state["version"]))


def require_free_port(port: int, what: str, variable: str, alternative: str = "") -> None:
    """Raise StackError naming the port, the variable that moves it and, if any, how to use the other program instead."""
    if port_in_use("127.0.0.1", port):
        raise StackError(say("err.port_taken", port=port, what=what, variable=variable, alternative=alternative))


def launch(s: Settings, name: str, args: list[str], log: Path, port: int, version: str,
           env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start a server's JVM (args begin with its marker) and record its PID, port and version."""
    proc = jvm.spawn(args, log, s.home, env)
    path = state_file(s, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pid": proc.pid, "port": port, "version": version}))
    return proc


def wait_ready(name: str, check: Callable[[], bool], proc: subprocess.Popen | None, log: Path, timeout: float) -> None:
    """Return once `check` passes; if the process exits or time runs out, stop it and raise with its log's tail."""
    exited = lambda: proc is not None and proc.poll() is not None  # noqa: E731
    try:
        wait_until(lambda: check() or exited(), f"{name} to answer", timeout)
    except WaitTimeout:
        pass
    else:
        if not exited():
            return
    tail = log.read_text(errors="replace").splitlines()[-15:] if log.exists() else []
    state = "exited" if exited() else f"did not answer within {timeout:.0f} s"
    if proc is not None and proc.poll() is None:
        terminate(proc.pid)
    raise StackError(f"{name} {state}. Last lines of {log}:\n" + "\n".join(tail))


def _signal_and_wait(pid: int, sig: signal.Signals, timeout: float) -> bool:
    """Send `sig` to `pid` and wait until it has ended; return whether it did within `timeout` seconds."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return True
    try:
        wait_until(lambda: not alive(pid), f"process {pid} to end after {sig.name}", timeout, interval=0.05)
    except WaitTimeout:
        return False
    return True


def terminate(pid: int, grace: float = 20.0) -> None:
    """Stop a process with SIGTERM, and SIGKILL it if it has not ended after `grace` seconds."""
    if not _signal_and_wait(pid, signal.SIGTERM, grace):
        kill(pid)


def kill(pid: int, timeout: float = 30.0) -> None:
    """Kill a process hard (SIGKILL), as a crash would, and wait until it is gone (StackError after `timeout` s)."""
    if not _signal_and_wait(pid, signal.SIGKILL, timeout):
        raise StackError(f"process {pid} did not end within {timeout:g} s of SIGKILL; it may be stuck in the kernel "
                         f"(see `ps -o stat -p {pid}`)")
