"""Scaling out: key → partition when partitions are added, consumer-group assignments, throughput."""
from __future__ import annotations

import uuid

import pytest

from workshop import scaling, topics

KEYS = [f"sensor_{i}" for i in range(1, 13)]


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
