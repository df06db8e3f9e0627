"""MQTT into Kafka: sensors that publish over MQTT, and the bridge into sensor-stream (the broker: mqtt_broker).

The bridge's guarantee (measured by tests/test_mqtt.py and notebook 07):
- it holds a persistent MQTT session (fixed client id, clean_session=False), so the broker
  queues every QoS 1 reading published while the bridge is away;
- it acknowledges a reading to MQTT (PUBACK) only after Kafka acknowledged it (acks=all), so a
  reading the bridge never got into Kafka is redelivered when it reconnects: nothing is lost;
- a reading that was in Kafka but not yet acknowledged to MQTT when the bridge died is redelivered
  and sent again: Kafka gets it at least once, and MongoDB stores it exactly once, because every
  reading carries a `reading_id` and workshop.store keys the document on it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from .config import settings
from .messages import say
from .errors import StackError
from .mqtt_broker import HIVEMQ_VERSION, ensure_broker, running, start_broker, status, stop_broker
from .probes import host_port as _host_port
from .probes import mqtt_answers
from .readings import Simulator, encode
from .waiting import wait_until

if TYPE_CHECKING:
    from paho.mqtt.client import Client

__all__ = ["HIVEMQ_VERSION", "Bridge", "BridgeStats", "PublishReport", "broker_answers", "bridge_process", "client",
           "ensure_broker", "forget_session", "publish", "run_bridge", "running", "sensor_of", "start_broker",
           "status", "stop_broker", "topic_for"]

TOPIC_FILTER = "sensors/+/temperature"
"""What the bridge subscribes to: one MQTT topic per sensor."""
BRIDGE_CLIENT_ID = "workshop-mqtt-bridge"
QOS = 1


def topic_for(sensor_id: str) -> str:
    """The MQTT topic a sensor publishes on: sensors/<sensor_id>/temperature (notebook 07)."""
    return f"sensors/{sensor_id}/temperature"


def sensor_of(topic: str) -> str:
    """The sensor id inside an MQTT topic sensors/<sensor_id>/temperature."""
    parts = topic.split("/")
    if len(parts) != 3 or parts[0] != "sensors" or not parts[1]:
        raise ValueError(f"not a sensor topic: {topic!r} (expected sensors/<sensor_id>/temperature)")
    return parts[1]


def client(client_id: str = "", clean_session: bool = True, manual_ack: bool = False) -> Client:
    """A paho-mqtt 2.x client speaking MQTT 3.1.1 (not yet connected)."""
    from paho.mqtt import client as paho

    return paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=clean_session,
                       protocol=paho.MQTTv311, manual_ack=manual_ack)


def broker_answers(address: str | None = None, timeout: float = 2.0) -> bool:
    """Whether an MQTT broker accepts a connection at host:port (default: MQTT_BROKER or the embedded one)."""
    return mqtt_answers(address or settings().mqtt_address, timeout)


def forget_session(client_id: str = BRIDGE_CLIENT_ID) -> None:
    """End a persistent session and drop what the broker queued for it (connect once with clean_session=True)."""
    host, port = _host_port(settings().mqtt_address)
    cleaner = client(client_id, clean_session=True)
    connected = threading.Event()
    cleaner.on_connect = lambda c, u, f, reason, p: connected.set()
    cleaner.connect(host, port, keepalive=10)
    cleaner.loop_start()
    try:
        if not connected.wait(10):
            raise StackError(f"the MQTT broker at {settings().mqtt_address} did not answer within 10 s")
    finally:
        cleaner.disconnect()
        cleaner.loop_stop()


# --- sensors publishing over MQTT -----------------------------------------------------------------------------


@dataclass
class PublishReport:
    """What a publish run did: readings acknowledged by the broker (PUBACK), per sensor, and their ids."""

    sent: int = 0
    per_sensor: dict[str, int] = field(default_factory=dict)
    reading_ids: list[str] = field(default_factory=list)


def publish(count: int, run: str | None = None, seed: int = 42, sensors: int = 4, rate: float | None = None,
            start_index: int = 0, qos: int = QOS, topic_of: Callable[[str], str] = topic_for) -> PublishReport:
    """Publish `count` seeded readings, each on its sensor's topic (`topic_of(sensor_id)`) with a unique reading_id;
    wait for the broker's PUBACKs (notebook 07)."""
    s = settings()
    run = run or uuid.uuid4().hex[:8]
    host, port = _host_port(s.mqtt_address)
    sim = Simulator(sensors=sensors, seed=seed)
    pub = client(f"workshop-sensors-{run}-{start_index}")
    pub.max_inflight_messages_set(100)
    pub.connect(host, port, keepalive=30)
    pub.loop_start()
    report = PublishReport()
    pending = []
    started = time.monotonic()
    try:
        for i, reading in enumerate(sim.readings(start_index + count)):
            if i < start_index:
                continue
            reading["reading_id"] = f"{run}-{i}"
            pending.append(pub.publish(topic_of(reading["sensor_id"]), encode(reading), qos=qos))
            report.reading_ids.append(reading["reading_id"])
            report.per_sensor[reading["sensor_id"]] = report.per_sensor.get(reading["sensor_id"], 0) + 1
            if rate:
                delay = started + (i - start_index + 1) / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        for info in pending:
            info.wait_for_publish(timeout=30)
            if not info.is_published():
                raise RuntimeError(say("err.mqtt_ack", address=s.mqtt_address))
        report.sent = len(pending)
    finally:
        pub.disconnect()
        pub.loop_stop()
    return report


