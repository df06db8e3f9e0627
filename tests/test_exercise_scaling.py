"""Notebook 08's exercise: the worked solution passes, and each typical mistake gets its own hint in both languages."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import pytest
from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewPartitions
from kafka.errors import InvalidPartitionsError

from workshop import scaling, topics
from workshop.config import Settings
from workshop.exercises import TODO
from workshop.exercises import scaling as ex
from workshop.messages import Phrase, say
from helpers import said_in_both

KEYS = ex.KEYS
MOVES = ["sensor_2", "sensor_4", "sensor_6", "sensor_7"]
"""The keys whose partition differs between 2 and 3 partitions (murmur2 % 2 vs % 3), as the notebook's output shows."""


@pytest.fixture
def prepared(fresh: str) -> str:
    """The exercise's setup cell: the 2-partition topic with one keyed record per sensor (the library's copy)."""
    scaling.key_partitions(fresh, KEYS)
    return fresh


def grow(settings: Settings, topic: str, total: int) -> None:
    """The learner's admin call, then the bounded wait until the topic reports `total` partitions."""
    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    try:
        admin.create_partitions({topic: NewPartitions(total_count=total)})
    finally:
        admin.close()
    topics.wait_for_topic(topic)
    assert len(topics.partitions(topic)) == total


def send(settings: Settings, topic: str, keys: Sequence[str | None], producer: KafkaProducer | None = None,
         **options: Any) -> None:
    """One record per entry of `keys` (None: no key), from a new producer unless one is given."""
    mine = producer or KafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    for key in keys:
        mine.send(topic, key=key.encode() if key else None, value=b"{}", **options)
    mine.flush()
    if producer is None:
        mine.close()


def hint(message: str, **values: Any) -> Callable[[Any], bool]:
    """A predicate: the result is wrong, with exactly this message in both languages."""
    return lambda result: not result and said_in_both(result, message, **values)


def test_the_keys_that_move_are_kafkas() -> None:
    assert ex.moved(KEYS, 2, 3) == MOVES
    assert [ex.partition_for(k, 2) for k in MOVES] == [0, 1, 1, 0] and {ex.partition_for(k, 3) for k in MOVES} == {2}


@pytest.mark.live
def test_worked_solution_passes(live: Settings, prepared: str, capsys: pytest.CaptureFixture) -> None:
    grow(live, prepared, 3)
    send(live, prepared, KEYS)
    result = ex.check_added_partition(set(MOVES), prepared, KEYS)
    where = "sensor_2 0 → 2, sensor_4 1 → 2, sensor_6 1 → 2, sensor_7 0 → 2"
    assert result and said_in_both(result, "ex.scaling.right", topic=prepared, after=3, where=where, stayed=4), result.why
    assert capsys.readouterr().out == say("ex.right", why=result.why) + "\n"
    assert ex.check_added_partition(list(MOVES), prepared, KEYS), "a list of the keys is as good as a set"


@pytest.mark.live
def test_unanswered_and_answers_of_the_wrong_shape(live: Settings, prepared: str) -> None:
    assert said_in_both(ex.check_added_partition(TODO, prepared), "ex.not_answered")
    assert hint("ex.scaling.shape", answer="sensor_2")(ex.check_added_partition("sensor_2", prepared))
    assert hint("ex.scaling.shape", answer={2, 4})(ex.check_added_partition({2, 4}, prepared))
    unknown = hint("ex.scaling.unknown", unknown=["sensor-2"], first="sensor_1", last="sensor_8")
    assert unknown(ex.check_added_partition({"sensor-2", "sensor_4"}, prepared))


@pytest.mark.live
def test_no_topic(live: Settings) -> None:
    assert hint("ex.scaling.no_topic", topic="workshop-test-none")(
        ex.check_added_partition(set(MOVES), "workshop-test-none"))


@pytest.mark.live
def test_asked_for_the_number_to_add(live: Settings, prepared: str) -> None:
    with pytest.raises(InvalidPartitionsError):
        grow(live, prepared, 1)   # "add one": the broker refuses a total below the current count
    send(live, prepared, KEYS)
    result = ex.check_added_partition(set(MOVES), prepared)
    assert hint("ex.scaling.not_grown", topic=prepared, have=2, after=3)(result)


