"""Kafka records become readings or quarantine documents, stored once per record."""
from __future__ import annotations

import pytest

from workshop import store

NOW = 1_713_763_600.0


def rec(offset: int, value: str | bytes | None, partition: int = 0) -> dict:
    return {"topic": "t", "partition": partition, "offset": offset, "timestamp": 1713763500, "key": "sensor_1", "value": value}


def test_split_keeps_every_record() -> None:
    records = [
        rec(0, '{"sensor_id":"sensor_1","temperature":24.5,"timestamp":1713763500}'),
        rec(1, "not json"),
        rec(2, '{"sensor_id":"sensor_1","temperature":"hot","timestamp":1713763500}'),
        rec(3, b"\xff\xfe"),
        rec(4, None),
    ]
    readings, rejected = store.split_records(records, now=NOW)
    assert [d["_id"] for d in readings] == ["t:0:0"]
    assert readings[0]["kafka"] == {"topic": "t", "partition": 0, "offset": 0, "timestamp": 1713763500}
    assert readings[0]["time"].timestamp() == 1713763500
    assert [d["_id"] for d in rejected] == ["t:0:1", "t:0:2", "t:0:3", "t:0:4"]
    assert rejected[0]["raw"] == "not json" and "not JSON" in rejected[0]["reason"]
    assert "temperature must be a number" in rejected[1]["reason"]
    assert rejected[2]["raw"] == "\ufffd\ufffd" and "utf-8" in rejected[2]["reason"]
    assert rejected[3]["raw"] is None and "empty record" in rejected[3]["reason"]


def test_reading_id_makes_the_key() -> None:
    value = '{"sensor_id":"s","temperature":20,"timestamp":1713763500,"reading_id":"s-1"}'
    readings, _ = store.split_records([rec(0, value), rec(9, value, partition=1)], now=NOW)
    assert [d["_id"] for d in readings] == ["id:s-1", "id:s-1"]


def test_huge_raw_value_is_cut_but_measured() -> None:
    garbage = "x" * (store.MAX_RAW + 10)
    _, rejected = store.split_records([rec(0, garbage)], now=NOW)
    assert len(rejected[0]["raw"]) == store.MAX_RAW and rejected[0]["raw_length"] == store.MAX_RAW + 10


@pytest.mark.live
def test_insert_once_is_idempotent(fresh: str) -> None:
    docs = [{"_id": f"k{i}", "n": i} for i in range(10)]
    assert store.insert_once(store.READINGS, docs[:6]) == 6
    assert store.insert_once(store.READINGS, docs) == 4
    assert store.collection(store.READINGS).count_documents({}) == 10
