"""Small helpers shared by the tests."""
from __future__ import annotations

import fcntl
import json
import random
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO, Any, Callable

from workshop import store
from workshop.exercises import Result
from workshop.messages import TABLES, Phrase


PORT_RANGE = (28400, 32700)
"""Where free_port() looks: below the kernel's ephemeral range (outgoing connections never take these) and clear of
every test server's ports (run.TEST_PORTS shifted by up to 1000)."""
_held: list[IO[str]] = []


def free_port() -> int:
    """A TCP port on 127.0.0.1, free now and reserved for this test process until it exits.

    The reservation is an flock on /tmp/workshop-test-ports/<port>.lock, so another test run (another checkout,
    another port shift) never picks the same port while a server of ours is about to bind it.
    """
    folder = Path(tempfile.gettempdir()) / "workshop-test-ports"
    folder.mkdir(exist_ok=True)
    start = random.randrange(*PORT_RANGE)
    for port in [*range(start, PORT_RANGE[1]), *range(PORT_RANGE[0], start)]:
        lock = (folder / f"{port}.lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                lock.close()
                continue
        _held.append(lock)
        return port
    raise RuntimeError(f"no free port left in {PORT_RANGE}")


def wait_for(condition: Callable[[], bool], what: str, limit: float = 180.0) -> None:
    """Poll until `condition()` holds; a hang guard, not a speed check."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def listening(pids: set[int]) -> list[str]:
    """Local addresses (host:port) on which the given processes accept TCP connections, from `ss`."""
    out = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True).stdout
    return [line.split()[3] for line in out.splitlines() if any(f"pid={pid}," in line for pid in pids)]


def on_loopback(address: str) -> bool:
    """Whether an `ss` local address is 127.0.0.1 (IPv4 or IPv4-mapped IPv6)."""
    return address.startswith("127.0.0.1:") or address.startswith("[::ffff:127.0.0.1]:")


def readings_stored() -> int:
    """How many readings MongoDB holds."""
    return store.collection(store.READINGS).count_documents({})


def quarantined() -> int:
    """How many records the quarantine holds."""
    return store.collection(store.QUARANTINE).count_documents({})


def offsets_of(progress: dict[str, Any], key: str, topic: str) -> dict[int, int]:
    """Per-partition offsets of a topic from a query progress' startOffset or endOffset."""
    value = progress["sources"][0][key]
    value = json.loads(value) if isinstance(value, str) else value
    return {int(p): int(o) for p, o in value[topic].items()}


def said_in_both(result: Result, key: str, /, **values: object) -> bool:
    """The verdict is message `key` filled with `values`, as each edition says it (a Phrase value said in that edition too)."""
    return result.key == key and all(result.why_in(lang) == Phrase(key, values).said(lang) for lang in TABLES)
