"""The sensor reading model, its validation, a seeded simulator and the Kafka producer."""
from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from . import validation
from .config import settings
from .messages import say
from .validation import InvalidReading  # noqa: F401  (re-exported: sensors.InvalidReading)


def parse_reading(raw: bytes | str | None, now: float | None = None) -> dict[str, Any]:
    """Parse and validate one record value with the pipeline's rules; raise InvalidReading with the reason (notebook 05)."""
    reading, why = validation.reason(raw, now)
    if why is not None:
        raise InvalidReading(why)
    return reading  # type: ignore[return-value]


@dataclass
class Simulator:
    """Seeded, bounded readings from `sensors` sensors drifting around a base temperature (notebook 04)."""

    sensors: int = 4
    seed: int = 42
    start: float | None = None
    interval: float = 1.0
    anomaly_rate: float = 0.0
    clock: Callable[[], float] | None = None
    _rng: random.Random = field(init=False, repr=False)
    _levels: list[float] = field(init=False, repr=False)
    _tick: int = field(init=False, default=0, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._levels = [20.0 + 2.0 * i for i in range(self.sensors)]
        if self.start is None:
            self.start = float(int(time.time()))

    def reading(self, index: int) -> dict[str, Any]:
        """The next reading, of sensor `index % sensors`."""
        sensor = index % self.sensors
        if sensor == 0 and index:
            self._tick += 1
        self._levels[sensor] += self._rng.gauss(0.0, 0.3)
        temperature = self._levels[sensor]
        if self.anomaly_rate and self._rng.random() < self.anomaly_rate:
            temperature += self._rng.choice((-1, 1)) * self._rng.uniform(15.0, 25.0)
        return {
            "sensor_id": f"sensor_{sensor + 1}",
            "temperature": round(temperature, 2),
            "timestamp": int(self.clock() if self.clock else self.start + self._tick * self.interval),
        }

    def readings(self, count: int) -> Iterator[dict[str, Any]]:
        """`count` readings, round-robin over the sensors."""
        for index in range(count):
            yield self.reading(index)


def encode(reading: dict[str, Any]) -> bytes:
    """A reading as the compact JSON bytes sent to Kafka."""
    return json.dumps(reading, separators=(",", ":")).encode()


def producer(**overrides: Any):
    """A kafka-python producer for the configured brokers: acks=all, idempotent, small linger for batching.

    Idempotence (kafka-python's default, kept explicit here) lets the producer retry a send after a lost
    acknowledgement without writing the record twice. An unreachable broker raises StackError within seconds.
    """
    from kafka import KafkaProducer
    from kafka.errors import KafkaTimeoutError

    from .errors import StackError

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
        levels = self.simulator._levels
        self.simulator.sensors = sensors
        self.simulator._levels = (levels + [20.0 + 2.0 * i for i in range(len(levels), sensors)])[:sensors]

    @property
    def running(self) -> bool:
        """Whether the producer thread is still sending."""
        return self._thread.is_alive()

    def _ack(self, meta: Any) -> None:
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
