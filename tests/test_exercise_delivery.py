"""Notebook 03b's exercise: the worked solution survives the check's crash, and each typical mistake gets its own hint."""
from __future__ import annotations

import time
from typing import Any, Callable

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from workshop import sensors, store, topics
from workshop.config import Settings
from workshop.exercises import TODO
from workshop.exercises import delivery as ex
from workshop.messages import say
from helpers import said_in_both

COUNT = 24
ENDS = {0: 16, 1: 8}
"""sensor_1, 2, 3 and 5 hash to partition 0, sensor_4 and 6 to partition 1: four readings each."""


def fill(settings: Settings, topic: str) -> None:
    """The exercise's topic: 24 readings of six sensors, keyed by sensor."""
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    for i in range(COUNT):
        sensor = f"sensor_{i % 6 + 1}"
        reading = {"sensor_id": sensor, "temperature": round(20.0 + i / 10, 1), "timestamp": 1713763500 + i}
        producer.send(topic, key=sensor.encode(), value=sensors.encode(reading))
    producer.flush()
    producer.close()
    assert topics.end_offsets(topic) == ENDS


class App:
    """A learner's consumer application, right or with one typical mistake; it records the batches it polled per run."""

    def __init__(self, settings: Settings, topic: str, commit: str = "after", write: str = "replace",
                 ident: Callable[[Any], Any] | None = None, auto_commit: bool = False, close_commits: bool = False,
                 partitions: tuple[int, ...] = (0, 1), catch: bool = False, one_poll: bool = False) -> None:
        self.settings, self.topic, self.commit, self.write = settings, topic, commit, write
        self.ident = ident or (lambda r: store.record_id(r.topic, r.partition, r.offset))
        self.auto_commit, self.close_commits, self.partitions = auto_commit, close_commits, partitions
        self.catch, self.one_poll = catch, one_poll
        self.runs: list[list[list[tuple[int, int]]]] = []
        self.errors: list[Exception] = []

    def __call__(self, group: str, collection: Any) -> None:
        batches: list[list[tuple[int, int]]] = []
        self.runs.append(batches)
        c = KafkaConsumer(bootstrap_servers=self.settings.bootstrap_servers, group_id=group,
                          auto_offset_reset="earliest", enable_auto_commit=self.auto_commit, max_poll_records=5)
        parts = [TopicPartition(self.topic, p) for p in self.partitions]
        c.assign(parts)
        ends = c.end_offsets(parts)
        deadline = time.monotonic() + 60
        try:
            while any(c.position(tp) < ends[tp] for tp in parts):
                assert time.monotonic() < deadline, "the consumer did not reach the end of the topic within 60 s"
                batch = [r for records in c.poll(timeout_ms=1000).values() for r in records]
                batches.append([(r.partition, r.offset) for r in batch])
                if self.commit == "before":
                    c.commit()
                for r in batch:
                    try:
                        self.store(collection, r)
                    except Exception as exc:
                        self.errors.append(exc)
                        if not self.catch:
                            raise
                if self.commit == "after":
                    c.commit()
                elif self.commit == "last offset" and batch:   # the offset of the last record, not the next one
                    last = {r.partition: r.offset for r in batch}
                    c.commit({TopicPartition(self.topic, p): OffsetAndMetadata(o, "", -1) for p, o in last.items()})
                if self.one_poll:
                    break
        finally:
            c.close(autocommit=self.close_commits)

    def store(self, collection: Any, r: Any) -> None:
        """One record into MongoDB, the way this application writes."""
        doc = {"value": r.value.decode()}
        if self.write == "replace":
            collection.replace_one({"_id": self.ident(r)}, doc, upsert=True)
        elif self.write == "replace without upsert":
            collection.replace_one({"_id": self.ident(r)}, doc)
        elif self.write == "insert":
            collection.insert_one({"_id": self.ident(r), **doc})
        else:
            collection.insert_one(doc)

    def crashed_batch(self) -> tuple[list[tuple[int, int]], dict[int, int]]:
        """The first run's records after the crashing write in its batch, and every partition's position after that batch."""
        flat: list[tuple[int, int]] = []
        for batch in self.runs[0]:
            start = len(flat)
            flat += batch
            if len(flat) >= ex.CRASH_AT:
                positions = {p: 0 for p in self.partitions}
                for p, o in flat:
                    positions[p] = max(positions[p], o + 1)
                assert start < ex.CRASH_AT - 1, f"the crash fell on the first record of a batch: {self.runs[0]}"
                return flat[ex.CRASH_AT - 1:], positions
        raise AssertionError(f"the first run polled fewer than {ex.CRASH_AT} records: {self.runs[0]}")


