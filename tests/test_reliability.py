"""Faults and bad input against the real servers: every outcome counted exactly in MongoDB against what Kafka holds."""
from __future__ import annotations

import random
import string
import time
from typing import Any

import pytest

from workshop import sensors, store, streaming, topics
from helpers import quarantined, readings_stored, wait_for

pytestmark = pytest.mark.live


def send_raw(topic: str, values: list[bytes], key: bytes | None = b"sensor_1") -> list[tuple[int, int]]:
    """Send raw record values and return the (partition, offset) Kafka acknowledged for each."""
    producer = sensors.producer()
    futures = [producer.send(topic, key=key, value=value) for value in values]
    producer.flush()
    metas = [f.get(timeout=30) for f in futures]
    producer.close()
    return [(m.partition, m.offset) for m in metas]


def test_malformed_json_quarantined_while_a_continuous_query_keeps_running(fresh: str, spark) -> None:
    garbage = "".join(random.Random(7).choices(string.ascii_letters + string.digits + "{}[]:,\" ", k=10_240)).encode()
    bad = [b'{"sensor_id":"sensor_1","temperature":24.5', b"not json at all", garbage]
    first = sensors.produce(40, seed=11)
    bad_at = send_raw(fresh, bad)
    streaming.clear_checkpoint(fresh)
    query = streaming.start_pipeline(spark, name=fresh, trigger={"processingTime": "500 milliseconds"})
    try:
        wait_for(lambda: readings_stored() == 40 and quarantined() == 3, "the first batch with bad records")
        assert query.isActive and query.exception() is None, "a bad record must not stop the query"
        second = sensors.produce(40, seed=12)
        wait_for(lambda: readings_stored() == 80, "good readings sent after the bad ones")
        assert query.isActive
    finally:
        query.stop()
    assert first.sent == second.sent == 40
    assert readings_stored() == 80 and quarantined() == 3
    docs = {(q["kafka"]["partition"], q["kafka"]["offset"]): q for q in store.collection(store.QUARANTINE).find()}
    assert set(docs) == set(bad_at)
    for where, value in zip(bad_at, bad):
        doc = docs[where]
        assert doc["raw"] == value.decode() and doc["raw_length"] == len(value)
        assert doc["reason"].startswith("not JSON"), doc["reason"]
        assert doc["kafka"]["topic"] == fresh


def test_valid_json_with_wrong_content_quarantined_with_its_reason(fresh: str, spark) -> None:
    future = int(time.time()) + 10 * 365 * 24 * 3600
    cases = {
        b'{"sensor_id":"sensor_1","temperature":21.0}': "missing field(s): timestamp",
        b'{"sensor_id":"sensor_1","temperature":"21.0","timestamp":1713763500}': "temperature must be a number, got str",
        f'{{"sensor_id":"sensor_1","temperature":21.0,"timestamp":{future}}}'.encode(): "h in the future",
        b'{"sensor_id":"sensor_1","temperature":480.0,"timestamp":1713763500}': "outside the physical range",
        b'{"sensor_id":"  ","temperature":21.0,"timestamp":1713763500}': "sensor_id is empty",
    }
    good = sensors.produce(30, seed=21)
    bad_at = send_raw(fresh, list(cases))
    streaming.clear_checkpoint(fresh)
    streaming.run_until_caught_up(name=fresh)
    assert readings_stored() == good.sent == 30
    assert quarantined() == len(cases) == 5
    docs = {(q["kafka"]["partition"], q["kafka"]["offset"]): q for q in store.collection(store.QUARANTINE).find()}
    for where, (value, reason) in zip(bad_at, cases.items()):
        assert reason in docs[where]["reason"] and docs[where]["raw"] == value.decode()
    expected = sorted((r["sensor_id"], r["temperature"]) for r in sensors.Simulator(sensors=4, seed=21).readings(30))
    stored = sorted((d["sensor_id"], d["temperature"]) for d in store.collection().find())
    assert stored == expected, "good readings are stored unchanged"


