"""The Kafka exercise checks accept right answers and explain wrong ones (pure where possible, live where needed)."""
from __future__ import annotations

import pytest
from kafka import TopicPartition

from workshop import sensors, topics
from workshop.exercises import TODO, Result, report
from workshop.exercises import kafka as ex
from workshop.messages import Phrase, say


def test_report_is_truthy_only_when_right(capsys) -> None:
    right, wrong = report(True, "ex.retention.right", first=4), report(False, "ex.not_answered")
    assert right and not wrong and right.key == "ex.retention.right"
    assert capsys.readouterr().out == f"Right: {say('ex.retention.right', first=4)}\nNot yet: {say('ex.not_answered')}\n"
    assert Result(False, Phrase("ex.not_answered")).ok is False


def test_a_verdict_is_said_in_either_language() -> None:
    result = report(False, "ex.earliest.wrong", answer=3)
    assert result.why_in("en") == say("ex.earliest.wrong", lang="en", answer=3)
    assert result.why_in("ko") == say("ex.earliest.wrong", lang="ko", answer=3) != result.why_in("en")


def test_partition_for_matches_kafka_default_partitioner() -> None:
    assert [ex.partition_for(f"sensor_{n}", 2) for n in range(1, 5)] == [0, 0, 0, 1]


def test_retention_quiz() -> None:
    assert not ex.check_after_retention(TODO, TODO)
    assert ex.check_after_retention(4, 6)
    assert not ex.check_after_retention(4, 2)
    assert not ex.check_after_retention(0, 6)


@pytest.mark.live
def test_next_offset(fresh: str) -> None:
    sensors.produce(4, sensors=1, topic=fresh)
    assert not ex.check_next_offset(TODO, fresh)
    assert not ex.check_next_offset(3, fresh)
    assert ex.check_next_offset(4, fresh)


@pytest.mark.live
def test_same_key(fresh: str) -> None:
    producer = sensors.producer()
    metas = [producer.send(fresh, key=b"sensor_7", value=b"{}").get(timeout=30) for _ in range(3)]
    producer.close()
    assert ex.check_same_key(metas, "sensor_7", fresh)
    assert not ex.check_same_key(list(reversed(metas)), "sensor_7", fresh)
    assert not ex.check_same_key([(1, 0), (1, 1), (1, 2)], "sensor_7", fresh)
    assert not ex.check_same_key(metas[:2], "sensor_7", fresh)


@pytest.mark.live
def test_keyed_topic(live) -> None:
    name = "workshop-test-orders"
    topics.delete_topics([name])
    assert not ex.check_keyed_topic(name)
    topics.create_topic(name, partitions=3)
    producer = sensors.producer()
    for step in (1, 2, 3, 5, 4):
        producer.send(name, key=b"order-42", value=f"step-{step}".encode())
    producer.flush()
    producer.close()
    assert not ex.check_keyed_topic(name)
    topics.delete_topics([name])


@pytest.mark.live
def test_lag_replay_and_earliest(fresh: str) -> None:
    sensors.produce(8, sensors=4, topic=fresh)
    group = f"workshop-{fresh}"
    c = topics.consumer(group_id=group)
    tps = [TopicPartition(fresh, 0), TopicPartition(fresh, 1)]
    c.assign(tps)
    c.seek(tps[0], 1)
    c.seek(tps[1], 0)
    c.commit()
    c.close()
    end = topics.end_offsets(fresh)
    assert ex.check_lag({0: end[0] - 1, 1: end[1]}, group, fresh)
    assert not ex.check_lag({0: end[0] - 2, 1: end[1]}, group, fresh)
    assert not ex.check_lag(TODO, group, fresh)
    assert ex.check_replay(list(range(2, end[0])), fresh, partition=0, start=2)
    assert not ex.check_replay(list(range(0, end[0])), fresh, partition=0, start=2)
    assert ex.check_earliest(0, fresh) and not ex.check_earliest(1, fresh)
    topics.delete_groups([group])
