"""A sensor reading: its JSON bytes, parsing with the pipeline's rules, and a seeded simulator of sensors."""
from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from . import validation
from .validation import InvalidReading


def parse_reading(raw: bytes | str | None, now: float | None = None) -> dict[str, Any]:
    """Parse and validate one record value with the pipeline's rules; raise InvalidReading with the reason (notebook 05)."""
    reading, why = validation.reason(raw, now)
    if reading is None:
        raise InvalidReading(why)
    return reading


def encode(reading: dict[str, Any]) -> bytes:
    """A reading as the compact JSON bytes sent to Kafka."""
    return json.dumps(reading, separators=(",", ":")).encode()


@dataclass
class Simulator:
    """Seeded, bounded readings from `sensors` sensors drifting around a base temperature (notebook 04)."""

    sensors: int = 4
    seed: int = 42
    start: float = field(default_factory=lambda: float(int(time.time())))
    interval: float = 1.0
    anomaly_rate: float = 0.0
    clock: Callable[[], float] | None = None
    _rng: random.Random = field(init=False, repr=False)
    _levels: list[float] = field(init=False, repr=False)
    _tick: int = field(init=False, default=0, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._levels = [20.0 + 2.0 * i for i in range(self.sensors)]

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

    def set_sensors(self, sensors: int) -> None:
        """Simulate `sensors` sensors from now on; the ones kept go on from their current level."""
        self._levels = (self._levels + [20.0 + 2.0 * i for i in range(len(self._levels), sensors)])[:sensors]
        self.sensors = sensors

    def level(self, sensor_id: str) -> float | None:
        """The current temperature level of `sensor_N`, or None if no such sensor is simulated."""
        index = int(sensor_id.rsplit("_", 1)[-1]) - 1
        return self._levels[index] if 0 <= index < len(self._levels) else None

    def readings(self, count: int) -> Iterator[dict[str, Any]]:
        """`count` readings, round-robin over the sensors."""
        for index in range(count):
            yield self.reading(index)
