"""Scaling out on the real broker: key → partition after adding partitions, group assignments, consumer throughput."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from .errors import WaitTimeout
from .messages import say
from .sensors import producer
from .topics import admin, consumer, partitions, total_records, wait_for_topic
from .waiting import wait_until


def key_partitions(topic: str, keys: list[str]) -> dict[str, int]:
    """Send one record per key from a new producer; the partition the broker stored each in (written out in notebook 08)."""
    prod = producer()   # a new producer asks for the topic's partitions now; an older one may hold a count from before
    try:
        futures = {key: prod.send(topic, key=key.encode(), value=b"{}") for key in keys}
        prod.flush()
        return {key: f.get(timeout=30).partition for key, f in futures.items()}
    finally:
        prod.close()


def add_partitions(topic: str, total: int, timeout: float = 30.0) -> None:
    """Grow a topic to `total` partitions, then wait until each has a leader (written out in notebook 08; never fewer)."""
    from kafka.admin import NewPartitions

    client = admin()
    try:
        client.create_partitions({topic: NewPartitions(total_count=total)})
    finally:
        client.close()
    try:
        wait_until(lambda: len(partitions(topic)) >= total, f"{topic!r} to have {total} partitions", timeout)
    except WaitTimeout:
        raise WaitTimeout(say("err.partitions_not_added", topic=topic, total=total, have=len(partitions(topic)),
                              timeout=timeout)) from None
    wait_for_topic(topic, timeout)


def fill(topic: str, count: int, size: int = 100) -> None:
    """Write `count` records of `size` bytes spread over 16 keys, as fast as the producer can."""
    prod = producer(linger_ms=20, batch_size=256 * 1024)
    value = b"x" * size
    try:
        for i in range(count):
            prod.send(topic, key=f"sensor_{i % 16}".encode(), value=value)
        prod.flush()
    finally:
        prod.close()


class _Member(threading.Thread):
    """One group member polling in its own thread, as a real consumer process would; it reports its assignment."""

    def __init__(self, topic: str, group: str, index: int) -> None:
        super().__init__(name=f"{group}-{index}", daemon=True)
        self.topic, self.group, self.index = topic, group, index
        self.owned: list[int] | None = None
        self.count = 0
        self.read = threading.Event()   # set: read the owned partitions from the beginning, counting records
        self.halt = threading.Event()

    def run(self) -> None:
        # A short session: a join the broker is still waiting for (one this member gave up on) expires in 6 s, not 45.
        c = consumer(group_id=self.group, client_id=f"{self.group}-{self.index}", session_timeout_ms=6000,
                     heartbeat_interval_ms=1000)
        c.subscribe([self.topic])
        reading = False
        try:
            while not self.halt.is_set():
                if self.read.is_set() and not reading:
                    if c.assignment():
                        c.seek_to_beginning()
                    reading = True
                batch: dict[Any, list] = c.poll(timeout_ms=500)
                if reading:
                    self.count += sum(len(records) for records in batch.values())
                self.owned = sorted(tp.partition for tp in c.assignment())
        finally:
            c.close(autocommit=False)


def _settled(members: list[_Member], total: int) -> list[list[int]] | None:
    """Each member's partitions once every partition has one owner and as many members own some as can; else None."""
    owned = [m.owned for m in members if m.owned is not None]
    if len(owned) < len(members):
        return None
    complete = sum(len(o) for o in owned) == total and len({p for o in owned for p in o}) == total
    return owned if complete and sum(1 for o in owned if o) == min(len(members), total) else None


def _group(topic: str, group: str, members: int, timeout: float, read: bool) -> list[tuple[list[int], int]]:
    """Start `members` members of one group, let it settle, optionally read the whole topic; partitions and counts."""
    target = total_records(topic) if read else 0
    threads = [_Member(topic, group, i) for i in range(members)]
    for t in threads:
        t.start()
    try:
        started = time.monotonic()
        total = len(partitions(topic))
        try:
            owned = wait_until(lambda: _settled(threads, total), f"the group of {members} to settle", timeout, interval=0.1)
        except WaitTimeout:
            raise WaitTimeout(say("err.group_unsettled", count=members, owned=[t.owned for t in threads])) from None
        if read:
            for t in threads:
                t.read.set()
            left = max(0.0, timeout - (time.monotonic() - started))   # one deadline for settling and reading
            try:
                wait_until(lambda: sum(t.count for t in threads) >= target, f"the group to read {target} records",
                           left, interval=0.1)
            except WaitTimeout:
                raise WaitTimeout(say("err.group_read_short", read=sum(t.count for t in threads), target=target,
                                      timeout=timeout)) from None
        return [(o, t.count) for o, t in zip(owned, threads)]
    finally:
        for t in threads:
            t.halt.set()
        for t in threads:
            t.join(timeout=15)


def group_assignments(topic: str, group: str, members: int, timeout: float = 60.0) -> list[list[int]]:
    """Each member's partitions once a group of `members` is stable (written out in notebook 08; here one thread each)."""
    return [owned for owned, _ in _group(topic, group, members, timeout, read=False)]


def group_reads(topic: str, group: str, members: int, timeout: float = 60.0) -> list[tuple[list[int], int]]:
    """Let a group of `members` settle, then read the whole topic; each member's partitions and records read (notebook 08)."""
    return _group(topic, group, members, timeout, read=True)


@dataclass(frozen=True)
class Throughput:
    """One measurement: how many records `consumers` consumers of one group read from `partitions`, and how fast."""

    partitions: int
    consumers: int
    records: int
    seconds: float

    @property
    def per_second(self) -> float:
        """Records per second."""
        return self.records / self.seconds if self.seconds else 0.0


def measure(topic: str, consumers: int, group: str, timeout: float = 60.0) -> Throughput:
    """Read the whole topic with `consumers` consumers of one group (threads of this process); time it (notebook 08)."""
    target = total_records(topic)
    counts = [0] * consumers
    lock = threading.Lock()
    done = threading.Event()
    started = time.monotonic()

    def run(index: int) -> None:
        c = consumer(group_id=group, client_id=f"{group}-{index}", max_poll_records=2000, fetch_max_bytes=8 << 20)
        c.subscribe([topic])
        try:
            while not done.is_set() and time.monotonic() - started < timeout:
                batch: dict[Any, list] = c.poll(timeout_ms=200)
                n = sum(len(records) for records in batch.values())
                with lock:
                    counts[index] += n
                    if sum(counts) >= target:
                        done.set()
        finally:
            c.close(autocommit=False)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(consumers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout + 10)
    seconds = time.monotonic() - started
    if sum(counts) < target:
        raise TimeoutError(say("err.read_short", consumers=consumers, read=sum(counts), target=target, timeout=timeout))
    return Throughput(len(partitions(topic)), consumers, sum(counts), seconds)