# --- the bridge: MQTT → Kafka -------------------------------------------------------------------------------


@dataclass
class BridgeStats:
    """What a bridge did: readings received, forwarded to Kafka, acknowledged to MQTT, redeliveries, errors."""

    received: int = 0
    forwarded: int = 0
    acked: int = 0
    redelivered: int = 0
    errors: list[str] = field(default_factory=list)


class Bridge:
    """Subscribes to sensors/+/temperature and produces each reading to Kafka keyed by sensor_id (notebook 07).

    The PUBACK to the broker is sent only after Kafka acknowledged the record (see the module's docstring).
    """

    def __init__(self, topic: str | None = None, client_id: str = BRIDGE_CLIENT_ID) -> None:
        from .sensors import producer

        self.topic = topic or settings().topic
        self.client_id = client_id
        self.stats = BridgeStats()
        self._lock = threading.Lock()
        self._subscribed = threading.Event()
        self._accepting = True
        self._producer = producer(client_id="workshop-mqtt-bridge", linger_ms=5)
        self._mqtt = client(client_id, clean_session=False, manual_ack=True)
        self._mqtt.on_connect = self._on_connect
        self._mqtt.on_subscribe = lambda *args: self._subscribed.set()
        self._mqtt.on_message = self._on_message

    def start(self, timeout: float = 15.0) -> "Bridge":
        """Connect with the persistent session, subscribe, and forward in the background."""
        host, port = _host_port(settings().mqtt_address)
        self._mqtt.connect(host, port, keepalive=30)
        self._mqtt.loop_start()
        if not self._subscribed.wait(timeout):
            self._mqtt.loop_stop()
            raise StackError(f"the MQTT bridge could not subscribe at {settings().mqtt_address} within {timeout:.0f} s")
        return self

    def _on_connect(self, mqtt: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if not reason.is_failure:
            mqtt.subscribe(TOPIC_FILTER, qos=QOS)

    def _count(self, name: str) -> None:
        with self._lock:
            setattr(self.stats, name, getattr(self.stats, name) + 1)

    def _on_message(self, mqtt: Any, userdata: Any, message: Any) -> None:
        if not self._accepting:
            return  # not acknowledged: the broker redelivers it to the next session
        self._count("received")
        if message.dup:
            self._count("redelivered")
        try:
            key = sensor_of(message.topic).encode()
        except ValueError as exc:
            self.stats.errors.append(str(exc))
            mqtt.ack(message.mid, message.qos)
            return
        future = self._producer.send(self.topic, key=key, value=message.payload)
        future.add_callback(self._forwarded, message.mid, message.qos)
        future.add_errback(lambda exc: self.stats.errors.append(f"Kafka did not take a reading: {exc}"))

    def _forwarded(self, mid: int, qos: int, _meta: Any) -> None:
        self._count("forwarded")
        self._mqtt.ack(mid, qos)
        self._count("acked")

    def stop(self, timeout: float = 30.0) -> BridgeStats:
        """Stop cleanly: take no new readings, let Kafka acknowledge what was sent, PUBACK those, disconnect."""
        self._accepting = False
        self._producer.flush(timeout=timeout)
        wait_until(lambda: self.stats.acked >= self.stats.forwarded and not self._mqtt.want_write(),
                   "the bridge's last PUBACKs to be written to the MQTT broker", timeout, interval=0.02)
        self._mqtt.disconnect()
        self._mqtt.loop_stop()
        self._producer.close(timeout=timeout)
        return self.stats

    def crash(self) -> BridgeStats:
        """Die as a killed process would: drop the connection without DISCONNECT and without the pending PUBACKs."""
        self._accepting = False
        self._mqtt.on_message = None
        self._mqtt.loop_stop()
        sock = self._mqtt.socket()
        if sock is not None:
            sock.close()
        self._producer.close(timeout=5)
        return self.stats


def run_bridge(seconds: float | None = None, topic: str | None = None, client_id: str = BRIDGE_CLIENT_ID) -> BridgeStats:
    """Run a bridge in the foreground until Ctrl-C or `seconds` (python -m workshop bridge)."""
    bridge = Bridge(topic=topic, client_id=client_id).start()
    print(f"bridge: {settings().mqtt_address} {TOPIC_FILTER} → Kafka {settings().bootstrap_servers} "
          f"topic {bridge.topic} (client id {client_id}); Ctrl-C stops", flush=True)
    deadline = None if seconds is None else time.monotonic() + seconds
    try:
        while deadline is None or time.monotonic() < deadline:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    return bridge.stop()


def bridge_process(topic: str, client_id: str = BRIDGE_CLIENT_ID) -> subprocess.Popen:
    """Run the bridge as a separate process (`python -m workshop bridge`), e.g. to kill it hard in a test."""
    env = {**os.environ, "WORKSHOP_TOPIC": topic}
    return subprocess.Popen([sys.executable, "-m", "workshop", "bridge", "--client-id", client_id], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
