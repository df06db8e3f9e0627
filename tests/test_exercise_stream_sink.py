"""Notebook 05's exercise: the worked streaming query passes the check, and each typical mistake gets its own hint.

One run of the check per case; its verdict is then read in both languages (Result.why_in), so the suite stays short.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workshop import store
from workshop.config import Settings
from workshop.exercises import Result, TODO
from workshop.exercises import streaming as ex
from workshop.messages import say
from helpers import said_in_both

COLLECTION = "ex_stream"
SCHEMA = "sensor_id STRING, temperature DOUBLE, timestamp LONG"
FIRST_ENDS = {0: 30, 1: 10}
ENDS = {0: 45, 1: 15}
"""sensor_1, 2 and 3 hash to partition 0, sensor_4 to partition 1: the check's 40 readings, then 60."""


class Learner:
    """A learner's `my_start()`: the worked solution, or it with one typical mistake."""

    def __init__(self, spark: Any, settings: Settings, topic: str, checkpoint: Path, starting: str | None = "earliest",
                 schema: str = SCHEMA, parse: bool = True, write: str = "replace", checkpointed: bool = True,
                 trigger: dict | None = None) -> None:
        self.spark, self.settings, self.topic, self.checkpoint = spark, settings, topic, checkpoint
        self.starting, self.schema, self.parse, self.write = starting, schema, parse, write
        self.checkpointed, self.trigger = checkpointed, trigger or {"availableNow": True}

    def __call__(self) -> Any:
        from pyspark.sql import functions as F

        reader = (self.spark.readStream.format("kafka")
                  .option("kafka.bootstrap.servers", self.settings.bootstrap_servers).option("subscribe", self.topic))
        if self.starting:
            reader = reader.option("startingOffsets", self.starting)
        source = reader.load()
        record_id = F.concat_ws(":", "topic", "partition", "offset").alias("_id")
        if self.parse:
            rows = source.select(record_id, F.from_json(F.col("value").cast("string"), self.schema).alias("reading"))
        else:
            rows = source.select(record_id, "value")
        writer = rows.writeStream.foreachBatch(self.store).trigger(**self.trigger)
        if self.checkpointed:
            writer = writer.option("checkpointLocation", str(self.checkpoint))
        return writer.start()

    def store(self, batch_df: Any, batch_id: int) -> None:
        documents = batch_df.select("_id", "reading.*") if self.parse else batch_df
        if self.write == "replace":
            store.write(documents, COLLECTION)
        elif self.write == "insert_many":   # pymongo on the driver, MongoDB makes up each _id
            rows = [r.asDict(recursive=True) for r in documents.drop("_id").collect()]
            if rows:
                store.collection(COLLECTION).insert_many(rows)
        else:                               # pymongo with the record's _id, but an insert
            rows = [r.asDict(recursive=True) for r in documents.collect()]
            if rows:
                store.collection(COLLECTION).insert_many(rows)


@pytest.fixture
def learner(live: Settings, spark: Any, fresh: str, tmp_path: Path) -> Any:
    def make(**mistake: Any) -> Learner:
        return Learner(spark, live, fresh, tmp_path / "checkpoint", **mistake)
    return make


def check(answer: Any, topic: str, tmp_path: Path, **options: Any) -> Result:
    return ex.check_stream_sink(answer, topic, COLLECTION, tmp_path / "checkpoint", **options)


def said(result: Result, key: str, **values: Any) -> None:
    """The verdict has this key, and says it in English and Korean with these values (one run, two languages)."""
    assert result.key == key, (result.key, result.why)
    for lang in ("en", "ko"):
        assert result.why_in(lang) == say(key, lang=lang, **values)
    assert said_in_both(result, key, **values) and result.why_in("ko") != result.why_in("en")


@pytest.mark.live
def test_worked_solution_passes(learner: Any, fresh: str, tmp_path: Path) -> None:
    result = check(learner(), fresh, tmp_path)
    assert result
    said(result, "ex.sink.right", first=40, batches=1, batch=0, replayed=40, new=20, total=60, ends=ENDS)
    temperatures = {type(d["temperature"]) for d in store.collection(COLLECTION).find()}
    assert store.collection(COLLECTION).count_documents({}) == 60 and temperatures == {float}


@pytest.mark.live
def test_unanswered_not_a_function_and_no_query(live: Settings, fresh: str, tmp_path: Path) -> None:
    said(check(TODO, fresh, tmp_path), "ex.not_answered")
    said(check({}, fresh, tmp_path), "ex.sink.shape", kind="dict")
    said(check(lambda: None, fresh, tmp_path), "ex.sink.no_query", kind="NoneType")


@pytest.mark.live
def test_starting_at_latest_reads_nothing(learner: Any, fresh: str, tmp_path: Path) -> None:
    said(check(learner(starting=None), fresh, tmp_path), "ex.sink.latest", total=40, topic=fresh)


@pytest.mark.live
def test_without_a_checkpoint_the_restart_reads_everything_again(learner: Any, fresh: str, tmp_path: Path) -> None:
    said(check(learner(checkpointed=False), fresh, tmp_path), "ex.sink.from_start", read=60, stopped=FIRST_ENDS)


@pytest.mark.live
def test_insert_without_id_stores_the_replayed_batch_twice(learner: Any, fresh: str, tmp_path: Path) -> None:
    said(check(learner(write="insert_many"), fresh, tmp_path), "ex.sink.no_id", count=100, total=60, made=100,
         batch=0, replayed=40)


@pytest.mark.live
def test_insert_with_id_is_refused_on_the_replay(learner: Any, fresh: str, tmp_path: Path) -> None:
    result = check(learner(write="insert"), fresh, tmp_path)
    error = result.verdict.values["error"]
    assert str(error).startswith("E11000 duplicate key error") and f'"{fresh}:' in str(error), error
    said(result, "ex.sink.refused", batch=0, error=error)


@pytest.mark.live
def test_temperature_as_string_is_stored_as_text(learner: Any, fresh: str, tmp_path: Path) -> None:
    result = check(learner(schema="sensor_id STRING, temperature STRING, timestamp LONG"), fresh, tmp_path)
    text = next(d["temperature"] for d in store.collection(COLLECTION).find())
    assert isinstance(text, str) and float(text) > 0
    said(result, "ex.sink.text", field="temperature", value=text)


@pytest.mark.live
def test_value_not_parsed(learner: Any, fresh: str, tmp_path: Path) -> None:
    result = check(learner(parse=False), fresh, tmp_path)
    value = next(d["value"] for d in store.collection(COLLECTION).find())
    assert value.startswith(b'{"sensor_id":')
    said(result, "ex.sink.not_parsed", example=repr(value)[:60])


@pytest.mark.live
def test_a_query_that_never_stops_is_stopped_and_named(learner: Any, spark: Any, fresh: str, tmp_path: Path) -> None:
    result = check(learner(trigger={"processingTime": "1 second"}), fresh, tmp_path, grace=3.0)
    said(result, "ex.sink.running", grace=3.0)
    assert not spark.streams.active
