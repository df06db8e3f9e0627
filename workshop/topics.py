"""Kafka admin helpers: create and describe topics, read offsets, consumer-group lag."""
from __future__ import annotations

import time
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, TypedDict

from .config import settings
from .errors import WaitTimeout
from .messages import say
from .waiting import wait_until

if TYPE_CHECKING:
    from kafka import KafkaAdminClient, KafkaConsumer


def admin() -> KafkaAdminClient:
    """A kafka-python admin client for the configured brokers (notebook 02)."""
    from kafka import KafkaAdminClient

    return KafkaAdminClient(bootstrap_servers=settings().bootstrap_servers, client_id="workshop-admin")


def consumer(**overrides: Any) -> KafkaConsumer:
    """A kafka-python consumer for the configured brokers, not subscribed to anything (notebook 03)."""
    from kafka import KafkaConsumer

    options: dict[str, Any] = {"bootstrap_servers": settings().bootstrap_servers, "enable_auto_commit": False,
                               "auto_offset_reset": "earliest", "consumer_timeout_ms": 5000}
    options.update(overrides)
    return KafkaConsumer(**options)


def create_topic(name: str | None = None, partitions: int | None = None, replication: int = 1,
                 configs: dict[str, str] | None = None, exist_ok: bool = True) -> bool:
    """Create a topic (default: the sensor topic with 2 partitions); return False if it already existed (notebook 02)."""
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    s = settings()
    name = name or s.topic
    with closing(admin()) as client:
        try:
            client.create_topics([NewTopic(name, partitions or s.partitions, replication, topic_configs=configs or {})])
        except TopicAlreadyExistsError:
            if not exist_ok:
                raise
            return False
    wait_for_topic(name)
    return True


def wait_for_topic(name: str, timeout: float = 30.0) -> None:
    """Block until every partition of a topic has a leader."""

    def led() -> bool:
        parts = partitions(name)
        return bool(parts) and all(p.leader >= 0 for p in parts)

    try:
        wait_until(led, f"every partition of {name!r} to have a leader", timeout)
    except WaitTimeout:
        raise WaitTimeout(say("err.no_leader", name=name, timeout=timeout)) from None


def delete_topics(names: Iterable[str], wait: float | None = None) -> list[str]:
    """Delete the topics that exist among `names`; with `wait`, block up to that many seconds until they are gone."""
    names = list(names)
    with closing(admin()) as client:
        existing = set(client.list_topics())
        doomed = [n for n in names if n in existing]
        if doomed:
            client.delete_topics(doomed)
    if wait is not None:   # the broker deletes in the background
        try:
            wait_until(lambda: not set(doomed) & set(list_topics()), f"topics {doomed} to be gone", wait)
        except WaitTimeout:
            left = sorted(set(doomed) & set(list_topics()))
            raise WaitTimeout(say("err.topics_not_deleted", topics=left, timeout=wait)) from None
    return doomed


def list_topics(internal: bool = False) -> list[str]:
    """Names of the topics on the broker, without Kafka's internal ones unless asked."""
    with closing(admin()) as client:
        return sorted(t for t in client.list_topics() if internal or not t.startswith("__"))


@dataclass(frozen=True)
class PartitionInfo:
    """One partition: its leader and the first and next offsets of its log."""

    topic: str
    partition: int
    leader: int
    earliest: int
    latest: int

    @property
    def records(self) -> int:
        """How many records the partition still holds."""
        return self.latest - self.earliest


def partitions(name: str | None = None) -> list[PartitionInfo]:
    """Partitions of a topic with leader and earliest/latest offsets (notebook 01)."""
    from kafka import TopicPartition

    name = name or settings().topic
    with closing(admin()) as client:
        described = client.describe_topics([name])
    if not described or described[0].get("error_code", 0) != 0:
        return []
    leaders = {p["partition_index"]: p["leader_id"] for p in described[0]["partitions"]}
    tps = [TopicPartition(name, p) for p in sorted(leaders)]
    with closing(consumer()) as c:
        earliest = c.beginning_offsets(tps)
        latest = c.end_offsets(tps)
    return [PartitionInfo(name, tp.partition, leaders[tp.partition], earliest[tp], latest[tp]) for tp in tps]


@dataclass(frozen=True)
class Replicas:
    """Where one partition's copies live: its leader, every replica, and the in-sync ones."""

    partition: int
    leader: int
    replicas: list[int]
    isr: list[int]


def replicas(name: str | None = None) -> list[Replicas]:
    """Leader, replicas and in-sync replicas of each partition, from the admin API (notebooks 02 and 09)."""
    with closing(admin()) as client:
        described = client.describe_topics([name or settings().topic])
    if not described or described[0].get("error_code", 0) != 0:
        return []
    return sorted((Replicas(p["partition_index"], p["leader_id"], sorted(p["replica_nodes"]), sorted(p["isr_nodes"]))
                   for p in described[0]["partitions"]), key=lambda r: r.partition)


def end_offsets(name: str | None = None) -> dict[int, int]:
    """Next offset to be written, per partition (the log-end offset)."""
    return {p.partition: p.latest for p in partitions(name)}


