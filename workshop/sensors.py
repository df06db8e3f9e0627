"""Sensors into Kafka: the configured producer, a bounded seeded run, and a live producer on a thread (notebooks 02, 04)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from .config import settings
from .errors import StackError
from .messages import say
from .readings import Simulator, encode
from .readings import parse_reading  # noqa: F401  (notebook 04 reads its records back with sensors.parse_reading)

if TYPE_CHECKING:
    from kafka import KafkaProducer
    from kafka.producer.future import RecordMetadata


def producer(**overrides: Any) -> KafkaProducer:
    """A kafka-python producer for the configured brokers: acks=all, idempotent, small linger for batching.

    Idempotence (kafka-python's default, kept explicit here) lets the producer retry a send after a lost
    acknowledgement without writing the record twice. An unreachable broker raises StackError within seconds.
    """
    from kafka import KafkaProducer
    from kafka.errors import KafkaTimeoutError

    options: dict[str, Any] = {
        "bootstrap_servers": settings().bootstrap_servers,
        "acks": "all",
        "enable_idempotence": True,
        "linger_ms": 5,
        "batch_size": 64 * 1024,
        "client_id": "workshop-sensors",
        "bootstrap_timeout_ms": 8000,
    }
    options.update(overrides)
    try:
        return KafkaProducer(**options)
    except KafkaTimeoutError:
        raise StackError(say("err.kafka_down", address=options["bootstrap_servers"])) from None


@dataclass
class SendReport:
    """What a produce run did: how many records were acknowledged, per partition."""

    sent: int = 0
    per_partition: dict[int, int] = field(default_factory=dict)
    last_offsets: dict[int, int] = field(default_factory=dict)

    def record(self, partition: int, offset: int) -> None:
        """Count one acknowledged record."""
        self.sent += 1
        self.per_partition[partition] = self.per_partition.get(partition, 0) + 1
        self.last_offsets[partition] = max(offset, self.last_offsets.get(partition, -1))


def produce(count: int, rate: float | None = None, seed: int = 42, sensors: int = 4, topic: str | None = None,
            simulator: Simulator | None = None, kafka_producer: Any = None) -> SendReport:
    """Send `count` seeded readings keyed by sensor_id, at most `rate` per second; wait for every ack (notebook 02)."""
    topic = topic or settings().topic
    sim = simulator or Simulator(sensors=sensors, seed=seed)
    own = kafka_producer is None
    prod = kafka_producer or producer()
    report = SendReport()
    futures = []
    started = time.monotonic()
    try:
        for index, reading in enumerate(sim.readings(count)):
            futures.append(prod.send(topic, key=reading["sensor_id"].encode(), value=encode(reading)))
            if rate:
                delay = started + (index + 1) / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        prod.flush()
        for future in futures:
            meta = future.get(timeout=30)
            report.record(meta.partition, meta.offset)
    finally:
        if own:
            prod.close()
    return report


class BackgroundProducer:
    """Produces readings on a thread until stopped or `limit` is reached; settings may change live (notebook 04)."""

    def __init__(self, rate: float = 5.0, sensors: int = 4, seed: int = 42, limit: int | None = None,
                 topic: str | None = None, on_send: Callable[[int, int], None] | None = None) -> None:
        self.rate = rate
        self.simulator = Simulator(sensors=sensors, seed=seed, clock=time.time)
        self.limit = limit
        self.topic = topic or settings().topic
        self.on_send = on_send
        self.report = SendReport()
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._producer = producer()
        self._lock = threading.Lock()
        self._extra: list[tuple[bytes | None, bytes]] = []
        self._thread = threading.Thread(target=self._run, name="sensor-producer", daemon=True)

    def start(self) -> "BackgroundProducer":
        """Start producing in the background; `python -m workshop down` or `reset` stops it (see workshop.lease)."""
        from . import lease

        self._thread.start()
        lease.watch(self._stop.set, self._thread.is_alive, "sensor-producer")
        return self

    def inject(self, value: bytes, key: bytes | None = None) -> None:
        """Queue one raw record (malformed or an anomaly) to send next."""
        with self._lock:
            self._extra.append((key, value))

    def set_sensors(self, sensors: int) -> None:
        """Change the number of simulated sensors from now on."""
        self.simulator.set_sensors(sensors)

    @property
    def running(self) -> bool:
        """Whether the producer thread is still sending."""
        return self._thread.is_alive()

    def _ack(self, meta: RecordMetadata) -> None:
        with self._lock:
            self.report.record(meta.partition, meta.offset)
        if self.on_send:
            self.on_send(meta.partition, meta.offset)

    def _error(self, exc: BaseException) -> None:
        self.errors.append(str(exc))

    def _send(self, key: bytes | None, value: bytes) -> None:
        self._producer.send(self.topic, key=key, value=value).add_callback(self._ack).add_errback(self._error)

    def _run(self) -> None:
        index = 0
        while not self._stop.is_set() and (self.limit is None or index < self.limit):
            with self._lock:
                extra, self._extra = self._extra, []
            for key, value in extra:
                self._send(key, value)
            self.simulator.sensors = max(1, self.simulator.sensors)
            reading = self.simulator.reading(index)
            self._send(reading["sensor_id"].encode(), encode(reading))
            index += 1
            self._stop.wait(1.0 / max(self.rate, 0.1))
        self._producer.flush()

    def stop(self, timeout: float = 30.0) -> SendReport:
        """Stop, wait for every acknowledgement, close the producer and return the report."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._producer.flush()
        self._producer.close()
        return self.report
