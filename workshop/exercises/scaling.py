"""Checks for the exercise of notebook 08: grow a topic by a partition, predict which keys move, verify in Kafka."""
from __future__ import annotations

from typing import Any

from .. import topics
from ..messages import Phrase
from . import Result, not_answered, report, unanswered
from .kafka import partition_for

KEYS = [f"sensor_{i}" for i in range(1, 9)]
"""The exercise's keys: the setup sends one record each to the 2-partition topic, the learner one more each after."""


def moved(keys: list[str], before: int, after: int) -> list[str]:
    """The keys whose partition under Kafka's default partitioner differs between `before` and `after` partitions."""
    return [k for k in keys if partition_for(k, before) != partition_for(k, after)]


def _names(answer: Any) -> set[str] | None:
    """A prediction as a set of key names (a set, list or dict of them); None when it is something else."""
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__iter__"):
        return None
    names = {item.decode() if isinstance(item, bytes) else item for item in answer}
    return names if all(isinstance(n, str) for n in names) else None


def _fact(key: str, before: int, after: int) -> Phrase:
    """Why one key moves or stays, in numbers: its partition under each count."""
    old, new = partition_for(key, before), partition_for(key, after)
    return Phrase("ex.scaling.fact_moves" if old != new else "ex.scaling.fact_stays",
                  {"key": key, "before": before, "old": old, "after": after, "new": new})


def _added(records: list[Any], keys: list[str], before: int) -> dict[str, list[Any]]:
    """Per key, its records other than the setup's one (the first of that key in its partition under `before`)."""
    added: dict[str, list[Any]] = {key: [] for key in keys}
    setup_seen: set[str] = set()
    for r in sorted(records, key=lambda r: (r.partition, r.offset)):
        key = r.key.decode(errors="replace")
        if key not in added:
            continue
        if key not in setup_seen and r.partition == partition_for(key, before):
            setup_seen.add(key)
            continue
        added[key].append(r)
    return added


def check_added_partition(moves: Any, topic: str, keys: list[str] | None = None, before: int = 2,
                          after: int = 3) -> Result:
    """Notebook 08: the topic grew from `before` to `after` partitions, one new keyed record per key, moves predicted."""
    keys = list(keys or KEYS)
    if unanswered(moves):
        return not_answered()
    predicted = _names(moves)
    if predicted is None:
        return report(False, "ex.scaling.shape", answer=moves)
    unknown = sorted(predicted - set(keys))
    if unknown:
        return report(False, "ex.scaling.unknown", unknown=unknown, first=keys[0], last=keys[-1])
    have = len(topics.partitions(topic))
    if not have:
        return report(False, "ex.scaling.no_topic", topic=topic)
    if have == before:
        return report(False, "ex.scaling.not_grown", topic=topic, have=have, after=after)
    if have != after:
        return report(False, "ex.scaling.partitions", topic=topic, have=have, after=after)
    records = topics.read_all(topic)
    unkeyed = sum(1 for r in records if r.key is None)
    if unkeyed:
        return report(False, "ex.scaling.no_key", unkeyed=unkeyed, total=len(records))
    strangers = sorted({r.key.decode(errors="replace") for r in records} - set(keys))
    if strangers:
        return report(False, "ex.scaling.other_keys", strangers=strangers, first=keys[0], last=keys[-1])
    added = _added(records, keys, before)
    missing = [k for k in keys if not added[k]]
    if missing:
        return report(False, "ex.scaling.missing", missing=missing, count=len(missing))
    twice = [k for k in keys if len(added[k]) > 1]
    if twice:
        return report(False, "ex.scaling.twice", twice=twice)
    landed = {k: added[k][0].partition for k in keys}
    should_move = moved(keys, before, after)
    if should_move and all(landed[k] == partition_for(k, before) for k in keys):
        return report(False, "ex.scaling.stale", before=before, after=after, keys=should_move)
    astray = [k for k in keys if landed[k] != partition_for(k, after)]
    if astray:
        key = astray[0]
        return report(False, "ex.scaling.astray", key=key, landed=landed[key], want=partition_for(key, after),
                             after=after)
    actual = {k for k in keys if landed[k] != partition_for(k, before)}
    if predicted == actual:
        where = ", ".join(f"{k} {partition_for(k, before)} → {landed[k]}" for k in keys if k in actual)
        return report(True, "ex.scaling.right", topic=topic, after=after, where=where, stayed=len(keys) - len(actual))
    if actual and not predicted:
        return report(False, "ex.scaling.none_move", before=before, after=after, actual=sorted(actual, key=keys.index))
    if actual and predicted == set(keys) - actual:
        return report(False, "ex.scaling.inverted")
    wrong = [k for k in keys if (k in predicted) != (k in actual)]
    facts = [_fact(k, before, after) for k in wrong]
    return report(False, "ex.scaling.prediction", facts=facts, before=before, after=after)
