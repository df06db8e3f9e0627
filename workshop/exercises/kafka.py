"""Checks for the Kafka exercises of notebooks 01-03: each prints right or wrong and why."""
from __future__ import annotations

from typing import Any, Iterable, TypedDict

from .. import topics
from . import Result, not_answered, report, unanswered


class RetentionQuiz(TypedDict):
    """The offsets a partition held, the ones retention deleted, and the record asked about."""

    log: list[int]
    deleted: list[int]
    asked: int


RETENTION_QUIZ: RetentionQuiz = {"log": list(range(10)), "deleted": [0, 1, 2, 3], "asked": 6}
"""Notebook 01, exercise 2: partition 0 held offsets 0-9, retention deleted 0-3; what is earliest, where is record 6?"""


def _pairs(records: Iterable[Any]) -> list[tuple[int, int]]:
    """(partition, offset) of RecordMetadata, ConsumerRecord or plain pairs."""
    out = []
    for r in records:
        out.append((r.partition, r.offset) if hasattr(r, "offset") else (int(r[0]), int(r[1])))
    return out


def _text(value: bytes) -> str:
    """A record value as text; a JSON string (what a JSON value serializer makes of "step-1") is unwrapped."""
    import json

    text = value.decode()
    try:
        loaded = json.loads(text)
    except ValueError:
        return text
    return loaded if isinstance(loaded, str) else text


def partition_for(key: bytes | str, partitions: int) -> int:
    """The partition Kafka's default partitioner picks for a key: murmur2 of the key bytes, modulo the partition count."""
    from kafka.partitioner.default import murmur2

    data = key.encode() if isinstance(key, str) else key
    return (murmur2(data) & 0x7FFFFFFF) % partitions


def check_next_offset(answer: Any, topic: str, partition: int = 0) -> Result:
    """Notebook 01, exercise 1: the offset the next record appended to `partition` will get."""
    if unanswered(answer):
        return not_answered()
    part = next((p for p in topics.partitions(topic) if p.partition == partition), None)
    if part is None:
        return report(False, "ex.next_offset.no_partition", topic=topic, partition=partition)
    if answer == part.latest:
        return report(True, "ex.next_offset.right", partition=partition, earliest=part.earliest,
                            last=part.latest - 1, latest=part.latest)
    if answer == part.latest - 1:
        return report(False, "ex.next_offset.last", answer=answer)
    return report(False, "ex.next_offset.wrong", answer=answer, partition=partition)


def check_after_retention(earliest: Any, offset_of_six: Any) -> Result:
    """Notebook 01, exercise 2: after retention deletes offsets 0-3, the earliest offset and record 6's offset."""
    if unanswered(earliest, offset_of_six):
        return not_answered()
    kept = [o for o in RETENTION_QUIZ["log"] if o not in RETENTION_QUIZ["deleted"]]
    if earliest == kept[0] and offset_of_six == RETENTION_QUIZ["asked"]:
        return report(True, "ex.retention.right", first=kept[0])
    if offset_of_six != RETENTION_QUIZ["asked"]:
        return report(False, "ex.retention.renumbered", offset=offset_of_six)
    return report(False, "ex.retention.earliest", earliest=earliest)


def check_same_key(records: Any, key: str, topic: str) -> Result:
    """Notebook 02, exercise 1: records sent with one key all landed on the key's partition, in send order."""
    if unanswered(records):
        return not_answered()
    pairs = _pairs(records)
    if len(pairs) < 3:
        return report(False, "ex.same_key.too_few", key=key, count=len(pairs))
    count = len(topics.partitions(topic))
    expected = partition_for(key, count)
    landed = sorted({p for p, _ in pairs})
    if landed != [expected]:
        return report(False, "ex.same_key.partitions", landed=landed, key=key, topic=topic, expected=expected)
    offsets = [o for _, o in pairs]
    if offsets != sorted(offsets) or len(set(offsets)) != len(offsets):
        return report(False, "ex.same_key.order", offsets=offsets)
    return report(True, "ex.same_key.right", count=len(pairs), key=key, expected=expected, partitions=count,
                        offsets=offsets)


