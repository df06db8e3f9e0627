"""Kafka → Spark → MongoDB end to end: every produced reading stored exactly once, across restarts."""
from __future__ import annotations

import json
import time

import pytest

from workshop import sensors, store, streaming, topics

pytestmark = pytest.mark.live
COUNT = 5_000


def test_every_reading_stored_once(fresh: str, spark) -> None:
    report = sensors.produce(COUNT, seed=1, sensors=6)
    assert report.sent == COUNT and len(report.per_partition) == 2
    streaming.clear_checkpoint(fresh)
    progress = streaming.run_until_caught_up(name=fresh)
    end_offset = progress["sources"][0]["endOffset"]
    end_offset = json.loads(end_offset) if isinstance(end_offset, str) else end_offset
    assert end_offset[fresh] == {str(p): n for p, n in topics.end_offsets().items()}
    assert store.counts()["readings"] == COUNT
    assert store.counts()["quarantine"] == 0
    assert store.per_partition() == topics.end_offsets() == report.per_partition


def test_stop_midway_and_restart_on_the_checkpoint(fresh: str, spark) -> None:
    report = sensors.produce(COUNT, seed=2, sensors=6)
    streaming.clear_checkpoint(fresh)
    query = streaming.start_pipeline(spark, name=fresh, max_offsets_per_trigger=400,
                                     trigger={"processingTime": "200 milliseconds"})
    deadline = time.monotonic() + 300
    while store.counts()["readings"] < 800 and time.monotonic() < deadline:
        time.sleep(0.1)
    query.stop()
    stored_midway = store.counts()["readings"]
    assert 0 < stored_midway < COUNT, "the first run should have stopped part of the way"

    streaming.run_until_caught_up(name=fresh, max_offsets_per_trigger=1000)
    assert store.counts()["readings"] == report.sent == COUNT
    assert store.per_partition() == topics.end_offsets()
    offsets = sorted((d["kafka"]["partition"], d["kafka"]["offset"]) for d in store.collection().find({}, {"kafka": 1}))
    for partition, end in topics.end_offsets().items():
        assert [o for p, o in offsets if p == partition] == list(range(end)), "no gaps, no duplicates"


def test_bad_records_quarantined_good_ones_stored(fresh: str, spark) -> None:
    good = sensors.produce(50, seed=3)
    producer = sensors.producer()
    bad = [b'{"sensor_id":"sensor_1","temperature":24.5', b"not json at all", b"\x00" * 10_240,
           b'{"sensor_id":"sensor_1","temperature":"24.5","timestamp":1713763500}']
    for value in bad:
        producer.send(fresh, key=b"sensor_1", value=value)
    producer.flush()
    producer.close()
    streaming.clear_checkpoint(fresh)
    streaming.run_until_caught_up(name=fresh)
    assert store.counts()["readings"] == good.sent
    quarantined = list(store.collection(store.QUARANTINE).find())
    assert len(quarantined) == len(bad)
    assert all(q["reason"] and q["kafka"]["offset"] >= 0 for q in quarantined)
    assert {q["raw_length"] for q in quarantined} == {len(v) for v in bad}
