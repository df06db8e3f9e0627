"""A sensor reading: validation reasons, compact JSON, and a deterministic simulator."""
from __future__ import annotations

import json

import pytest

from workshop.readings import InvalidReading, Simulator, encode, parse_reading

NOW = 1_713_763_500.0
SEED_READING = '{"sensor_id":"sensor_1","temperature":24.5,"timestamp":1713763500}'


def test_seed_reading_is_valid() -> None:
    assert parse_reading(SEED_READING, now=NOW) == {"sensor_id": "sensor_1", "temperature": 24.5, "timestamp": 1713763500}


def test_extra_fields_are_kept() -> None:
    doc = parse_reading('{"sensor_id":"s","temperature":1,"timestamp":5,"humidity":40}', now=NOW)
    assert doc["humidity"] == 40


@pytest.mark.parametrize("raw, reason", [
    (None, "empty record"),
    ('{"sensor_id":"sensor_1","temperature":24.5', "not JSON"),
    ("hello", "not JSON"),
    ("[1, 2]", "not a JSON object"),
    ('{"sensor_id":"sensor_1","timestamp":1}', "missing field(s): temperature"),
    ('{"sensor_id":"sensor_1","temperature":"24.5","timestamp":1}', "temperature must be a number, got str"),
    ('{"sensor_id":"sensor_1","temperature":true,"timestamp":1}', "temperature must be a number, got bool"),
    ('{"sensor_id":7,"temperature":1,"timestamp":1}', "sensor_id must be text"),
    ('{"sensor_id":" ","temperature":1,"timestamp":1}', "sensor_id is empty"),
    ('{"sensor_id":"s","temperature":500,"timestamp":1}', "outside the physical range"),
    ('{"sensor_id":"s","temperature":NaN,"timestamp":1}', "outside the physical range"),
    ('{"sensor_id":"s","temperature":20,"timestamp":99999999999}', "in the future"),
    ('{"sensor_id":"s","temperature":20,"timestamp":-5}', "before 1970"),
])
def test_invalid_records_say_why(raw, reason) -> None:
    with pytest.raises(InvalidReading, match=None) as info:
        parse_reading(raw, now=NOW)
    assert reason in str(info.value)


def test_bad_utf8_is_rejected() -> None:
    with pytest.raises(InvalidReading, match="not valid utf-8"):
        parse_reading(b"\xff\xfe", now=NOW)


def test_simulator_is_deterministic_per_seed() -> None:
    a = list(Simulator(sensors=3, seed=7, start=NOW).readings(50))
    b = list(Simulator(sensors=3, seed=7, start=NOW).readings(50))
    c = list(Simulator(sensors=3, seed=8, start=NOW).readings(50))
    assert a == b and a != c
    assert {r["sensor_id"] for r in a} == {"sensor_1", "sensor_2", "sensor_3"}
    assert all(parse_reading(encode(r), now=NOW + 3600) == r for r in a)


def test_simulator_round_robin_advances_time_per_round() -> None:
    readings = list(Simulator(sensors=2, seed=1, start=NOW, interval=2.0).readings(6))
    assert [r["timestamp"] - NOW for r in readings] == [0, 0, 2, 2, 4, 4]


def test_anomalies_are_far_from_the_level() -> None:
    normal = list(Simulator(sensors=1, seed=3, start=NOW).readings(200))
    spiky = list(Simulator(sensors=1, seed=3, start=NOW, anomaly_rate=0.2).readings(200))
    jumps = [abs(a["temperature"] - b["temperature"]) for a, b in zip(normal, spiky)]
    assert sum(j > 10 for j in jumps) >= 20


def test_encode_is_compact_json() -> None:
    assert encode({"sensor_id": "s", "temperature": 1.5, "timestamp": 2}) == b'{"sensor_id":"s","temperature":1.5,"timestamp":2}'
    assert json.loads(encode({"a": 1})) == {"a": 1}


def test_resizing_keeps_the_levels_of_the_sensors_kept() -> None:
    sim = Simulator(sensors=3, seed=5, start=NOW)
    list(sim.readings(30))
    before = [sim.level(f"sensor_{i}") for i in (1, 2, 3)]
    sim.set_sensors(5)
    assert sim.sensors == 5 and [sim.level(f"sensor_{i}") for i in (1, 2, 3)] == before
    assert (sim.level("sensor_4"), sim.level("sensor_5")) == (26.0, 28.0)   # new sensors start at their base level
    sim.set_sensors(2)
    assert [sim.level("sensor_1"), sim.level("sensor_2")] == before[:2] and sim.level("sensor_3") is None
    assert {r["sensor_id"] for r in sim.readings(6)} == {"sensor_1", "sensor_2"}
