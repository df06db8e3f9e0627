"""Notebook 09's exercise: the learner's acks="all" producer keeps every acknowledged record through a leader's crash."""
from __future__ import annotations

from typing import Any

from .. import kafka_cluster, replication
from . import Result, not_answered, report, unanswered

TOPIC = "workshop-ex-replicated"
COUNT = 300


def prepare(topic: str = TOPIC) -> list[str]:
    """Start the exercise afresh: every broker up, `topic` new (1 partition, 3 replicas led by broker 1, min ISR 2)."""
    from kafka.admin import NewTopic

    kafka_cluster.start()
    kafka_cluster.create_afresh(NewTopic(topic, num_partitions=-1, replication_factor=-1, replica_assignments={0: [1, 2, 3]},
                                         topic_configs={"min.insync.replicas": "2"}))
    state = kafka_cluster.wait_for_partition(topic, 0, lambda p: len(p.isr) == 3 and p.leader == 1,
                                             "three replicas in sync", 60)
    return replication.describe_lines([state])


def _restore(topic: str) -> None:
    """Bring back every broker the learner killed and wait until all three are in the ISR again."""
    for node in kafka_cluster.NODES:
        if node not in kafka_cluster.running_nodes():
            kafka_cluster.restart(node)
    kafka_cluster.wait_for_partition(topic, 0, lambda p: len(p.isr) == 3, "every replica back in sync", 120)


def check_survivor(acked: Any, failed: Any, topic: str = TOPIC, count: int = COUNT) -> Result:
    """Notebook 09: `count` numbered records, the leader killed midway; every acknowledged number is in the topic once."""
    if unanswered(acked, failed):
        return not_answered()
    acked, failed = [int(a) for a in acked], list(failed)
    killed = [n for n in kafka_cluster.NODES if n not in kafka_cluster.running_nodes()]
    try:
        leader = kafka_cluster.wait_for_partition(topic, 0, lambda p: p.leader not in (-1, *killed), "a live leader", 90)
        values = replication.read_values(kafka_cluster.bootstrap(), topic)
    finally:
        _restore(topic)
    if not killed:
        return report(False, "ex.survivor.no_kill")
    if failed:
        return report(False, "ex.survivor.failed", failed=len(failed), first=str(failed[0])[:120])
    if len(acked) < count:
        return report(False, "ex.survivor.short", acked=len(acked), count=count)
    lost = sorted(set(acked) - set(values))
    if lost:
        return report(False, "ex.survivor.lost", lost=len(lost), first=lost[:5])
    twice = len(values) - len(set(values))
    if twice:
        return report(False, "ex.survivor.twice", twice=twice)
    return report(True, "ex.survivor.right", count=count, killed=killed[0], leader=leader.leader)
