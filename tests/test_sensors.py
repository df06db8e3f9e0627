"""Sensors into Kafka on the real broker: a bounded run's report is what the topic holds; the live producer obeys."""
from __future__ import annotations

import pytest

from workshop import sensors, topics
from workshop.readings import Simulator, parse_reading
from workshop.waiting import wait_until


@pytest.mark.live
def test_produce_reports_what_the_topic_holds(fresh: str) -> None:
    report = sensors.produce(40, seed=3, sensors=4, topic=fresh)
    assert report.sent == 40 and sum(report.per_partition.values()) == 40
    assert topics.end_offsets(fresh) == {p: report.last_offsets[p] + 1 for p in report.per_partition}
    consumer = topics.consumer()
    consumer.subscribe([fresh])
    stored = sorted((parse_reading(r.value)["sensor_id"], r.key.decode()) for r in consumer)
    consumer.close()
    expected = sorted((r["sensor_id"], r["sensor_id"]) for r in Simulator(sensors=4, seed=3).readings(40))
    assert stored == expected, "every reading stored once, keyed by its sensor_id"


@pytest.mark.live
def test_background_producer_stops_at_its_limit_and_takes_injected_records(fresh: str) -> None:
    producer = sensors.BackgroundProducer(rate=200, sensors=2, seed=1, limit=30, topic=fresh)
    producer.inject(b"not json", key=b"sensor_1")
    producer.start()
    wait_until(lambda: not producer.running, "the producer to reach its limit", 30)
    report = producer.stop()
    assert report.sent == 31 and not producer.errors
    assert topics.total_records(fresh) == 31


@pytest.mark.live
def test_background_producer_splits_like_notebook_04s_loop(fresh: str) -> None:
    """The library's copy of notebook 04's hand-written loop: same seed and sensors, same acknowledgements per partition."""
    producer = sensors.BackgroundProducer(rate=1000, sensors=4, seed=7, limit=100, topic=fresh).start()
    wait_until(lambda: not producer.running, "the producer to reach its limit", 30)
    report = producer.stop()
    assert report.per_partition == topics.end_offsets(fresh) == {0: 75, 1: 25}  # what notebook 04's loop asserts