def check_keyed_topic(name: str, partitions: int = 3, key: str = "order-42", count: int = 5) -> Result:
    """Notebook 02, exercise 2: topic `name` has `partitions` partitions and `count` records with `key`, in order."""
    parts = topics.partitions(name)
    if not parts:
        return report(False, "ex.keyed_topic.none", name=name)
    if len(parts) != partitions:
        return report(False, "ex.keyed_topic.partitions", name=name, have=len(parts), want=partitions)
    consumer = topics.consumer(consumer_timeout_ms=3000)
    try:
        from kafka import TopicPartition

        consumer.assign([TopicPartition(name, p.partition) for p in parts])
        consumer.seek_to_beginning()
        got = [(r.partition, r.key, r.value) for r in consumer]
    finally:
        consumer.close()
    keyed = [g for g in got if g[1] == key.encode()]
    if len(keyed) != count or len(got) != count:
        return report(False, "ex.keyed_topic.count", name=name, total=len(got), keyed=len(keyed), key=key,
                             count=count)
    values = [_text(v) for _, _, v in keyed]
    wanted = [f"step-{i}" for i in range(1, count + 1)]
    if values != wanted:
        return report(False, "ex.keyed_topic.order", values=values, wanted=wanted)
    return report(True, "ex.keyed_topic.right", count=count, partition=keyed[0][0], partitions=partitions)


def check_lag(answer: Any, group: str, topic: str) -> Result:
    """Notebook 03, exercise 1: the group's lag per partition, {partition: lag}."""
    if unanswered(answer):
        return not_answered()
    actual = {p: row["lag"] for p, row in topics.group_lag(group, topic).items()}
    try:
        given = {int(p): int(v) for p, v in dict(answer).items()}
    except (TypeError, ValueError):
        return report(False, "ex.lag.shape")
    if given == actual:
        return report(True, "ex.lag.right", actual=actual, left=sum(actual.values()))
    wrong = sorted(p for p in actual if given.get(p) != actual[p])
    return report(False, "ex.lag.wrong", wrong=wrong)


def check_replay(offsets: Any, topic: str, partition: int = 0, start: int = 2) -> Result:
    """Notebook 03, exercise 2: the offsets read after seeking `partition` to `start`, up to the end of the log."""
    if unanswered(offsets):
        return not_answered()
    part = next((p for p in topics.partitions(topic) if p.partition == partition), None)
    if part is None:
        return report(False, "ex.no_partition", topic=topic, partition=partition)
    wanted = list(range(max(start, part.earliest), part.latest))
    got = list(offsets)
    if got == wanted:
        return report(True, "ex.replay.right", first=wanted[0], last=wanted[-1])
    if got and got[0] != start:
        return report(False, "ex.replay.start", got=got[0], partition=partition, start=start)
    return report(False, "ex.replay.count", want=len(wanted), start=start, last=part.latest - 1, got=len(got))


def check_earliest(answer: Any, topic: str, partition: int = 0) -> Result:
    """Notebook 03, exercise 3: the first offset still readable in a partition after retention ran."""
    if unanswered(answer):
        return not_answered()
    part = next((p for p in topics.partitions(topic) if p.partition == partition), None)
    if part is None:
        return report(False, "ex.no_partition", topic=topic, partition=partition)
    if answer == part.earliest:
        return report(True, "ex.earliest.right", earliest=part.earliest)
    if answer == 0 and part.earliest > 0:
        return report(False, "ex.earliest.zero")
    return report(False, "ex.earliest.wrong", answer=answer)


def _sensor_of(record: Any) -> str:
    """The sensor a record speaks for: the `sensor_id` in its JSON value, else its key."""
    import json

    try:
        return str(json.loads(record.value)["sensor_id"])
    except (ValueError, TypeError, KeyError):
        return _text(record.key)


def check_producer_loop(counts: Any, topic: str, count: int = 60) -> Result:
    """Notebook 04: the learner's keyed producer loop sent `count` readings and counted acks per partition in a callback."""
    if unanswered(counts):
        return not_answered()
    records = topics.read_all(topic)
    if not records:
        return report(False, "ex.producer_loop.empty", topic=topic)
    unkeyed = sum(1 for r in records if r.key is None)
    if unkeyed:
        return report(False, "ex.producer_loop.no_key", unkeyed=unkeyed, total=len(records))
    placement: dict[str, set[int]] = {}
    for r in records:
        placement.setdefault(_sensor_of(r), set()).add(r.partition)
    split = sorted(k for k, parts in placement.items() if len(parts) > 1)
    if split:
        return report(False, "ex.producer_loop.split", sensor=split[0], landed=sorted(placement[split[0]]))
    if len(records) != count:
        return report(False, "ex.producer_loop.total", topic=topic, total=len(records), count=count)
    try:
        given = {int(p): int(n) for p, n in dict(counts).items() if int(n)}
    except (TypeError, ValueError):
        given = {}
    ends = {p: n for p, n in topics.end_offsets(topic).items() if n}
    if not given:
        return report(False, "ex.producer_loop.no_counts", total=len(records), counts=counts)
    if given != ends:
        return report(False, "ex.producer_loop.counts", counts=given, ends=ends)
    where = ", ".join(f"{k} → {min(v)}" for k, v in sorted(placement.items()))
    return report(True, "ex.producer_loop.right", count=count, counts=dict(sorted(given.items())), placement=where)
