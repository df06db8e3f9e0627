"""The default local stack (Kafka and MongoDB): up, down, status, or attach to external servers named by the environment."""
from __future__ import annotations

import sys
from typing import Any

from . import jvm, procs, registry, servers
from .config import Settings, settings
from .errors import StackError
from .probes import kafka_answers, mongo_answers
from .procs import Running

__all__ = ["SERVERS", "StackError", "down", "ensure_up", "kafka_answers", "kill", "mongo_answers", "running",
           "status", "stop", "up"]

SERVERS = ("kafka", "mongo")
"""The default servers `up` starts."""


def running(name: str, s: Settings | None = None) -> Running | None:
    """The live process of server `name` started from this workshop home, if any."""
    return procs.running(name, s or settings())


def up(s: Settings | None = None) -> list[str]:
    """Start whatever default servers are not running yet and wait until they answer; return what runs where."""
    s = s or settings()
    jvm.require_java()
    return servers.start(registry.group(s, "core"), s)


def down(s: Settings | None = None) -> list[str]:
    """Stop every server this workshop home started (by recorded PID) and end the lease of producers and queries; data stays."""
    from . import lease

    s = s or settings()
    lease.bump(s)
    lines = []
    for server in reversed(registry.catalog(s)):
        lines += servers.stop([server], s, quiet_if_stopped=server.group != "core")
    return lines


def kill(name: str, s: Settings | None = None) -> int:
    """Kill a server hard (SIGKILL), as a crash would; return its former PID."""
    s = s or settings()
    current = running(name, s)
    if not current:
        raise StackError(f"{name} is not running")
    procs.kill(current.pid)
    return current.pid


def stop(name: str, s: Settings | None = None) -> int:
    """Stop one server cleanly (SIGTERM, as `down` does), leaving the others running; return its former PID."""
    s = s or settings()
    current = running(name, s)
    if not current:
        raise StackError(f"{name} is not running")
    procs.terminate(current.pid)
    return current.pid


def status(s: Settings | None = None) -> dict[str, dict[str, Any]]:
    """Which default servers run, with version, address, PID and data folder."""
    s = s or settings()
    return {server.name: servers.status(server, s) for server in registry.group(s, "core")}


def ensure_up() -> Settings:
    """Start the default servers if they are not running (used by notebook 00 and the tests); return the settings."""
    s = settings()
    if any(not server.external and not servers.running(server, s) for server in registry.group(s, "core")):
        for line in up(s):
            print(line, file=sys.stderr)
    return s
