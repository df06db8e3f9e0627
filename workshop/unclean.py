"""acks=1 and an unclean leader election on the three-broker cluster, counted record by record (notebook 09)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence


@dataclass
class Delivery:
    """The cluster's answers to numbered records: the offset of each acknowledged one, the error of each refused one."""

    acked: dict[int, int] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)

    def errors(self) -> dict[str, int]:
        """How many records each error refused, by the error's class name."""
        counts: dict[str, int] = {}
        for error in self.refused.values():
            counts[error] = counts.get(error, 0) + 1
        return counts


def send_numbered(producer: Any, topic: str, numbers: Iterable[int], timeout: float = 60.0) -> Delivery:
    """Send one record per number (key = number % 8, value = the number), wait for every answer, and sort them."""
    from kafka.errors import KafkaError

    futures = [(n, producer.send(topic, key=str(n % 8).encode(), value=str(n).encode())) for n in numbers]
    producer.flush(timeout=timeout)
    delivery = Delivery()
    for n, future in futures:
        try:
            delivery.acked[n] = future.get(timeout=timeout).offset
        except KafkaError as error:
            delivery.refused[n] = type(error).__name__
    return delivery


def high_watermark(bootstrap: str, topic: str, partition: int = 0) -> int:
    """The partition's high watermark: every in-sync replica holds the records below it, and consumers read up to it."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        tp = TopicPartition(topic, partition)
        return int(consumer.end_offsets([tp])[tp])
    finally:
        consumer.close()


def span(numbers: Iterable[int]) -> str:
    """Numbers as consecutive ranges, e.g. '100-199' or '0-99, 200-249' ('none' when empty)."""
    ordered = sorted(set(numbers))
    if not ordered:
        return "none"
    parts, start, last = [], ordered[0], ordered[0]
    for n in ordered[1:]:
        if n != last + 1:
            parts.append(f"{start}-{last}" if last > start else str(start))
            start = n
        last = n
    parts.append(f"{start}-{last}" if last > start else str(start))
    return ", ".join(parts)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table: the first column left-aligned, the others right-aligned, columns as wide as their cells."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *(line(row) for row in cells[1:])])