def read_all(name: str, timeout: float = 60.0, bootstrap: str | None = None) -> list[Any]:
    """Every record `name` holds, read from the beginning of each partition to its end offset of this moment."""
    from kafka import TopicPartition

    reader = consumer(**({"bootstrap_servers": bootstrap} if bootstrap else {}))
    try:
        parts = [TopicPartition(name, p) for p in sorted(reader.partitions_for_topic(name) or ())]
        reader.assign(parts)
        reader.seek_to_beginning(*parts)
        ends = reader.end_offsets(parts)
        records: list[Any] = []

        def read_to_end() -> bool:
            if all(reader.position(tp) >= ends[tp] for tp in parts):
                return True
            for batch in reader.poll(timeout_ms=500).values():   # the poll is the pause between checks
                records.extend(batch)
            return False

        try:
            wait_until(read_to_end, f"{name!r} to be read to its end", timeout, interval=0)
        except WaitTimeout:
            raise WaitTimeout(say("err.read_to_end", read=len(records), target=sum(ends.values()),
                                  timeout=timeout)) from None
        return sorted(records, key=lambda r: (r.partition, r.offset))
    finally:
        reader.close()


def total_records(name: str | None = None) -> int:
    """How many records the topic's partitions hold in all."""
    return sum(p.records for p in partitions(name))


class Lag(TypedDict):
    """One partition of a group: its committed offset (None before the first commit), log-end offset, and lag."""

    committed: int | None
    end: int
    lag: int


def group_lag(group: str, name: str | None = None) -> dict[int, Lag]:
    """Committed offset, log-end offset and lag per partition for a consumer group (notebook 03)."""
    name = name or settings().topic
    with closing(admin()) as client:
        committed = client.list_group_offsets([group]).get(group, {})
    report: dict[int, Lag] = {}
    for part in partitions(name):
        meta = next((m for tp, m in committed.items() if tp.topic == name and tp.partition == part.partition), None)
        offset = meta.offset if meta is not None and meta.offset >= 0 else None
        report[part.partition] = {"committed": offset, "end": part.latest,
                                  "lag": part.latest - (offset if offset is not None else part.earliest)}
    return report


def delete_groups(groups: Iterable[str]) -> list[str]:
    """Delete consumer groups that exist among `groups`; return the ones deleted."""
    with closing(admin()) as client:
        existing = set(_group_ids(client))
        doomed = [g for g in groups if g in existing]
        if doomed:
            client.delete_groups(doomed)
        return doomed


def list_groups() -> list[str]:
    """Ids of the consumer groups the broker knows."""
    with closing(admin()) as client:
        return sorted(_group_ids(client))


def _group_ids(client: Any) -> list[str]:
    return [g["group_id"] if isinstance(g, dict) else g[0] for g in client.list_groups()]


REJOIN_AFTER = 15.0
"""Seconds a member may go without its share of partitions, while the group is unsettled, before it subscribes again."""


def wait_for_assignment(consumers: list[Any], sizes: list[int], timeout: float = 30.0,
                        stable: bool = False) -> list[list[int]]:
    """Poll group members until they own `sizes` partitions each; return their partitions (notebooks 03b and 08).

    Joining and rebalancing happen inside `poll`, so a member that is not polled never learns of a rebalance.
    Polling may fetch records: use it before reading, or seek afterwards. Under load, kafka-python can leave a
    member out of a rebalance: owning nothing, or still owning the partitions of the generation before; a member
    without its share for REJOIN_AFTER seconds subscribes again (unsubscribe, subscribe), which makes it join afresh.
    With `stable`, the group's coordinator must also report the group Stable with as many members as `consumers`:
    a member due to own nothing owns nothing before it has joined too, and this tells the two apart.
    """
    owned: list[list[int]] = []
    since = [time.monotonic()] * len(consumers)
    client = admin() if stable else None

    def coordinator_agrees() -> bool:
        if client is None:
            return True
        group = consumers[0].config["group_id"]
        described = client.describe_groups([group]).get(group) or {}
        return described.get("group_state") == "Stable" and len(described.get("members") or ()) == len(consumers)

    def settled() -> bool:
        for c in consumers:
            c.poll(timeout_ms=100, max_records=1)   # the poll is the pause between checks
        owned[:] = [sorted(tp.partition for tp in c.assignment()) for c in consumers]
        matched = [len(o) == n for o, n in zip(owned, sizes)]
        if all(matched) and coordinator_agrees():
            return True
        now = time.monotonic()
        for i, c in enumerate(consumers):
            if matched[i] and not all(matched):
                since[i] = now
            elif now - since[i] > REJOIN_AFTER:
                subscribed = sorted(c.subscription() or ())
                c.unsubscribe()
                c.subscribe(subscribed)
                since[i] = now
        return False

    try:
        wait_until(settled, f"the group to settle on {sizes} partitions per member", timeout, interval=0)
    except WaitTimeout:
        raise WaitTimeout(say("err.assignment_unsettled", sizes=sizes, timeout=timeout, owned=owned)) from None
    finally:
        if client is not None:
            client.close()
    return owned
