"""Kafka records become reading or quarantine documents in Spark, and the executors store them once per record."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from workshop import store, streaming

NOW = 1_713_763_600.0
SCHEMA = "topic string, partition int, offset long, timestamp long, key string, value binary"


def rec(offset: int, value: str | bytes | None, partition: int = 0, topic: str = "t") -> tuple:
    raw = value.encode() if isinstance(value, str) else value
    return (topic, partition, offset, 1713763500, "sensor_1", raw)


def checked(spark, rows: list[tuple]):
    """A static DataFrame shaped like one micro-batch of the pipeline, validated."""
    return streaming.validated(streaming.records(spark.createDataFrame(rows, SCHEMA)), now=NOW)


def test_split_keeps_every_record(spark) -> None:
    batch = checked(spark, [
        rec(0, '{"sensor_id":"sensor_1","temperature":24.5,"timestamp":1713763500}'),
        rec(1, "not json"),
        rec(2, '{"sensor_id":"sensor_1","temperature":"hot","timestamp":1713763500}'),
        rec(3, b"\xff\xfe"),
        rec(4, None),
    ])
    readings = store.readings_documents(streaming.valid(batch)).collect()
    rejected = sorted(store.quarantine_documents(streaming.quarantined(batch)).collect(), key=lambda r: r["_id"])
    assert [d["_id"] for d in readings] == ['"t:0:0"'], "JSON text, stored as the string t:0:0"
    assert readings[0]["kafka"].asDict() == {"topic": '"t"', "partition": 0, "offset": 0, "timestamp": 1713763500}
    assert readings[0]["time"] == datetime.fromtimestamp(1713763500), "Spark hands back local, naive time"
    assert [d["_id"] for d in rejected] == ["t:0:1", "t:0:2", "t:0:3", "t:0:4"]
    assert [d["_id"] for d in rejected] == [store.record_id("t", 0, offset) for offset in range(1, 5)]
    assert rejected[0]["raw"] == "not json" and "not JSON" in rejected[0]["reason"]
    assert "temperature must be a number" in rejected[1]["reason"]
    assert rejected[2]["raw"] == "\ufffd\ufffd" and "utf-8" in rejected[2]["reason"]
    assert rejected[3]["raw"] is None and "empty record" in rejected[3]["reason"]
    assert rejected[0]["kafka"].asDict() == {"topic": "t", "partition": 0, "offset": 1, "timestamp": 1713763500}


def test_reading_id_makes_the_key(spark) -> None:
    value = '{"sensor_id":"s","temperature":20,"timestamp":1713763500,"reading_id":"s-1"}'
    numbered = '{"sensor_id":"s","temperature":20,"timestamp":1713763500,"reading_id":7}'
    blank = '{"sensor_id":"s","temperature":20,"timestamp":1713763500,"reading_id":""}'
    batch = checked(spark, [rec(0, value), rec(9, value, partition=1), rec(10, numbered), rec(11, blank)])
    docs = store.readings_documents(streaming.valid(batch)).orderBy("kafka.partition", "kafka.offset").collect()
    assert [d["_id"] for d in docs] == ['"id:s-1"', '"id:7"', '"t:0:11"', '"id:s-1"']


def test_huge_raw_value_is_cut_but_measured(spark) -> None:
    garbage = "x" * (store.MAX_RAW + 10)
    rejected = store.quarantine_documents(streaming.quarantined(checked(spark, [rec(0, garbage)]))).collect()
    assert len(rejected[0]["raw"]) == store.MAX_RAW and rejected[0]["raw_length"] == store.MAX_RAW + 10


EXPECTED_READING = {"_id": "t:0:0", "sensor_id": "sensor_1", "temperature": 24.5, "timestamp": 1713763500,
                    "time": datetime(2024, 4, 22, 5, 25, tzinfo=timezone.utc),
                    "kafka": {"topic": "t", "partition": 0, "offset": 0, "timestamp": 1713763500}}


@pytest.mark.live
def test_executors_store_documents_of_the_same_shape_and_a_replay_changes_nothing(fresh: str, spark) -> None:
    extras = ('{"sensor_id":"sensor_2","temperature":20,"timestamp":1713763501,"humidity":40,"note":"40",'
              '"site":{"room":"A1","floors":[1,2]},"ok":true,"gone":null,"123":"7"}')
    rows = [rec(0, '{"sensor_id":"sensor_1","temperature":24.5,"timestamp":1713763500}'), rec(1, extras),
            rec(2, "not json"), rec(3, '{"sensor_id":"sensor_1","temperature":480.0,"timestamp":1713763500}'),
            rec(4, '{"sensor_id":"123","temperature":1,"timestamp":1713763500,"reading_id":"true"}')]
    batch = checked(spark, rows)
    streaming.write_batch(batch, 0)
    readings = {d["_id"]: d for d in store.collection(store.READINGS).find()}
    assert readings["t:0:0"] == EXPECTED_READING
    second = readings["t:0:1"]
    assert second["temperature"] == 20.0 and isinstance(second["temperature"], float), "the schema's type: DOUBLE"
    assert second["humidity"] == 40 and second["note"] == "40" and second["123"] == "7", "extra fields keep their JSON types"
    assert second["site"] == {"room": "A1", "floors": [1, 2]} and second["ok"] is True
    assert "gone" in second and second["gone"] is None
    third = readings["id:true"]
    assert third["sensor_id"] == "123" and third["reading_id"] == "true", "text that looks like JSON stays text"
    assert set(readings) == {"t:0:0", "t:0:1", "id:true"}
    quarantine = {d["_id"]: d for d in store.collection(store.QUARANTINE).find()}
    assert set(quarantine) == {"t:0:2", "t:0:3"}
    hot = quarantine["t:0:3"]
    assert hot["reason"] == "temperature 480.0 is outside the physical range -60.0..150.0 °C"
    assert hot["raw"] == rows[3][5].decode() and hot["raw_length"] == len(rows[3][5]) and hot["key"] == "sensor_1"
    assert hot["kafka"] == {"topic": "t", "partition": 0, "offset": 3, "timestamp": 1713763500}
    assert isinstance(hot["quarantined_at"], datetime)

    streaming.write_batch(checked(spark, rows), 1)  # the same batch again, as after a crash
    assert {d["_id"]: d for d in store.collection(store.READINGS).find()} == readings
    assert store.counts() == {"readings": 3, "quarantine": 2, "window_averages": 0}


@pytest.mark.live
def test_insert_once_is_idempotent(fresh: str) -> None:
    docs = [{"_id": f"k{i}", "n": i} for i in range(10)]
    assert store.insert_once(store.READINGS, docs[:6]) == 6
    assert store.insert_once(store.READINGS, docs) == 4
    assert store.collection(store.READINGS).count_documents({}) == 10
