"""Notebook 09's exercise on three brokers: the worked producer survives a leader's crash; a 2 s delivery timeout does not."""
from __future__ import annotations

from typing import Any

import pytest
from kafka import KafkaProducer

from workshop import kafka_cluster
from workshop.config import Settings
from workshop.exercises import TODO
from workshop.exercises import durability as ex
from workshop.messages import say
from helpers import said_in_both

pytestmark = [pytest.mark.live, pytest.mark.cluster]


def run_loop(**settings: Any) -> tuple[list[int], list[Exception]]:
    """The exercise's loop with producer `settings`: numbered records, the leader killed halfway; (acked, failed)."""
    acked: list[int] = []
    failed: list[Exception] = []
    producer = KafkaProducer(bootstrap_servers=kafka_cluster.bootstrap(), **settings)
    for number in range(ex.COUNT):
        if number == ex.COUNT // 2:
            kafka_cluster.kill(kafka_cluster.partition_state(ex.TOPIC, 0).leader)
        future = producer.send(ex.TOPIC, value=str(number).encode())
        future.add_callback(lambda meta, n=number: acked.append(n)).add_errback(failed.append)
    producer.flush()
    producer.close()
    return acked, failed


def test_unanswered() -> None:
    assert said_in_both(ex.check_survivor(TODO, TODO), "ex.not_answered")


def test_worked_solution_survives_the_kill(cluster: Settings, capsys: pytest.CaptureFixture) -> None:
    assert ex.prepare() == ["partition 0: leader 1, replicas [1, 2, 3], ISR [1, 2, 3]"]
    acked, failed = run_loop(acks="all", enable_idempotence=True)
    result = ex.check_survivor(acked, failed)
    assert result, result.why
    assert kafka_cluster.running_nodes() == {1, 2, 3}, "the check brings the killed broker back"
    leader = kafka_cluster.partition_state(ex.TOPIC, 0).leader
    assert said_in_both(result, "ex.survivor.right", count=ex.COUNT, killed=1, leader=leader) and leader in (2, 3)
    assert capsys.readouterr().out == say("ex.right", why=result.why) + "\n"


def test_a_short_delivery_timeout_gives_up_during_the_election(cluster: Settings) -> None:
    ex.prepare()
    # a learner who wants to fail fast: no record may wait longer than 2 s, and the election takes longer than that
    # (without idempotence: kafka-python 3.0.12's idempotent producer never completes a flush after such an expiry)
    acked, failed = run_loop(acks="all", enable_idempotence=False, request_timeout_ms=1000, delivery_timeout_ms=2000)
    result = ex.check_survivor(acked, failed)
    assert failed and not result
    assert said_in_both(result, "ex.survivor.failed", failed=len(failed), first=str(failed[0])[:120]), result.why
