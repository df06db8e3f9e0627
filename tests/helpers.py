"""Small helpers shared by the live tests."""
from __future__ import annotations

import json
import socket
import time
from typing import Any, Callable

from workshop import store


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], bool], what: str, limit: float = 180.0) -> None:
    """Poll until `condition()` holds; a hang guard, not a speed check."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


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