@pytest.mark.live
def test_added_too_many(live: Settings, prepared: str) -> None:
    grow(live, prepared, 4)
    send(live, prepared, KEYS)
    assert hint("ex.scaling.partitions", topic=prepared, have=4, after=3)(
        ex.check_added_partition(set(MOVES), prepared))


@pytest.mark.live
def test_records_without_a_key(live: Settings, prepared: str) -> None:
    grow(live, prepared, 3)
    send(live, prepared, [None] * len(KEYS))
    assert hint("ex.scaling.no_key", unkeyed=8, total=16)(ex.check_added_partition(set(MOVES), prepared))


@pytest.mark.live
def test_keys_spelled_differently(live: Settings, prepared: str) -> None:
    grow(live, prepared, 3)
    send(live, prepared, [k.replace("_", "-") for k in KEYS])
    strangers = sorted(k.replace("_", "-") for k in KEYS)
    assert hint("ex.scaling.other_keys", strangers=strangers, first="sensor_1", last="sensor_8")(
        ex.check_added_partition(set(MOVES), prepared))


@pytest.mark.live
def test_grown_but_nothing_sent(live: Settings, prepared: str) -> None:
    grow(live, prepared, 3)
    send(live, prepared, KEYS[:5])
    assert hint("ex.scaling.missing", missing=KEYS[5:], count=3)(ex.check_added_partition(set(MOVES), prepared))


@pytest.mark.live
def test_sent_twice(live: Settings, prepared: str) -> None:
    grow(live, prepared, 3)
    send(live, prepared, KEYS)
    send(live, prepared, ["sensor_3"])
    assert hint("ex.scaling.twice", twice=["sensor_3"])(ex.check_added_partition(set(MOVES), prepared))


@pytest.mark.live
def test_a_producer_that_still_sees_two_partitions(live: Settings, fresh: str) -> None:
    old = KafkaProducer(bootstrap_servers=live.bootstrap_servers)
    try:
        send(live, fresh, KEYS, producer=old)   # the first records, from the producer the learner then reuses
        grow(live, fresh, 3)
        send(live, fresh, KEYS, producer=old)   # its metadata still says 2 partitions
    finally:
        old.close()
    assert hint("ex.scaling.stale", before=2, after=3, keys=MOVES)(ex.check_added_partition(set(MOVES), fresh))


@pytest.mark.live
def test_sent_to_a_partition_of_its_own_choosing(live: Settings, prepared: str) -> None:
    grow(live, prepared, 3)
    send(live, prepared, KEYS, partition=0)
    assert hint("ex.scaling.astray", key="sensor_2", landed=0, want=2, after=3)(
        ex.check_added_partition(set(MOVES), prepared))


@pytest.mark.live
def test_wrong_predictions(live: Settings, prepared: str) -> None:
    grow(live, prepared, 3)
    send(live, prepared, KEYS)
    check = lambda moves: ex.check_added_partition(moves, prepared)
    assert hint("ex.scaling.none_move", before=2, after=3, actual=MOVES)(check(set()))
    assert hint("ex.scaling.inverted")(check(set(KEYS) - set(MOVES)))
    facts = [Phrase("ex.scaling.fact_stays", {"key": "sensor_1", "before": 2, "old": 0, "after": 3, "new": 0}),
             Phrase("ex.scaling.fact_moves", {"key": "sensor_7", "before": 2, "old": 0, "after": 3, "new": 2})]
    assert hint("ex.scaling.prediction", facts=facts, before=2, after=3)(
        check({"sensor_1", "sensor_2", "sensor_4", "sensor_6"}))
    stays = [Phrase("ex.scaling.fact_stays", {"key": k, "before": 2, "old": ex.partition_for(k, 2), "after": 3,
                                              "new": ex.partition_for(k, 3)}) for k in KEYS if k not in MOVES]
    assert hint("ex.scaling.prediction", facts=stays, before=2, after=3)(check(set(KEYS)))
