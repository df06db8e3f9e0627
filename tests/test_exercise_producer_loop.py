"""Notebook 04's exercise: the worked solution passes, and each typical mistake gets its own hint in both languages."""
from __future__ import annotations

import json
from typing import Any, Callable

import pytest
from kafka import KafkaProducer

from workshop.config import Settings
from workshop.exercises import TODO
from workshop.exercises import kafka as ex
from workshop.messages import say
from workshop.readings import Simulator
from helpers import said_in_both

COUNT = 60


def send(settings: Settings, topic: str, key: Callable[[dict[str, Any], int], str | None], count: int = COUNT,
         flush: bool = True) -> dict[int, int]:
    """The exercise's loop, with the key chosen by `key(reading, index)`; the counts its delivery callback made."""
    counts: dict[int, int] = {}

    def on_ack(meta: Any) -> None:
        counts[meta.partition] = counts.get(meta.partition, 0) + 1

    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all",
                             value_serializer=lambda r: json.dumps(r).encode())
    for index, reading in enumerate(Simulator(sensors=6, seed=1).readings(count)):
        k = key(reading, index)
        producer.send(topic, key=k.encode() if k else None, value=reading).add_callback(on_ack)
    if flush:
        producer.flush()
        snapshot = dict(counts)
    else:
        snapshot = {}  # what a learner who checks before flush() may see: no acknowledgement has arrived yet
        producer.flush()
    producer.close()
    return snapshot


@pytest.mark.live
def test_worked_solution_passes(live: Settings, fresh: str, capsys: pytest.CaptureFixture) -> None:
    counts = send(live, fresh, key=lambda r, i: r["sensor_id"])
    assert counts == {0: 40, 1: 20}   # in the order the acknowledgements came; the verdict lists them by partition
    result = ex.check_producer_loop(counts, fresh, count=COUNT)
    placement = ", ".join(f"sensor_{n} → {ex.partition_for(f'sensor_{n}', 2)}" for n in range(1, 7))
    assert result and said_in_both(result, "ex.producer_loop.right", count=COUNT, counts={0: 40, 1: 20},
                                   placement=placement), result.why
    assert capsys.readouterr().out == say("ex.right", why=result.why) + "\n"


@pytest.mark.live
def test_unanswered_and_empty(live: Settings, fresh: str) -> None:
    assert said_in_both(ex.check_producer_loop(TODO, fresh), "ex.not_answered")
    assert said_in_both(ex.check_producer_loop({}, fresh), "ex.producer_loop.empty", topic=fresh)


@pytest.mark.live
def test_records_without_a_key(live: Settings, fresh: str) -> None:
    counts = send(live, fresh, key=lambda r, i: None)
    result = ex.check_producer_loop(counts, fresh)
    assert not result and said_in_both(result, "ex.producer_loop.no_key", unkeyed=COUNT, total=COUNT), result.why


@pytest.mark.live
def test_a_key_that_changes_every_record(live: Settings, fresh: str) -> None:
    counts = send(live, fresh, key=lambda r, i: f"{r['sensor_id']}-{i}")  # a counter in the key: no order per sensor
    result = ex.check_producer_loop(counts, fresh)
    hints = [{"sensor": f"sensor_{n}", "landed": [0, 1]} for n in range(1, 7)]
    assert not result and any(said_in_both(result, "ex.producer_loop.split", **values) for values in hints), result.why


@pytest.mark.live
def test_counted_before_flush(live: Settings, fresh: str) -> None:
    counts = send(live, fresh, key=lambda r, i: r["sensor_id"], flush=False)
    result = ex.check_producer_loop(counts, fresh)
    assert not result and said_in_both(result, "ex.producer_loop.no_counts", total=COUNT, counts={}), result.why


@pytest.mark.live
def test_counted_per_send_not_per_acknowledgement(live: Settings, fresh: str) -> None:
    send(live, fresh, key=lambda r, i: r["sensor_id"])
    wrong = {0: 30, 1: 30}  # counted round-robin at send time instead of by meta.partition
    result = ex.check_producer_loop(wrong, fresh)
    assert not result and said_in_both(result, "ex.producer_loop.counts", counts=wrong, ends={0: 40, 1: 20}), result.why


@pytest.mark.live
def test_loop_run_twice(live: Settings, fresh: str) -> None:
    send(live, fresh, key=lambda r, i: r["sensor_id"])
    counts = send(live, fresh, key=lambda r, i: r["sensor_id"])
    result = ex.check_producer_loop(counts, fresh)
    assert not result and said_in_both(result, "ex.producer_loop.total", topic=fresh, total=2 * COUNT,
                                       count=COUNT), result.why