def by_partition(pairs: list[tuple[int, int]]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for p, o in sorted(pairs):
        out.setdefault(p, []).append(o)
    return out


@pytest.fixture
def topic(live: Settings, fresh: str) -> str:
    fill(live, fresh)
    return fresh


def check(app: Any, topic: str) -> ex.Result:
    return ex.check_idempotent_consumer(app, topic, f"{topic}-group", "ex_delivery")


def collection() -> Any:
    return store.collection("ex_delivery")


@pytest.mark.live
def test_worked_solution_passes(live: Settings, topic: str, capsys: pytest.CaptureFixture) -> None:
    app = App(live, topic)
    result = check(app, topic)
    replayed = ex.CRASH_AT - 1 + sum(len(b) for b in app.runs[1]) - COUNT
    assert replayed > 0, app.runs   # the crash came in the middle of a batch, which the restart read again
    assert result and said_in_both(result, "ex.delivery.right", crash_at=ex.CRASH_AT, replayed=replayed,
                                   total=COUNT, committed=ENDS), result.why
    assert capsys.readouterr().out == say("ex.right", why=result.why) + "\n"
    assert collection().count_documents({}) == COUNT
    assert topics.group_lag(f"{topic}-group", topic)[1]["committed"] == ENDS[1]


@pytest.mark.live
def test_unanswered_not_a_function_and_no_topic(live: Settings, fresh: str) -> None:
    assert said_in_both(check(TODO, fresh), "ex.not_answered")
    assert said_in_both(check({}, fresh), "ex.delivery.shape", kind="dict")
    assert said_in_both(check(App(live, fresh), fresh), "ex.delivery.topic", topic=fresh, total=0)


@pytest.mark.live
def test_commit_before_storing_loses_the_rest_of_the_batch(live: Settings, topic: str) -> None:
    app = App(live, topic, commit="before")
    result = check(app, topic)
    lost, committed = app.crashed_batch()
    assert not result and said_in_both(result, "ex.delivery.commit_first", lost=by_partition(lost),
                                       crash_at=ex.CRASH_AT, committed=committed), result.why


@pytest.mark.live
def test_auto_commit_commits_on_the_way_out(live: Settings, topic: str) -> None:
    app = App(live, topic, commit="never", auto_commit=True, close_commits=True)   # kafka-python's defaults
    result = check(app, topic)
    lost, committed = app.crashed_batch()
    assert not result and said_in_both(result, "ex.delivery.commit_on_exit", lost=by_partition(lost),
                                       crash_at=ex.CRASH_AT, committed=committed), result.why


@pytest.mark.live
def test_catching_the_failed_write_and_going_on(live: Settings, topic: str) -> None:
    app = App(live, topic, catch=True)
    result = check(app, topic)
    lost, _ = app.crashed_batch()
    rest = [(p, o) for batch in app.runs[0] for p, o in batch][ex.CRASH_AT - 1:]
    assert lost == rest[:len(lost)] and all(isinstance(e, ex.Crash) for e in app.errors)
    assert not result and said_in_both(result, "ex.delivery.went_on", lost=by_partition(rest),
                                       crash_at=ex.CRASH_AT, committed=ENDS), result.why


@pytest.mark.live
def test_never_commits(live: Settings, topic: str) -> None:
    result = check(App(live, topic, commit="never"), topic)
    assert not result and said_in_both(result, "ex.delivery.no_commit", total=COUNT), result.why


@pytest.mark.live
def test_commits_the_last_offset_instead_of_the_next(live: Settings, topic: str) -> None:
    result = check(App(live, topic, commit="last offset"), topic)
    assert not result and said_in_both(result, "ex.delivery.behind", committed={0: 15, 1: 7}, ends=ENDS), result.why


@pytest.mark.live
def test_insert_one_fails_on_the_replay(live: Settings, topic: str) -> None:
    app = App(live, topic, write="insert")
    result = check(app, topic)
    refused = app.errors[-1]
    assert len(app.runs) == 2 and ex._duplicate_key(refused)
    assert not result and said_in_both(result, "ex.delivery.insert", error=ex._describe(refused)), result.why


@pytest.mark.live
def test_insert_without_an_id_stores_the_replay_twice(live: Settings, topic: str) -> None:
    result = check(App(live, topic, write="insert without id"), topic)
    count = collection().count_documents({})
    assert count > COUNT
    assert not result and said_in_both(result, "ex.delivery.duplicates", count=count, total=COUNT), result.why


@pytest.mark.live
def test_an_id_that_is_not_unique_per_record(live: Settings, topic: str) -> None:
    result = check(App(live, topic, ident=lambda r: r.offset), topic)   # offsets repeat in every partition
    ids = [d["_id"] for d in collection().find({}, {"_id": 1})]
    assert sorted(ids) == list(range(ENDS[0]))
    assert not result and said_in_both(result, "ex.delivery.not_unique", count=ENDS[0], total=COUNT,
                                       example=ids[0], wanted=store.record_id(topic, 0, 0)), result.why


@pytest.mark.live
def test_an_id_of_another_form(live: Settings, topic: str) -> None:
    result = check(App(live, topic, ident=lambda r: f"{r.partition}/{r.offset}"), topic)
    ids = [d["_id"] for d in collection().find({}, {"_id": 1})]
    assert sorted(ids) == sorted(f"{p}/{o}" for p, n in ENDS.items() for o in range(n))
    assert not result and said_in_both(result, "ex.delivery.id_form", count=COUNT, total=COUNT, example=ids[0],
                                       wanted=store.record_id(topic, 0, 0)), result.why


@pytest.mark.live
def test_replace_without_upsert_stores_nothing(live: Settings, topic: str) -> None:
    result = check(App(live, topic, write="replace without upsert"), topic)
    assert not result and said_in_both(result, "ex.delivery.empty", collection="ex_delivery"), result.why


@pytest.mark.live
def test_one_partition_only(live: Settings, topic: str) -> None:
    result = check(App(live, topic, partitions=(0,)), topic)
    assert not result and said_in_both(result, "ex.delivery.not_read", lost={1: list(range(ENDS[1]))}), result.why


@pytest.mark.live
def test_one_poll_per_call_never_meets_the_crash(live: Settings, topic: str) -> None:
    result = check(App(live, topic, one_poll=True), topic)
    assert not result and said_in_both(result, "ex.delivery.no_crash", written=5, crash_at=ex.CRASH_AT), result.why


@pytest.mark.live
def test_a_subscribed_consumer_left_open_by_the_crash(live: Settings, topic: str) -> None:
    consumers: list[KafkaConsumer] = []

    def subscriber(group: str, collection: Any) -> None:
        c = KafkaConsumer(bootstrap_servers=live.bootstrap_servers, group_id=group, auto_offset_reset="earliest",
                          enable_auto_commit=False, max_poll_records=5)
        consumers.append(c)
        c.subscribe([topic])
        deadline = time.monotonic() + 60
        while sum(c.position(tp) for tp in c.assignment()) < COUNT or not c.assignment():
            assert time.monotonic() < deadline, "the consumer did not reach the end of the topic within 60 s"
            for records in c.poll(timeout_ms=1000).values():
                for r in records:
                    collection.replace_one({"_id": store.record_id(r.topic, r.partition, r.offset)}, {}, upsert=True)
            c.commit()
        c.close(autocommit=False)   # only when it ends well: a crash leaves the member in the group

    try:
        result = check(subscriber, topic)
        assert not result and said_in_both(result, "ex.delivery.subscribed", group=f"{topic}-group"), result.why
        result = check(subscriber, topic)   # the member of the first attempt is still there
        assert not result and said_in_both(result, "ex.delivery.busy", group=f"{topic}-group", members=1), result.why
    finally:
        for c in consumers:
            c.close(autocommit=False)


@pytest.mark.live
def test_a_function_that_fails_on_its_own(live: Settings, topic: str) -> None:
    def broken(group: str, collection: Any) -> None:
        raise KeyError("value")

    result = check(broken, topic)
    assert not result and said_in_both(result, "ex.delivery.raised", error="KeyError: 'value'"), result.why


def test_the_crashing_collection_counts_and_refuses_writes() -> None:
    class Recorder:
        full_name = "db.c"

        def __init__(self) -> None:
            self.docs: list[Any] = []

        def replace_one(self, flt: Any, doc: Any, upsert: bool = False) -> None:
            self.docs.append(flt["_id"])

        def insert_many(self, docs: list[Any]) -> None:
            self.docs += [d["_id"] for d in docs]

    seen: list[str] = []

    def on_crash() -> dict[int, int]:
        seen.append("crash")
        return {0: 1}

    target = Recorder()
    sink = ex.CrashingCollection(target, crash_at=4, on_crash=on_crash)
    sink.replace_one({"_id": 1}, {}, upsert=True)
    sink.insert_many([{"_id": 2}])
    with pytest.raises(ex.Crash):
        sink.insert_many([{"_id": 3}, {"_id": 4}, {"_id": 5}])   # an ordered bulk write fails at its second document
    assert target.docs == [1, 2, 3] and sink.written == 3 and sink.crashed and sink.at_crash == {0: 1}
    with pytest.raises(ex.Crash):
        sink.replace_one({"_id": 6}, {})
    assert target.docs == [1, 2, 3] and sink.after_crash == 1 and seen == ["crash"]
    assert sink.full_name == "db.c"
