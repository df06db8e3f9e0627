"""MQTT → Kafka → MongoDB: every reading published over MQTT is stored exactly once, also across bridge restarts."""
from __future__ import annotations

import json
import signal
import time
import uuid

import pytest

from workshop import mqtt, store, streaming, topics
from helpers import free_port

COUNT = 400


def test_sensor_topic_round_trip() -> None:
    assert mqtt.topic_for("sensor_3") == "sensors/sensor_3/temperature"
    assert mqtt.sensor_of(mqtt.topic_for("sensor_3")) == "sensor_3"
    with pytest.raises(ValueError):
        mqtt.sensor_of("sensors/temperature")


def _kafka_ids(topic: str, expected: int, timeout: float = 60.0) -> list[str]:
    """reading_ids of every record in the topic, once the topic holds at least `expected` records."""
    from kafka import TopicPartition

    deadline = time.monotonic() + timeout
    while topics.total_records(topic) < expected and time.monotonic() < deadline:
        time.sleep(0.2)
    consumer = topics.consumer(consumer_timeout_ms=2000)
    try:
        consumer.assign([TopicPartition(topic, p.partition) for p in topics.partitions(topic)])
        consumer.seek_to_beginning()
        records = list(consumer)
    finally:
        consumer.close()
    for record in records:
        assert mqtt.sensor_of(mqtt.topic_for(record.key.decode())) == json.loads(record.value)["sensor_id"]
    return [json.loads(r.value)["reading_id"] for r in records]


@pytest.mark.live
def test_bridge_crash_loses_nothing(fresh: str, broker: None) -> None:
    client_id = f"bridge-{fresh}"
    bridge = mqtt.Bridge(client_id=client_id).start()
    first = mqtt.publish(COUNT, run=fresh)
    bridge.crash()                                  # no DISCONNECT, pending PUBACKs never sent
    second = mqtt.publish(COUNT, run=fresh, start_index=COUNT)   # published while no bridge runs
    restarted = mqtt.Bridge(client_id=client_id).start()
    ids = _kafka_ids(fresh, 2 * COUNT)
    stats = restarted.stop()
    assert first.sent == second.sent == COUNT
    assert set(ids) == set(first.reading_ids + second.reading_ids), "no reading lost"
    duplicates = len(ids) - len(set(ids))
    assert duplicates <= bridge.stats.forwarded, "only readings in flight at the crash may be sent twice"
    assert stats.errors == []


@pytest.mark.live
def test_killed_bridge_process_then_exactly_once_in_mongodb(fresh: str, broker: None, spark) -> None:
    client_id = f"bridge-{fresh}"
    first_bridge = mqtt.bridge_process(fresh, client_id)
    try:
        assert "bridge:" in (first_bridge.stdout.readline() if first_bridge.stdout else "")
        sent = mqtt.publish(COUNT, run=fresh, rate=2000)
        first_bridge.send_signal(signal.SIGKILL)
        first_bridge.wait(10)
    finally:
        if first_bridge.poll() is None:
            first_bridge.kill()
    later = mqtt.publish(COUNT // 2, run=fresh, start_index=COUNT)
    bridge = mqtt.Bridge(client_id=client_id).start()
    ids = _kafka_ids(fresh, COUNT + COUNT // 2)
    bridge.stop()
    expected = set(sent.reading_ids + later.reading_ids)
    assert set(ids) == expected

    streaming.clear_checkpoint(fresh)
    streaming.run_until_caught_up(name=fresh)
    stored = {d["reading_id"] for d in store.collection().find({}, {"reading_id": 1})}
    assert store.counts()["readings"] == len(expected) == len(stored)
    assert stored == expected
    assert store.counts()["quarantine"] == 0


@pytest.mark.live
def test_broker_status_and_unique_client_ids(broker: None) -> None:
    info = mqtt.status()
    assert info["state"] in ("running", "external, answering")
    assert mqtt.broker_answers()
    assert not mqtt.broker_answers(f"127.0.0.1:{free_port()}", timeout=0.5)
    report = mqtt.publish(8, run=uuid.uuid4().hex[:6], sensors=2)
    assert report.per_sensor == {"sensor_1": 4, "sensor_2": 4}
    assert len(set(report.reading_ids)) == 8