def test_bad_records_never_reach_readings_or_window_averages(fresh: str, spark) -> None:
    base = 1713763200  # a whole minute; every record below falls in its first minute
    good = [sensors.encode({"sensor_id": "sensor_1", "temperature": 20.0 + i, "timestamp": base + i}) for i in range(4)]
    future = int(time.time()) + 10 * 365 * 24 * 3600
    bad = {
        b'{"sensor_id":"sensor_1","temperature":480.0,"timestamp":1713763210}': "temperature 480.0 is outside",
        b'{"sensor_id":"sensor_1","temperature":NaN,"timestamp":1713763211}': "temperature NaN is outside",
        b'{"sensor_id":"sensor_1","temperature":"hot","timestamp":1713763212}': "temperature must be a number, got str",
        b'{"sensor_id":"sensor_1","timestamp":1713763213}': "missing field(s): temperature",
        b'{"sensor_id":" ","temperature":21.0,"timestamp":1713763214}': "sensor_id is empty",
        f'{{"sensor_id":"sensor_1","temperature":21.0,"timestamp":{future}}}'.encode(): "h in the future",
        b'{"sensor_id":"sensor_1","temperature":-99.0,"timestamp":-5}': "outside the physical range",
        b'{"sensor_id":"sensor_1","temperature":21.0,"timestamp":-5}': "before 1970",
        b'{"sensor_id":"sensor_1","temperature":21.0': "not JSON",
        b"[21.0]": "not a JSON object: got list",
        b"\xff\xfe": "not valid utf-8",
    }
    bad_at = send_raw(fresh, list(bad))
    send_raw(fresh, good)
    streaming.clear_checkpoint(fresh)
    streaming.run_until_caught_up(name=fresh)
    assert readings_stored() == 4 and quarantined() == len(bad) == 11
    assert sorted(d["temperature"] for d in store.collection().find()) == [20.0, 21.0, 22.0, 23.0]
    docs = {(q["kafka"]["partition"], q["kafka"]["offset"]): q for q in store.collection(store.QUARANTINE).find()}
    for where, reason in zip(bad_at, bad.values()):
        assert reason in docs[where]["reason"], docs[where]

    windows_query = f"{fresh}-windows"
    streaming.clear_checkpoint(windows_query)
    query = streaming.start_window_aggregates(spark, name=windows_query, trigger={"availableNow": True})
    query.awaitTermination()
    assert query.exception() is None
    windows = list(store.collection(store.WINDOWS).find())
    assert [(w["sensor_id"], w["count"], w["max_temperature"]) for w in windows] == [("sensor_1", 4, 23.0)]
    assert windows[0]["avg_temperature"] == pytest.approx(21.5)
    assert windows[0]["_id"] == "sensor_1@2024-04-22T05:20:00"


def test_resent_readings_stored_once_per_record_or_once_per_id(fresh: str, spark) -> None:
    # A producer cell run twice sends the same seeded readings twice: two Kafka records each, both kept.
    first = sensors.produce(20, seed=31)
    again = sensors.produce(20, seed=31)
    # Readings that carry an id, sent twice (an application-level retry): one document per id.
    with_ids = [sensors.encode({"reading_id": f"r-{i}", "sensor_id": "sensor_9", "temperature": 20.0 + i,
                                "timestamp": 1713763500 + i}) for i in range(15)]
    send_raw(fresh, with_ids + with_ids, key=b"sensor_9")
    assert topics.total_records(fresh) == first.sent + again.sent + 30 == 70
    streaming.clear_checkpoint(fresh)
    streaming.run_until_caught_up(name=fresh)
    assert readings_stored() == 40 + 15
    assert store.collection().count_documents({"_id": {"$regex": "^id:"}}) == 15
    # Replaying the whole topic from a cleared checkpoint adds nothing.
    streaming.clear_checkpoint(fresh)
    streaming.run_until_caught_up(name=fresh)
    assert readings_stored() == 55 and quarantined() == 0


def _batches(live, topic: str) -> list[tuple[int, int]]:
    """(producer id, base sequence) of every record batch in partition 0's first segment, read from the broker's disk."""
    from kafka.record.memory_records import MemoryRecords

    records = MemoryRecords((live.kafka_dir / "data" / f"{topic}-0" / "00000000000000000000.log").read_bytes())
    batches = []
    while records.has_next():
        batch = records.next_batch()
        batches.append((batch.producer_id, batch.base_sequence))
    return batches


def test_producer_is_idempotent(live, fresh: str) -> None:
    for plain in (False, True):  # the workshop's producer, then one with idempotence off for contrast
        producer = sensors.producer(**({"enable_idempotence": False} if plain else {}))
        try:
            for i in range(3):
                producer.send(fresh, key=b"sensor_1", value=b"%d" % i, partition=0).get(timeout=30)
        finally:
            producer.close()
    batches = _batches(live, fresh)
    ids = {producer_id for producer_id, _ in batches[:3]}
    assert len(ids) == 1 and min(ids) >= 0, "the broker gave the workshop's producer an id: it deduplicates its retries"
    assert [sequence for _, sequence in batches[:3]] == [0, 1, 2], "each batch carries the next sequence number"
    assert batches[3:] == [(-1, -1)] * 3, "without idempotence the batches carry no producer id, so a retry may duplicate"


