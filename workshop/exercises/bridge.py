"""Notebook 07's exercise: the learner's bridge step (MQTT message in, Kafka acknowledgement, then PUBACK), run for real."""
from __future__ import annotations

import json
import threading
from typing import Any, Callable

from .. import mqtt, topics
from ..config import settings
from ..errors import WaitTimeout
from ..messages import say
from ..probes import host_port
from ..waiting import wait_until
from . import Result, not_answered, report, unanswered

CLIENT_ID = "workshop-ex-bridge"
"""The exercise's own persistent MQTT session (never the bridge's)."""
TOPIC_FILTER = "factory/+/+"
COUNT = 6


def factory_topic(sensor_id: str) -> str:
    """Where the exercise's devices publish: factory/<hall>/<sensor_id> (two halls, by the sensor's number)."""
    return f"factory/hall-{int(sensor_id.rsplit('_', 1)[-1]) % 2 + 1}/{sensor_id}"


class _Harness:
    """One MQTT session that hands each message to the learner's function and watches the PUBACKs it sends."""

    def __init__(self, forward: Callable[[Any, Any, Any], Any]) -> None:
        from kafka import KafkaProducer

        s = settings()
        self.forward = forward
        # Kafka that holds every record until flush(): an acknowledgement cannot arrive before we allow it.
        self.held = KafkaProducer(bootstrap_servers=s.bootstrap_servers, acks="all", linger_ms=600_000,
                                  delivery_timeout_ms=900_000, batch_size=4 << 20)
        self.fast = KafkaProducer(bootstrap_servers=s.bootstrap_servers, acks="all")
        self.kafka = self.held
        self.lock = threading.Lock()
        self.handled = 0
        self.acked: set[int] = set()
        self.early: list[str] = []
        self.errors: list[str] = []
        self.subscribed = threading.Event()
        self.client = mqtt.client(CLIENT_ID, clean_session=False, manual_ack=True)
        original_ack = self.client.ack

        def counted_ack(mid: int, qos: int) -> Any:
            self.acked.add(mid)
            return original_ack(mid, qos)

        self.client.ack = counted_ack  # type: ignore[method-assign]
        self.client.on_connect = lambda c, u, f, reason, p: c.subscribe(TOPIC_FILTER, qos=1)
        self.client.on_subscribe = lambda *args: self.subscribed.set()
        self.client.on_message = self._on_message

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        with self.lock:  # release() switches producers between two messages, never during one
            kafka = self.kafka
            try:
                self.forward(kafka, client, message)
            except Exception as error:  # the learner's code: report it, do not kill the MQTT loop
                self.errors.append(f"{type(error).__name__}: {error}")
            else:
                if message.mid in self.acked and kafka is self.held:
                    self.early.append(json.loads(message.payload)["reading_id"])
            finally:
                self.handled += 1

    def start(self) -> None:
        """Connect with the persistent session and subscribe."""
        host, port = host_port(settings().mqtt_address)
        self.client.connect(host, port, keepalive=30)
        self.client.loop_start()
        if not self.subscribed.wait(15):
            raise WaitTimeout(say("err.mqtt_ack", address=settings().mqtt_address))

    def release(self) -> None:
        """Let Kafka acknowledge what it holds; from now on records go through at once."""
        switched = self.lock.acquire(timeout=5)  # a step that waits on Kafka itself (future.get()) holds the lock
        self.kafka = self.fast
        if switched:
            self.lock.release()
        self.held.flush(timeout=30)

    def close(self) -> None:
        """Disconnect once the last PUBACKs are written, close the producers, and end the session."""
        try:
            wait_until(lambda: not self.client.want_write(), "the last PUBACKs to be written", 10, interval=0.02)
        except WaitTimeout:
            pass
        self.client.disconnect()
        self.client.loop_stop()
        for producer in (self.held, self.fast):
            producer.close(timeout=10)
        mqtt.forget_session(CLIENT_ID)


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    """Whether `condition` held within `timeout` seconds."""
    try:
        return bool(wait_until(condition, "the bridge step", timeout, interval=0.05))
    except WaitTimeout:
        return False


def check_bridge_forward(forward: Any, topic: str, count: int = COUNT) -> Result:
    """Notebook 07: `forward(kafka, client, message)` sends a factory reading to `topic` keyed by its sensor id and
    sends the PUBACK only once Kafka has acknowledged it."""
    if unanswered(forward):
        return not_answered()
    topics.delete_topics([topic], wait=30)
    topics.create_topic(topic, partitions=2)
    mqtt.forget_session(CLIENT_ID)
    harness = _Harness(forward)
    try:
        harness.start()
        published = mqtt.publish(count, run="ex", sensors=4, seed=3, topic_of=factory_topic)
        if not _wait(lambda: harness.handled > 0, 30):
            return report(False, "ex.bridge.not_called")
        if harness.errors:
            return report(False, "ex.bridge.raised", error=harness.errors[0])
        if harness.early:
            return report(False, "ex.bridge.early", reading=harness.early[0])
        called = harness.handled
        harness.release()
        if not _wait(lambda: len(harness.acked) >= called, 10):   # Kafka has answered: a PUBACK in its callback is sent at once
            return report(False, "ex.bridge.no_puback")
        if not _wait(lambda: topics.total_records(topic) >= count and harness.handled >= count, 60):
            return report(False, "ex.bridge.missing", topic=topic, have=topics.total_records(topic), count=count)
        records = topics.read_all(topic)
        for record in records:
            sensor = json.loads(record.value)["sensor_id"]
            if record.key != sensor.encode():
                key = record.key.decode() if record.key is not None else None
                return report(False, "ex.bridge.key", key=key, sensor=sensor, mqtt_topic=factory_topic(sensor))
        ids = [json.loads(r.value)["reading_id"] for r in records]
        if sorted(ids) != sorted(published.reading_ids):
            return report(False, "ex.bridge.twice", records=len(ids), readings=len(set(ids)))
        return report(True, "ex.bridge.right", count=count, topic=topic)
    finally:
        harness.close()
