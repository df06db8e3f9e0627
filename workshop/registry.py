"""Every server the workshop runs, listed in one place; the verbs (up, down, status, doctor) read the catalog here.

The server modules describe themselves and import `servers` (the description and the verbs over descriptions);
this module is the one place that imports them all, so `servers` never imports a module that imports it.
"""
from __future__ import annotations

from typing import Callable

from . import kafka_broker, kafka_cluster, mongo_server, mqtt_broker, sparkcluster
from .config import Settings
from .servers import GROUPS, Server

DESCRIBERS: tuple[Callable[[Settings], Server | list[Server]], ...] = (
    kafka_broker.describe, mongo_server.describe, mqtt_broker.describe, sparkcluster.describe, kafka_cluster.describe,
)
"""Each server module's `describe`, in start order; a new server is one more entry here."""


def catalog(s: Settings) -> list[Server]:
    """Every server the workshop knows, in start order."""
    found: list[Server] = []
    for describe in DESCRIBERS:
        described = describe(s)
        found += described if isinstance(described, list) else [described]
    return found


def group(s: Settings, name: str) -> list[Server]:
    """The servers of one group, in start order."""
    if name not in GROUPS:
        raise KeyError(f"unknown server group {name!r}; known: {', '.join(GROUPS)}")
    return [server for server in catalog(s) if server.group == name]
