"""Checks for the Kafka exercises of notebooks 01-03: each prints right or wrong and why."""
from __future__ import annotations

from typing import Any, Iterable

from .. import topics
from . import Result, not_answered, report, unanswered

RETENTION_QUIZ = {"log": list(range(10)), "deleted": [0, 1, 2, 3], "asked": 6}
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
        return report(False, f"topic {topic!r} has no partition {partition}; run the cells above first.")
    if answer == part.latest:
        return report(True, f"partition {partition} holds offsets {part.earliest}..{part.latest - 1}, so the next "
                            f"record gets {part.latest}: the log-end offset, one past the last record.")
    if answer == part.latest - 1:
        return report(False, f"{answer} is the offset of the LAST record already there; the next one comes after it.")
    return report(False, f"{answer} is not it: look at the last offset in partition {partition} and count one on.")


def check_after_retention(earliest: Any, offset_of_six: Any) -> Result:
    """Notebook 01, exercise 2: after retention deletes offsets 0-3, the earliest offset and record 6's offset."""
    if unanswered(earliest, offset_of_six):
        return not_answered()
    kept = [o for o in RETENTION_QUIZ["log"] if o not in RETENTION_QUIZ["deleted"]]
    if earliest == kept[0] and offset_of_six == RETENTION_QUIZ["asked"]:
        return report(True, f"the log now starts at {kept[0]}, and record 6 is still offset 6: "
                            "offsets are never renumbered, deleting old segments only moves the start.")
    if offset_of_six != RETENTION_QUIZ["asked"]:
        return report(False, f"record 6 is not at offset {offset_of_six}: does Kafka renumber a log when it deletes "
                             "old records? (An offset is the record's identity for as long as it lives.)")
    return report(False, f"earliest {earliest} is not it: offsets 0-3 are gone, which offset is the first one left?")


def check_same_key(records: Any, key: str, topic: str) -> Result:
    """Notebook 02, exercise 1: records sent with one key all landed on the key's partition, in send order."""
    if unanswered(records):
        return not_answered()
    pairs = _pairs(records)
    if len(pairs) < 3:
        return report(False, f"send at least three records with key {key!r} and keep every result (got {len(pairs)}).")
    count = len(topics.partitions(topic))
    expected = partition_for(key, count)
    landed = sorted({p for p, _ in pairs})
    if landed != [expected]:
        return report(False, f"the records landed on partition(s) {landed}; did you send them all with key={key!r}"
                             f" (as bytes) to {topic!r}? That key belongs to partition {expected}.")
    offsets = [o for _, o in pairs]
    if offsets != sorted(offsets) or len(set(offsets)) != len(offsets):
        return report(False, f"offsets {offsets} are not increasing: keep the results in the order you sent them.")
    return report(True, f"all {len(pairs)} records with key {key!r} went to partition {expected} (murmur2 of the key "
                        f"modulo {count} partitions) at offsets {offsets}, in the order they were sent.")


def check_keyed_topic(name: str, partitions: int = 3, key: str = "order-42", count: int = 5) -> Result:
    """Notebook 02, exercise 2: topic `name` has `partitions` partitions and `count` records with `key`, in order."""
    parts = topics.partitions(name)
    if not parts:
        return report(False, f"there is no topic {name!r} yet: create it with the admin API or kafka-topics.")
    if len(parts) != partitions:
        return report(False, f"{name!r} has {len(parts)} partition(s); the exercise asks for {partitions}. "
                             "Delete it and create it again (partitions can be added, never removed).")
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
        return report(False, f"{name!r} holds {len(got)} record(s), {len(keyed)} with key {key!r}; "
                             f"send exactly {count}, all with key={key!r}.")
    values = [_text(v) for _, _, v in keyed]
    wanted = [f"step-{i}" for i in range(1, count + 1)]
    if values != wanted:
        return report(False, f"partition order is {values}; send the values {wanted} in this order.")
    return report(True, f"all {count} records sit in partition {keyed[0][0]} of {partitions}, in the order sent: "
                        "one key, one partition, one order.")


def check_lag(answer: Any, group: str, topic: str) -> Result:
    """Notebook 03, exercise 1: the group's lag per partition, {partition: lag}."""
    if unanswered(answer):
        return not_answered()
    actual = {p: row["lag"] for p, row in topics.group_lag(group, topic).items()}
    try:
        given = {int(p): int(v) for p, v in dict(answer).items()}
    except (TypeError, ValueError):
        return report(False, "give a dict {partition: lag}, e.g. {0: 3, 1: 0}.")
    if given == actual:
        return report(True, f"lag {actual}: log-end offset minus committed offset, per partition "
                            f"({sum(actual.values())} records still to read).")
    wrong = sorted(p for p in actual if given.get(p) != actual[p])
    return report(False, f"partition(s) {wrong} are off; lag = end offset - committed offset (the committed offset "
                         "is the NEXT record the group will read, not the last one it read).")


def check_replay(offsets: Any, topic: str, partition: int = 0, start: int = 2) -> Result:
    """Notebook 03, exercise 2: the offsets read after seeking `partition` to `start`, up to the end of the log."""
    if unanswered(offsets):
        return not_answered()
    part = next((p for p in topics.partitions(topic) if p.partition == partition), None)
    if part is None:
        return report(False, f"topic {topic!r} has no partition {partition}.")
    wanted = list(range(max(start, part.earliest), part.latest))
    got = list(offsets)
    if got == wanted:
        return report(True, f"read offsets {wanted[0]}..{wanted[-1]} again: seek moves only this consumer's "
                            "position, the log itself is untouched, so any reader can replay.")
    if got and got[0] != start:
        return report(False, f"the first offset read is {got[0]}; seek partition {partition} to {start} first.")
    return report(False, f"expected {len(wanted)} offsets from {start} to {part.latest - 1}, got {len(got)}: "
                         "keep reading until the consumer times out, and only from this partition.")


def check_earliest(answer: Any, topic: str, partition: int = 0) -> Result:
    """Notebook 03, exercise 3: the first offset still readable in a partition after retention ran."""
    if unanswered(answer):
        return not_answered()
    part = next((p for p in topics.partitions(topic) if p.partition == partition), None)
    if part is None:
        return report(False, f"topic {topic!r} has no partition {partition}.")
    if answer == part.earliest:
        return report(True, f"offsets below {part.earliest} are gone with their segments; a consumer starting "
                            f"'earliest' begins at {part.earliest}, and nothing was renumbered.")
    if answer == 0 and part.earliest > 0:
        return report(False, "offset 0 was deleted by retention: ask the broker for the beginning offset.")
    return report(False, f"{answer} is not the first offset kept; ask the broker (beginning offsets).")
