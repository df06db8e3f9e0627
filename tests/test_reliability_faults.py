"""Crashes mid-stream: the driver killed hard, the Kafka broker killed hard, MongoDB stopped during a batch."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from workshop import sensors, stack, store, streaming, topics
from workshop.config import PROJECT_ROOT
from helpers import offsets_of, readings_stored, wait_for

pytestmark = pytest.mark.live

DRIVER = """
import sys
from workshop import streaming
query = streaming.start_pipeline(name=sys.argv[1], max_offsets_per_trigger=300,
                                 trigger={"processingTime": "100 milliseconds"})
query.awaitTermination()
"""


def _group_members(pgid: int) -> list[int]:
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def test_driver_killed_hard_mid_batch_resumes_at_the_next_offset(fresh: str, spark, tmp_path: Path) -> None:
    count = 6_000
    report = sensors.produce(count, seed=41, sensors=6)
    streaming.clear_checkpoint(fresh)
    log = (tmp_path / "driver.log").open("wb")
    driver = subprocess.Popen([sys.executable, "-c", DRIVER, fresh], cwd=PROJECT_ROOT, stdout=log, stderr=log,
                              env=dict(os.environ), start_new_session=True)
    try:
        wait_for(lambda: readings_stored() >= 900 or driver.poll() is not None, "the driver to store some batches")
        assert driver.poll() is None, (tmp_path / "driver.log").read_text()[-2000:]
        os.killpg(driver.pid, signal.SIGKILL)  # the Python driver and its Spark JVM, mid-write
        driver.wait()
        wait_for(lambda: not _group_members(driver.pid), "the killed driver's JVM to go away", 30)
    finally:
        if driver.poll() is None:
            os.killpg(driver.pid, signal.SIGKILL)
        log.close()
    stored_at_kill = readings_stored()
    assert 0 < stored_at_kill < count
    committed = streaming.committed_offsets(fresh)[fresh]

    query = streaming.start_pipeline(spark, name=fresh, max_offsets_per_trigger=2_000, trigger={"availableNow": True})
    query.awaitTermination()
    assert query.exception() is None
    assert offsets_of(query.recentProgress[0], "startOffset", fresh) == committed, "resumed where the checkpoint ends"
    assert readings_stored() == report.sent == count
    assert store.per_partition() == topics.end_offsets(fresh)
    assert store.missing_offsets(topics.end_offsets(fresh), fresh) == {}


def test_kafka_killed_mid_stream_every_acknowledged_reading_is_stored(fresh: str, spark, live) -> None:
    count = 3_000
    producer = sensors.producer(request_timeout_ms=5_000, delivery_timeout_ms=90_000, max_block_ms=90_000)
    futures: list = []
    acked = threading.Event()
    values = [sensors.encode({"reading_id": f"k-{i}", "sensor_id": f"sensor_{i % 4 + 1}",
                              "temperature": 20.0 + (i % 50) / 10, "timestamp": 1713763500 + i}) for i in range(count)]

    def send() -> None:
        for i, value in enumerate(values):
            futures.append(producer.send(fresh, key=f"sensor_{i % 4 + 1}".encode(), value=value))
            if i == 600:
                futures[0].get(timeout=30)
                acked.set()
            threading.Event().wait(0.002)

    sender = threading.Thread(target=send)
    sender.start()
    try:
        assert acked.wait(60)
        stack.kill("kafka", live)
        sent_at_kill = len(futures)
        stack.up(live)
    finally:
        sender.join()
        producer.flush(timeout=120)
    ok, failed = set(), set()
    for i, future in enumerate(futures):
        try:
            future.get(timeout=60)
            ok.add(f"k-{i}")
        except Exception:
            failed.add(f"k-{i}")
    producer.close()
    assert sent_at_kill < count, "the broker died while readings were still being sent"
    assert len(ok) + len(failed) == count, "every send either succeeded or raised to the caller"

    streaming.clear_checkpoint(fresh)
    streaming.run_until_caught_up(name=fresh)
    stored = {d["reading_id"] for d in store.collection().find({}, {"reading_id": 1})}
    assert ok <= stored, "every acknowledged reading is stored"
    assert stored - ok <= failed, "anything else stored was a send the producer reported as failed"
    assert topics.total_records(fresh) == len(stored), "the producer's retries wrote no reading twice into Kafka"
    print(f"acknowledged {len(ok)}, failed {len(failed)}, stored {len(stored)}")


def test_mongodb_stopped_during_a_batch_fails_loudly_then_resumes_without_loss(fresh: str, spark, live) -> None:
    count = 4_000
    report = sensors.produce(count, seed=61, sensors=6)
    streaming.clear_checkpoint(fresh)
    query = streaming.start_pipeline(spark, name=fresh, max_offsets_per_trigger=200,
                                     trigger={"processingTime": "200 milliseconds"})
    try:
        wait_for(lambda: readings_stored() >= 400, "the first batches")
        stack.stop("mongo", live)
        wait_for(lambda: not query.isActive, "the query to fail without MongoDB", 120)
    finally:
        if query.isActive:
            query.stop()
        if not stack.running("mongo", live):
            stack.up(live)
    message = streaming.failure(query)
    assert message is not None and "MongoDB stopped answering" in message, message
    assert "python -m workshop up" in message and "MONGO_URI" in message
    checkpoint = streaming.checkpoint_dir(fresh)
    done = max(int(p.name) for p in (checkpoint / "commits").iterdir() if p.name.isdigit())
    planned = max(int(p.name) for p in (checkpoint / "offsets").iterdir() if p.name.isdigit())
    assert planned == done + 1, "the failed batch is planned but not marked done"
    stored_before = readings_stored()
    assert 0 < stored_before < count

    streaming.run_until_caught_up(name=fresh, max_offsets_per_trigger=2_000)
    assert readings_stored() == report.sent == count
    assert store.missing_offsets(topics.end_offsets(fresh), fresh) == {}
    assert store.per_partition() == topics.end_offsets(fresh)
