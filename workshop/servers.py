"""Servers described once (name, command, ports, readiness probe, log, data folder, heap), and the verbs over them.

The list of every server is in `registry`; this module imports none of the server modules.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import jvm, procs
from .config import Settings
from .errors import StackError
from .messages import say

GROUPS = {
    "core": "",
    "mqtt": "optional, `up --mqtt` starts it",
    "spark-cluster": "optional, `up --spark-cluster` starts it",
    "brokers": "optional, `up --brokers 3` starts it",
}
"""Which `up` starts a server: the default pair, or an option of `up`; `down` stops them all."""


@dataclass(frozen=True)
class Port:
    """A port a server listens on, and the environment variable that moves it."""

    number: int
    variable: str


@dataclass(frozen=True)
class Launch:
    """What starting a server runs: JVM arguments after the heap flags, the version to record, extra environment."""

    args: list[str]
    version: str
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Server:
    """One server the workshop can run, described once; every verb (up, down, status, doctor) reads this."""

    name: str
    """Record and marker name: kafka, mongo, mqtt, spark-master, spark-worker, kafka-1, ..."""
    title: str
    """What a learner calls it (doctor's check name)."""
    group: str
    """A key of GROUPS."""
    ports: tuple[Port, ...]
    host: str
    address: str
    """Where clients reach it (a bootstrap string, URI or URL)."""
    answers: Callable[[], bool]
    """The readiness probe: does it answer a client's request?"""
    prepare: Callable[[], Launch]
    """Write its config (and format storage) on first use; return its command."""
    log: Path
    """Its own log: the tail is shown when it does not come up."""
    out: Path
    """Where its stdout and stderr go."""
    data: Path
    heap: str
    jvm_options: tuple[str, ...] = ("-XX:+UseSerialGC",)
    fixed_heap: bool = False
    external: str = ""
    """The environment variable naming an external server used instead (empty: run it locally)."""
    alternative: str = ""
    """Appended to the port-taken message: how to use that other program instead."""


def running(server: Server, s: Settings) -> procs.Running | None:
    """The live process of a server started from this workshop home, if any."""
    return procs.running(server.name, s)


def _command(server: Server, s: Settings, launch: Launch) -> list[str]:
    return [procs.marker(s, server.name), *jvm.heap_flags(server.heap, server.fixed_heap), *server.jvm_options,
            "-Djava.awt.headless=true", *launch.args]


def start(servers: list[Server], s: Settings) -> list[str]:
    """Start the servers that do not run yet, then wait until each answers; one line per server."""
    lines: list[str] = []
    wanted: list[Server] = []
    for server in servers:
        if server.external:
            if not server.answers():
                raise StackError(say("err.external_down", name=server.name, address=server.address,
                                     variable=server.external))
            lines.append(f"{server.name}: external at {server.address}")
        elif current := running(server, s):
            lines.append(f"{server.name}: already running (pid {current.pid}) on {server.host}:{current.port}")
        else:
            wanted.append(server)
    for server in wanted:
        for port in server.ports:
            procs.require_free_port(port.number, server.title, port.variable, server.alternative)
    s.home.mkdir(parents=True, exist_ok=True)
    launched: list[tuple[Server, subprocess.Popen]] = []
    try:
        for server in wanted:
            launch = server.prepare()
            proc = procs.launch(s, server.name, _command(server, s, launch), server.out, server.ports[0].number,
                                launch.version, launch.env)
            launched.append((server, proc))
        for server, proc in launched:
            procs.wait_ready(server.name, server.answers, proc, server.log, s.start_timeout)
            lines.append(f"{server.name}: started (pid {proc.pid}) on {server.host}:{server.ports[0].number}")
    except BaseException:
        for server, proc in launched:  # nothing half-started stays behind
            if proc.poll() is None:
                procs.terminate(proc.pid)
            procs.state_file(s, server.name).unlink(missing_ok=True)
        raise
    return lines


def stop(servers: list[Server], s: Settings, quiet_if_stopped: bool = False) -> list[str]:
    """Stop the servers, last started first, by recorded PID (data stays); one line each, none for a stopped one if quiet."""
    lines = []
    for server in reversed(servers):
        current = running(server, s)
        procs.state_file(s, server.name).unlink(missing_ok=True)
        if current:
            procs.terminate(current.pid)
            lines.append(f"{server.name}: stopped (pid {current.pid})")
        elif not quiet_if_stopped:
            lines.append(f"{server.name}: not running")
    return lines


def status(server: Server, s: Settings) -> dict[str, Any]:
    """State, address, PID, version and data folder of one server (or whether an external one answers)."""
    if server.external:
        return {"state": "external, answering" if server.answers() else "external, NOT answering",
                "address": server.address}
    current = running(server, s)
    return {"state": "running" if current else "stopped", "address": server.address,
            "pid": current.pid if current else None, "version": current.version if current else None,
            "data": str(server.data)}


def status_line(server: Server, s: Settings) -> str:
    """One line of `python -m workshop status`."""
    info = status(server, s)
    details = ", ".join(f"{k} {v}" for k, v in info.items() if k != "state" and v is not None)
    hint = GROUPS[server.group]
    return f"{server.name}: {info['state']} ({details}{'; ' + hint if hint else ''})"
