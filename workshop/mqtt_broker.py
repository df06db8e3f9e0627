"""The embedded MQTT broker (HiveMQ Community Edition on the JVM), described once, with the calls notebook 07 makes."""
from __future__ import annotations

import os
from typing import Any

from . import jars, jvm, probes, procs, servers
from .config import Settings, settings
from .servers import Launch, Port, Server

HIVEMQ_VERSION = "2025.5"
"""HiveMQ Community Edition, the embedded MQTT broker (com.hivemq:hivemq-community-edition-embedded)."""


def _prepare(s: Settings) -> Launch:
    cp = jars.classpath("mqtt")
    classes = jvm.compile_launcher("MqttLauncher", cp)
    s.mqtt_dir.mkdir(parents=True, exist_ok=True)
    args = ["-cp", os.pathsep.join([str(classes), cp]), "MqttLauncher", s.bind_host, str(s.mqtt_port), str(s.mqtt_dir)]
    return Launch(args, f"HiveMQ CE {HIVEMQ_VERSION}")


def describe(s: Settings) -> Server:
    """The MQTT broker of notebook 07."""
    return Server(
        name="mqtt", title="MQTT broker", group="mqtt", ports=(Port(s.mqtt_port, "WORKSHOP_MQTT_PORT"),),
        host=s.bind_host, address=s.mqtt_address, answers=lambda: probes.mqtt_answers(s.mqtt_address, timeout=1.0),
        prepare=lambda: _prepare(s), log=s.mqtt_dir / "mqtt.out", out=s.mqtt_dir / "mqtt.out", data=s.mqtt_dir / "data",
        heap=s.mqtt_heap, external="MQTT_BROKER" if s.mqtt_external else "",
        alternative=" (or point the workshop at that broker with MQTT_BROKER=host:port)",
    )


def running(s: Settings | None = None) -> procs.Running | None:
    """The embedded MQTT broker started from this workshop home, if it runs."""
    return procs.running("mqtt", s or settings())


def start_broker(s: Settings | None = None) -> str:
    """Start the embedded MQTT broker on 127.0.0.1 and wait until it answers; return what runs where."""
    s = s or settings()
    return servers.start([describe(s)], s)[0]


def stop_broker(s: Settings | None = None) -> str:
    """Stop the embedded MQTT broker (it keeps sessions in memory: they end with it)."""
    s = s or settings()
    return servers.stop([describe(s)], s)[0]


def ensure_broker() -> bool:
    """Start the MQTT broker unless one runs or MQTT_BROKER names one; return whether this call started it (notebook 07)."""
    s = settings()
    started = not s.mqtt_external and running(s) is None
    start_broker(s)  # checks that an external broker answers
    return started


def status(s: Settings | None = None) -> dict[str, Any]:
    """State, address, PID and data folder of the MQTT broker, as `python -m workshop status` shows it."""
    s = s or settings()
    return servers.status(describe(s), s)