def test_retention_deleted_offsets_fail_loudly_then_continue_with_the_gap_reported(fresh: str, spark) -> None:
    from kafka import TopicPartition

    first = sensors.produce(100, seed=71)
    streaming.clear_checkpoint(fresh)
    streaming.run_until_caught_up(name=fresh)
    committed = streaming.committed_offsets(fresh)[fresh]
    assert committed == first.per_partition
    second = sensors.produce(100, seed=72)
    end = topics.end_offsets(fresh)
    cut = {p: min(committed.get(p, 0) + 10, end[p]) for p in end}
    client = topics.admin()
    try:
        client.delete_records({TopicPartition(fresh, p): o for p, o in cut.items()})
    finally:
        client.close()
    deleted = {p: (committed.get(p, 0), cut[p] - 1) for p in cut if cut[p] > committed.get(p, 0)}
    assert sum(b - a + 1 for a, b in deleted.values()) == 20

    with pytest.raises(streaming.PipelineError) as failed:
        streaming.run_until_caught_up(name=fresh)
    message = str(failed.value)
    for p, (a, b) in deleted.items():
        assert f"offsets {a}..{b} of partition {p}" in message
    assert "deleted by retention" in message and "fail_on_data_loss=False" in message
    assert "clear_checkpoint" in message
    assert readings_stored() == 100, "nothing more stored by the failed run"

    streaming.run_until_caught_up(name=fresh, fail_on_data_loss=False)
    assert readings_stored() == first.sent + second.sent - 20 == 180
    assert store.missing_offsets(end, fresh) == {p: [r] for p, r in deleted.items()}


def test_backlog_processed_in_bounded_batches_with_bounded_memory(fresh: str, spark) -> None:
    count, bound = 100_000, 20_000
    producer = sensors.producer(linger_ms=50, batch_size=512 * 1024)
    report = sensors.produce(count, seed=81, sensors=8, kafka_producer=producer)
    producer.close()
    assert report.sent == topics.total_records(fresh) == count
    jvm_pid = spark.sparkContext._gateway.proc.pid
    before = {"python": _rss_mb("self"), "jvm": _rss_mb(jvm_pid)}
    streaming.clear_checkpoint(fresh)
    query = streaming.start_pipeline(spark, name=fresh, max_offsets_per_trigger=bound, trigger={"availableNow": True})
    query.awaitTermination()
    assert query.exception() is None
    after = {"python": _rss_mb("self"), "jvm": _rss_mb(jvm_pid)}
    batches = [p["numInputRows"] for p in query.recentProgress if p["numInputRows"]]
    assert sum(batches) == count and max(batches) <= bound and len(batches) >= count // bound
    assert readings_stored() == count and store.per_partition() == topics.end_offsets(fresh)
    assert after["python"] - before["python"] < 400, (before, after)
    assert after["jvm"] < 2500, (before, after)


def _rss_mb(pid: int | str) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def test_late_readings_update_windows_within_the_watermark_and_are_dropped_after(fresh: str, spark) -> None:
    base = 1713763200  # a whole minute
    reading = lambda offset, temperature: sensors.encode(  # noqa: E731
        {"sensor_id": "sensor_1", "temperature": temperature, "timestamp": base + offset})
    streaming.clear_checkpoint(fresh)
    query = streaming.start_window_aggregates(spark, name=fresh, window="10 seconds", watermark="10 seconds",
                                              trigger={"processingTime": "300 milliseconds"})
    windows = store.collection(store.WINDOWS)

    def window(offset: int) -> dict | None:
        return windows.find_one({"sensor_id": "sensor_1", "window_start": {"$eq": _utc(base + offset)}})

    try:
        send_raw(fresh, [reading(1, 20.0), reading(12, 21.0), reading(23, 22.0), reading(34, 23.0)])
        wait_for(lambda: windows.count_documents({}) == 4, "the four on-time windows")
        wait_for(lambda: _watermark(query) == _utc(base + 24), "the watermark to reach max event time − 10 s")
        batches_before = query.lastProgress["batchId"]
        # 27 s is late but its window [20, 30) ends after the watermark (24 s): it counts.
        # 5 s falls in window [0, 10), which ended before the watermark: dropped.
        send_raw(fresh, [reading(27, 30.0), reading(5, 99.0)])
        wait_for(lambda: (window(20) or {}).get("count") == 2, "the late reading to update its window")
        wait_for(lambda: _dropped(query) == 1 and query.lastProgress["batchId"] > batches_before,
                 "the too-late reading to be counted as dropped")
    finally:
        query.stop()
    assert window(20)["avg_temperature"] == pytest.approx(26.0) and window(20)["max_temperature"] == 30.0
    assert window(0)["count"] == 1 and window(0)["max_temperature"] == 20.0, "the dropped reading changed nothing"
    assert windows.count_documents({}) == 4
    assert _dropped(query) == 1


def _utc(seconds: int):
    from datetime import datetime, timezone

    return datetime.fromtimestamp(seconds, timezone.utc)


def _watermark(query) -> Any:
    from datetime import datetime

    progress = query.lastProgress or {}
    mark = progress.get("eventTime", {}).get("watermark")
    return datetime.fromisoformat(mark.replace("Z", "+00:00")) if mark else None


def _dropped(query) -> int:
    return sum(op.get("numRowsDroppedByWatermark", 0) for p in query.recentProgress for op in p.get("stateOperators", []))
