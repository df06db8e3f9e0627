"""One schema, one rule set: Spark's column expressions and Python's copy give the same reason for every case."""
from __future__ import annotations

import pytest

from workshop import streaming, validation

NOW = 1_713_763_600.0
FUTURE = int(NOW) + 24 * 3600
OUT_OF_RANGE = " is outside the physical range -60.0..150.0 °C"
IN_THE_FUTURE = " is more than 24 h in the future"

CASES: list[tuple[bytes | None, str | None]] = [
    (b'{"sensor_id":"sensor_1","temperature":24.5,"timestamp":1713763500}', None),
    (b'{"sensor_id":"s","temperature":20,"timestamp":5,"humidity":40,"reading_id":"r-1"}', None),
    (b'{"sensor_id":"s","temperature":-60.0,"timestamp":0}', None),
    (b'{"sensor_id":"s","temperature":150,"timestamp":1713763500.5}', None),
    (f'{{"sensor_id":"s","temperature":1,"timestamp":{FUTURE}}}'.encode(), None),
    (' {"sensor_id":"s\u00e9","temperature":1e1,"timestamp":1}\n'.encode(), None),
    (b'{"sensor_id":"s","sensor_id":"t","temperature":1,"timestamp":1}', None),
    (None, "empty record: the value is null"),
    (b"\xff\xfe", "not text: the value is not valid utf-8"),
    (b"", "not JSON: the value does not parse as JSON"),
    (b"not json", "not JSON: the value does not parse as JSON"),
    (b'{"sensor_id":"sensor_1","temperature":24.5', "not JSON: the value does not parse as JSON"),
    (b"{'sensor_id':'s','temperature':1,'timestamp':1}", "not JSON: the value does not parse as JSON"),
    (b'{"sensor_id":"s","temperature":01,"timestamp":1}', "not JSON: the value does not parse as JSON"),
    (b"[1, 2]", "not a JSON object: got list"),
    (b'"sensor_1"', "not a JSON object: got str"),
    (b"12", "not a JSON object: got int"),
    (b"null", "not a JSON object: got NoneType"),
    (b"true", "not a JSON object: got bool"),
    (b"{}", "missing field(s): sensor_id, temperature, timestamp"),
    (b'{"sensor_id":"sensor_1","temperature":21.0}', "missing field(s): timestamp"),
    (b'{"sensor_id":"sensor_1","temperature":"24.5","timestamp":1}', "temperature must be a number, got str"),
    (b'{"sensor_id":"sensor_1","temperature":"hot","timestamp":1}', "temperature must be a number, got str"),
    (b'{"sensor_id":"sensor_1","temperature":true,"timestamp":1}', "temperature must be a number, got bool"),
    (b'{"sensor_id":"sensor_1","temperature":null,"timestamp":1}', "temperature must be a number, got NoneType"),
    (b'{"sensor_id":"sensor_1","temperature":[1],"timestamp":1}', "temperature must be a number, got list"),
    (b'{"sensor_id":7,"temperature":1,"timestamp":1}', "sensor_id must be text, got int"),
    (b'{"sensor_id":{"a":1},"temperature":1,"timestamp":1}', "sensor_id must be text, got dict"),
    (b'{"sensor_id":"s","temperature":1,"timestamp":"1713763500"}', "timestamp must be a number, got str"),
    (b'{"sensor_id":"","temperature":1,"timestamp":1}', "sensor_id is empty"),
    (b'{"sensor_id":"  ","temperature":21.0,"timestamp":1713763500}', "sensor_id is empty"),
    (b'{"sensor_id":"\\t","temperature":21.0,"timestamp":1713763500}', "sensor_id is empty"),
    (b'{"sensor_id":"s","temperature":480.0,"timestamp":1713763500}', "temperature 480.0" + OUT_OF_RANGE),
    (b'{"sensor_id":"s","temperature":500,"timestamp":1}', "temperature 500.0" + OUT_OF_RANGE),
    (b'{"sensor_id":"s","temperature":150.01,"timestamp":1}', "temperature 150.01" + OUT_OF_RANGE),
    (b'{"sensor_id":"s","temperature":-60.5,"timestamp":1}', "temperature -60.5" + OUT_OF_RANGE),
    (b'{"sensor_id":"s","temperature":NaN,"timestamp":1}', "temperature NaN" + OUT_OF_RANGE),
    (b'{"sensor_id":"s","temperature":1e400,"timestamp":1}', "temperature Infinity" + OUT_OF_RANGE),
    (f'{{"sensor_id":"s","temperature":1,"timestamp":{FUTURE + 1}}}'.encode(), f"timestamp {FUTURE + 1}" + IN_THE_FUTURE),
    (b'{"sensor_id":"s","temperature":20,"timestamp":99999999999}', "timestamp 99999999999" + IN_THE_FUTURE),
    (b'{"sensor_id":"s","temperature":20,"timestamp":-5}', "timestamp -5 is before 1970"),
]
"""Record value → quarantine reason (None: a valid reading): good ones, each kind of bad one, and the edges."""


@pytest.mark.parametrize("raw, expected", CASES)
def test_python_rules(raw: bytes | None, expected: str | None) -> None:
    reading, reason = validation.reason(raw, now=NOW)
    assert reason == expected
    assert (reading is None) == (expected is not None)


def test_spark_rules_agree_with_python_on_every_case(spark) -> None:
    rows = [("t", 0, offset, 0, "k", raw) for offset, (raw, _) in enumerate(CASES)]
    frame = spark.createDataFrame(rows, "topic string, partition int, offset long, timestamp long, key string, value binary")
    checked = streaming.validated(streaming.records(frame), now=NOW)
    # a test table, not a batch of the pipeline
    spark_reasons: dict[int, str | None] = dict(checked.select("offset", "reason").collect())
    for offset, (raw, expected) in enumerate(CASES):
        assert spark_reasons[offset] == expected == validation.reason(raw, now=NOW)[1], raw
    typed = {r.offset: r for r in streaming.valid(checked).select("offset", "sensor_id", "temperature", "event_time").collect()}
    assert sorted(typed) == [i for i, (_, expected) in enumerate(CASES) if expected is None]
    assert typed[0].sensor_id == "sensor_1" and typed[0].temperature == 24.5
    assert typed[0].event_time.timestamp() == 1713763500
    assert typed[6].sensor_id == "s", "a repeated field: the first one counts, in Spark and in Python"
    reading = validation.reason(CASES[6][0], now=NOW)[0]
    assert reading is not None and reading["sensor_id"] == "s"


def test_one_schema() -> None:
    assert validation.SCHEMA == "sensor_id STRING, temperature DOUBLE, timestamp LONG"
    assert streaming.READING_SCHEMA is validation.SCHEMA
    assert list(validation.FIELDS) == ["sensor_id", "temperature", "timestamp"]
