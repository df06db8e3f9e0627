"""The Kafka exercise checks accept right answers and explain wrong ones (pure where possible, live where needed)."""
from __future__ import annotations

import pytest
from kafka import TopicPartition

from workshop import sensors, topics
from workshop.exercises import TODO, Result, report
from workshop.exercises import kafka as ex
from workshop.messages import Phrase, say
from helpers import said_in_both


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
    assert said_in_both(ex.check_after_retention(TODO, TODO), "ex.not_answered")
    right = ex.check_after_retention(4, 6)
    assert right and said_in_both(right, "ex.retention.right", first=4)
    renumbered = ex.check_after_retention(4, 2)
    assert not renumbered and said_in_both(renumbered, "ex.retention.renumbered", offset=2)
    earliest = ex.check_after_retention(0, 6)
    assert not earliest and said_in_both(earliest, "ex.retention.earliest", earliest=0)


@pytest.mark.live
def test_next_offset(fresh: str) -> None:
    sensors.produce(4, sensors=1, topic=fresh)   # sensor_1's key: partition 0
    assert said_in_both(ex.check_next_offset(TODO, fresh), "ex.not_answered")
    last = ex.check_next_offset(3, fresh)
    assert not last and said_in_both(last, "ex.next_offset.last", answer=3), last.why
    right = ex.check_next_offset(4, fresh)
    assert right and said_in_both(right, "ex.next_offset.right", partition=0, earliest=0, last=3, latest=4), right.why


@pytest.mark.live
def test_same_key(fresh: str) -> None:
    producer = sensors.producer()
    metas = [producer.send(fresh, key=b"sensor_7", value=b"{}").get(timeout=30) for _ in range(3)]
    producer.close()
    right = ex.check_same_key(metas, "sensor_7", fresh)   # sensor_7's key: partition 0 of 2
    assert right and said_in_both(right, "ex.same_key.right", count=3, key="sensor_7", expected=0, partitions=2,
                                  offsets=[0, 1, 2]), right.why
    reordered = ex.check_same_key(list(reversed(metas)), "sensor_7", fresh)
    assert not reordered and said_in_both(reordered, "ex.same_key.order", offsets=[2, 1, 0]), reordered.why
    elsewhere = ex.check_same_key([(1, 0), (1, 1), (1, 2)], "sensor_7", fresh)
    assert not elsewhere and said_in_both(elsewhere, "ex.same_key.partitions", landed=[1], key="sensor_7", topic=fresh,
                                          expected=0), elsewhere.why
    too_few = ex.check_same_key(metas[:2], "sensor_7", fresh)
    assert not too_few and said_in_both(too_few, "ex.same_key.too_few", key="sensor_7", count=2), too_few.why


@pytest.mark.live
def test_keyed_topic(live) -> None:
    name = "workshop-test-orders"
    topics.delete_topics([name])
    none = ex.check_keyed_topic(name)
    assert not none and said_in_both(none, "ex.keyed_topic.none", name=name), none.why
    topics.create_topic(name, partitions=3)
    producer = sensors.producer()
    for step in (1, 2, 3, 5, 4):
        producer.send(name, key=b"order-42", value=f"step-{step}".encode())
    producer.flush()
    producer.close()
    unordered = ex.check_keyed_topic(name)
    assert not unordered and said_in_both(unordered, "ex.keyed_topic.order", values=[f"step-{n}" for n in (1, 2, 3, 5, 4)],
                                          wanted=[f"step-{n}" for n in range(1, 6)]), unordered.why
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
    lag = ex.check_lag({0: end[0] - 1, 1: end[1]}, group, fresh)
    assert lag and said_in_both(lag, "ex.lag.right", actual={0: end[0] - 1, 1: end[1]}, left=end[0] - 1 + end[1]), lag.why
    off = ex.check_lag({0: end[0] - 2, 1: end[1]}, group, fresh)
    assert not off and said_in_both(off, "ex.lag.wrong", wrong=[0]), off.why
    assert said_in_both(ex.check_lag(TODO, group, fresh), "ex.not_answered")
    replay = ex.check_replay(list(range(2, end[0])), fresh, partition=0, start=2)
    assert replay and said_in_both(replay, "ex.replay.right", first=2, last=end[0] - 1), replay.why
    from_zero = ex.check_replay(list(range(0, end[0])), fresh, partition=0, start=2)
    assert not from_zero and said_in_both(from_zero, "ex.replay.start", got=0, partition=0, start=2), from_zero.why
    earliest, one = ex.check_earliest(0, fresh), ex.check_earliest(1, fresh)
    assert earliest and said_in_both(earliest, "ex.earliest.right", earliest=0), earliest.why
    assert not one and said_in_both(one, "ex.earliest.wrong", answer=1), one.why
    topics.delete_groups([group])
