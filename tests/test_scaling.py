"""Scaling out: key → partition when partitions are added, consumer-group assignments, throughput."""
from __future__ import annotations

import uuid
from contextlib import closing

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewPartitions
from kafka.partitioner.default import murmur2

from workshop import scaling, topics
from workshop.config import Settings
from workshop.exercises.kafka import partition_for
from workshop.waiting import wait_until

KEYS = [f"sensor_{i}" for i in range(1, 13)]


# Notebook 08 writes these moves out with kafka-python before later cells use the library's copies; the functions
# below are its cells' code, so the tests can hold the library to them.

def kafka_rule(key: str, count: int) -> int:
    """Notebook 08's written-out default partitioner: murmur2 of the key's bytes, made non-negative, modulo the count."""
    return (murmur2(key.encode()) & 0x7FFFFFFF) % count


def written_out_partitions(settings: Settings, topic: str, keys: list[str]) -> dict[str, int]:
    """Notebook 08: a new producer sends one record per key; the partition the broker stored each in."""
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    futures = {key: producer.send(topic, key=key.encode(), value=b"{}") for key in keys}
    producer.flush()
    producer.close()
    return {key: f.get(timeout=30).partition for key, f in futures.items()}


def written_out_grow(settings: Settings, topic: str, total: int) -> None:
    """Notebook 08: create_partitions with the new total, then a bounded wait until the topic reports it."""
    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    admin.create_partitions({topic: NewPartitions(total_count=total)})
    wait_until(lambda: len(admin.describe_topics([topic])[0]["partitions"]) == total, f"{total} partitions", 30)
    admin.close()


def written_out_group(settings: Settings, topic: str) -> list[list[list[int]]]:
    """Notebook 08: a new group grows to 3 members; each member's partitions after each join, once the group is stable."""
    group = f"written-{uuid.uuid4().hex[:6]}"
    consumers: list[KafkaConsumer] = []
    steps = []
    try:
        for members in (1, 2, 3):
            consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=group,
                                     client_id=f"member-{members - 1}", enable_auto_commit=False)
            consumer.subscribe([topic])
            consumers.append(consumer)
            topics.wait_for_assignment(consumers, {1: [2], 2: [1, 1], 3: [1, 1, 0]}[members], timeout=60, stable=True)
            steps.append([sorted(tp.partition for tp in c.assignment()) for c in consumers])
        with closing(topics.admin()) as admin:
            described = admin.describe_groups([group])[group]
        assert described["group_state"] == "Stable" and len(described["members"]) == 3, "the idle member has joined"
        return steps
    finally:
        for c in consumers:
            c.close(autocommit=False)


@pytest.mark.live
def test_library_moves_keys_as_notebook_08_writes_it_out(live: Settings, fresh: str) -> None:
    """The same keys on two topics grown from 2 to 4 partitions: one by the notebook's code, one by the library's copy."""
    twin = f"{fresh}-library"
    topics.create_topic(twin, partitions=2)
    try:
        by_hand, by_library = written_out_partitions(live, fresh, KEYS), scaling.key_partitions(twin, KEYS)
        assert by_hand == by_library == {k: kafka_rule(k, 2) for k in KEYS} == {k: partition_for(k, 2) for k in KEYS}
        written_out_grow(live, fresh, 4)
        scaling.add_partitions(twin, 4)
        assert len(topics.partitions(fresh)) == len(topics.partitions(twin)) == 4
        by_hand, by_library = written_out_partitions(live, fresh, KEYS), scaling.key_partitions(twin, KEYS)
        assert by_hand == by_library == {k: kafka_rule(k, 4) for k in KEYS}
    finally:
        topics.delete_topics([twin])


@pytest.mark.live
def test_library_group_assigns_as_notebook_08s_written_out_group(live: Settings, fresh: str) -> None:
    """Groups of 1, 2 and 3 on 2 partitions: the notebook's consumers and the library's threads get the same shares."""
    by_hand = written_out_group(live, fresh)
    assert by_hand == [[[0, 1]], [[0], [1]], [[0], [1], []]]
    for members, shares in zip((1, 2, 3), by_hand):
        by_library = scaling.group_assignments(fresh, f"library-{members}-{uuid.uuid4().hex[:6]}", members)
        assert sorted(by_library) == sorted(shares), members


@pytest.mark.live
def test_adding_partitions_moves_some_keys(fresh: str) -> None:
    before = scaling.key_partitions(fresh, KEYS)
    assert set(before.values()) == {0, 1}
    assert scaling.key_partitions(fresh, KEYS) == before, "the same key always goes to the same partition"
    scaling.add_partitions(fresh, 4)
    assert len(topics.partitions(fresh)) == 4
    after = scaling.key_partitions(fresh, KEYS)
    moved = [k for k in KEYS if after[k] != before[k]]
    assert moved and len(moved) < len(KEYS), "some keys move, so per-key order across the change is lost"
    assert set(after.values()) <= {0, 1, 2, 3}


@pytest.mark.live
def test_a_third_consumer_on_two_partitions_is_idle(fresh: str) -> None:
    group = f"scale-{uuid.uuid4().hex[:6]}"
    assert scaling.group_assignments(fresh, group + "a", 1) == [[0, 1]]
    assert sorted(scaling.group_assignments(fresh, group + "b", 2)) == [[0], [1]]
    three = scaling.group_assignments(fresh, group + "c", 3)
    assert sorted(len(owned) for owned in three) == [0, 1, 1]


@pytest.mark.live
def test_throughput_reads_every_record(fresh: str) -> None:
    scaling.fill(fresh, 5_000)
    for consumers in (1, 2):
        result = scaling.measure(fresh, consumers, group=f"tp-{uuid.uuid4().hex[:6]}")
        assert result.records == 5_000 and result.partitions == 2 and result.per_second > 0
