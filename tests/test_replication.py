"""workshop.replication: the continuous sender's tally, reading a topic back, the cluster picture (notebook 09)."""
from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from workshop import replication, sensors


@dataclass
class State:
    partition: int
    leader: int
    replicas: list[int]
    isr: list[int]


def test_describe_lines_keep_the_preferred_leader_first() -> None:
    lines = replication.describe_lines([State(1, 2, [2, 3, 1], [3, 2])])
    assert lines == ["partition 1: leader 2, replicas [2, 3, 1], ISR [2, 3]"]


def test_cluster_picture_marks_leader_in_sync_and_out_of_sync_replicas() -> None:
    fig = replication.draw_cluster([State(0, 2, [1, 2, 3], [2, 3])], alive={2, 3}, title="t")
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["P0 in sync", "P0 leader", "P0 not in sync", "broker 1 (down)", "broker 2", "broker 3"]
    assert all(t.get_fontsize() >= 14 for t in fig.axes[0].texts)


@pytest.mark.live
def test_sender_tally_matches_what_the_topic_holds(live, fresh: str) -> None:
    producer = sensors.producer()
    sender = replication.ContinuousSender(producer, fresh).start()
    time.sleep(0.5)
    tally = sender.stop()
    producer.close()
    values = replication.read_values(live.bootstrap_servers, fresh)
    assert tally.sent > 10 and not tally.failed
    assert sorted(tally.acked) == sorted(values) == list(range(tally.sent))
