"""The sensor pipeline from Kafka to MongoDB: read, validate, store (readings, quarantine, window averages)."""
from __future__ import annotations

import re
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator

from . import lease, store, validation
from .checkpoints import checkpoint_dir, clear_checkpoint, committed_offsets, deleted_ranges
from .config import settings
from .errors import StackError, WaitTimeout
from .messages import say
from .probes import kafka_answers
from .spark_session import current, spark_session
from .waiting import wait_until

if TYPE_CHECKING:
    from pyspark.sql import DataFrame
    from pyspark.sql.streaming import StreamingQuery

__all__ = ["PipelineError", "await_caught_up", "batch_metrics", "checkpoint_dir", "clear_checkpoint",
           "committed_offsets", "failure", "kafka_stream", "quarantined", "records", "run_until_caught_up",
           "spark_session", "start_pipeline", "start_window_aggregates", "stop_all", "valid", "validated",
           "window_averages", "write_batch", "write_windows"]

READING_SCHEMA = validation.SCHEMA
"""The seed's reading as a Spark schema, defined in workshop.validation (extra fields are allowed and kept)."""


def kafka_stream(spark: Any, starting_offsets: str = "latest", topic: str | None = None,
                 max_offsets_per_trigger: int | None = None, fail_on_data_loss: bool = True) -> DataFrame:
    """`spark.readStream.format("kafka")` on the sensor topic, with the seed's options (notebook 05; 05b uses this copy)."""
    s = settings()
    reader = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", s.bootstrap_servers)
        .option("subscribe", topic or s.topic)
        .option("startingOffsets", starting_offsets)
        .option("failOnDataLoss", str(fail_on_data_loss).lower())
    )
    if max_offsets_per_trigger:
        reader = reader.option("maxOffsetsPerTrigger", str(max_offsets_per_trigger))
    return reader.load()


def records(stream: DataFrame) -> DataFrame:
    """Kafka columns as the pipeline stores them: topic, partition, offset, timestamp, key and value as text (notebook 05)."""
    return stream.selectExpr("topic", "partition", "offset", "CAST(timestamp AS LONG) AS timestamp",
                             "CAST(key AS STRING) AS key", "CAST(value AS STRING) AS value",
                             "is_valid_utf8(value) AS valid_utf8")


def validated(records: DataFrame, now: float | None = None) -> DataFrame:
    """Records with their validation columns and `reason`, null for a valid reading (notebook 05; 05b uses this copy).

    The columns: `fields` (the JSON as name → VARIANT), `kinds` (each required field's JSON type), `reading` (typed
    by the schema) and `reason`: null for a valid reading. The future check compares a reading's timestamp with the
    time Kafka got the record (its `timestamp` column, seconds): the same verdict however late the record is read,
    and no clock literal in the generated code; `now` (epoch seconds) replaces it, for tables without Kafka times.
    """
    from pyspark.sql import functions as F

    clock = F.lit(now) if now is not None else F.col("timestamp")
    return (records.withColumn("fields", validation.fields(F.col("value")))
            .withColumn("kinds", validation.kinds(F.col("fields")))
            .withColumn("reading", validation.typed(F.col("fields")))
            .withColumn("reason", validation.reason_column(F.col("value"), F.col("valid_utf8"), F.col("fields"),
                                                           F.col("kinds"), F.col("reading"), clock)))


def valid(checked: DataFrame) -> DataFrame:
    """The valid readings of a validated stream, with their typed fields and an event-time column (notebook 05)."""
    from pyspark.sql import functions as F

    return (checked.where(F.col("reason").isNull())
            .select("*", "reading.sensor_id", "reading.temperature",
                    F.timestamp_seconds("reading.timestamp").alias("event_time")))


def quarantined(checked: DataFrame) -> DataFrame:
    """The records of a validated stream that are not readings, each with its reason (notebook 05)."""
    from pyspark.sql import functions as F

    return checked.where(F.col("reason").isNotNull())


def window_averages(readings: DataFrame, window: str = "1 minute", watermark: str = "2 minutes") -> DataFrame:
    """Average, max and count per sensor and event-time window, with a watermark for late data (notebook 05b)."""
    from pyspark.sql import functions as F

    return (
        readings.withWatermark("event_time", watermark)
        .groupBy(F.window("event_time", window), "sensor_id")
        .agg(F.avg("temperature").alias("avg_temperature"), F.max("temperature").alias("max_temperature"),
             F.count("*").alias("count"))
        .select(F.col("window.start").alias("window_start"), F.col("window.end").alias("window_end"),
                "sensor_id", "avg_temperature", "max_temperature", "count")
    )


class PipelineError(RuntimeError):
    """A streaming query failed; the message says what happened and how to recover."""


_EXTRA_NAMES: set[str] = set()
"""Extra field names the readings of this process have carried so far: the readings write gives each a column."""


def batch_metrics(batch: DataFrame, observation: Any) -> DataFrame:
    """The batch with metrics gathered while it is written: valid and quarantined counts, the extra field names."""
    from pyspark.sql import functions as F

    ok = F.col("reason").isNull()
    return batch.observe(observation, F.count_if(ok).alias("valid"), F.count_if(~ok).alias("quarantined"),
                         F.array_distinct(F.flatten(F.collect_set(F.when(ok, F.map_keys("fields"))))).alias("names"))


def write_batch(batch: DataFrame, batch_id: int) -> None:
    """The foreachBatch sink: valid readings to `readings`, the rest to `quarantine`; the executors write (notebook 05).

    `batch` is one micro-batch of `validated(records(stream))`. One Spark job writes the readings and counts the
    batch on the way; quarantine is written only when the batch has rejects, and the readings again only when a
    field name never seen before arrived. Every write replaces by _id, so a batch written again after a crash
    changes nothing: exactly once in MongoDB.
    """
    from pyspark.sql import Observation

    seen = Observation(f"batch-{batch_id}")
    with _mongodb_named(batch_id):
        store.write(store.readings_documents(valid(batch_metrics(batch, seen)), sorted(_EXTRA_NAMES)),
                    store.READINGS, json_text=True)
        metrics = seen.get
        new = set(store.extra_names(metrics["names"])) - _EXTRA_NAMES
        if new:
            _EXTRA_NAMES.update(new)
            store.write(store.readings_documents(valid(batch), sorted(_EXTRA_NAMES)), store.READINGS, json_text=True)
        if metrics["quarantined"]:
            store.write(store.quarantine_documents(quarantined(batch)), store.QUARANTINE)


def write_windows(batch: DataFrame, batch_id: int) -> None:
    """The foreachBatch sink of the window averages: each updated window replaces its document (notebook 05b)."""
    with _mongodb_named(batch_id):
        store.write(store.window_documents(batch), store.WINDOWS)


@contextmanager
def _mongodb_named(batch_id: int) -> Iterator[None]:
    """Turn the connector's Java exception about MongoDB into a PipelineError saying what to do."""
    try:
        yield
    except Exception as exc:
        if not _from_mongodb(str(exc)):
            raise
        raise PipelineError(_mongodb_down(batch_id)) from None


_MONGODB_ERROR = re.compile(r"com\.mongodb\.(?:\w+\.)*Mongo\w*Exception")
"""A MongoDB driver exception's class name (the connector's own frames in a stack trace do not match)."""


def _data_loss(text: str) -> bool:
    return "failOnDataLoss" in text or "OffsetOutOfRange" in text


def _from_mongodb(text: str) -> bool:
    """Whether a failure came from MongoDB: a driver exception, and not Kafka's data loss met while writing."""
    return bool(_MONGODB_ERROR.search(text)) and not _data_loss(text)


def _mongodb_down(batch_id: int | None = None) -> str:
    batch = f"batch {batch_id}" if batch_id is not None else "a batch"
    return (f"MongoDB stopped answering at {settings().mongo_uri} while {batch} was being stored. "
            "Nothing of this batch is marked done. Fix: start MongoDB (`python -m workshop up`, or check MONGO_URI), "
            "then start the query again on the same checkpoint: it stores this batch again, without duplicates.")


def _start(frame: DataFrame, name: str, sink: Any, trigger: dict | None, output_mode: str = "append") -> StreamingQuery:
    writer = (
        frame.writeStream.queryName(name).outputMode(output_mode).foreachBatch(sink)
        .option("checkpointLocation", str(checkpoint_dir(name)))
    )
    query = writer.trigger(**(trigger or {"processingTime": "1 second"})).start()
    lease.watch(query.stop, lambda: query.isActive, name)
    return query


def preflight() -> None:
    """Fail fast, naming the setting to fix, when Kafka or MongoDB does not answer."""
    s = settings()
    if not kafka_answers(s.bootstrap_servers):
        raise StackError(say("err.kafka_down", address=s.bootstrap_servers))
    store.client()


def start_pipeline(spark: Any | None = None, name: str = "readings", starting_offsets: str = "earliest",
                   max_offsets_per_trigger: int | None = 20_000, trigger: dict | None = None,
                   fail_on_data_loss: bool = True, topic: str | None = None) -> StreamingQuery:
    """Start the query Kafka → validate → MongoDB readings + quarantine, exactly once per record (notebook 05).

    `trigger` is passed to `DataStreamWriter.trigger`, e.g. {"availableNow": True} to stop when caught up.
    """
    preflight()
    spark = spark or spark_session()
    stream = kafka_stream(spark, starting_offsets, topic, max_offsets_per_trigger, fail_on_data_loss)
    return _start(validated(records(stream)), name, write_batch, trigger)


def start_window_aggregates(spark: Any | None = None, name: str = "window-averages", starting_offsets: str = "earliest",
                            window: str = "1 minute", watermark: str = "2 minutes",
                            trigger: dict | None = None) -> StreamingQuery:
    """Start the query that keeps per-sensor window averages up to date in MongoDB (notebook 05b)."""
    preflight()
    spark = spark or spark_session()
    frame = window_averages(valid(validated(records(kafka_stream(spark, starting_offsets)))), window, watermark)
    return _start(frame, name, write_windows, trigger, output_mode="update")


def run_until_caught_up(name: str = "readings", starting_offsets: str = "earliest", **options: Any) -> dict:
    """Run the pipeline until everything in the topic is stored, then stop; return its last progress."""
    query = start_pipeline(name=name, starting_offsets=starting_offsets, trigger={"availableNow": True}, **options)
    from pyspark.errors import StreamingQueryException

    try:
        query.awaitTermination()
    except StreamingQueryException:
        pass  # failure() below says what happened, in words
    problem = failure(query)
    if problem is not None:
        raise PipelineError(problem)
    return query.lastProgress or {}


def failure(query: StreamingQuery) -> str | None:
    """Why a stopped query failed, in words with the fix; None if it did not fail."""
    error = query.exception()
    if error is None:
        return None
    text = str(error)
    if "PipelineError: " in text:
        return text.split("PipelineError: ", 1)[1].splitlines()[0]
    if _from_mongodb(text):
        return _mongodb_down()
    lost = deleted_ranges(query.name) if query.name else {}
    if lost or _data_loss(text):
        where = "; ".join(f"offsets {a}..{b} of partition {p} of {t}" for t, parts in lost.items()
                          for p, (a, b) in sorted(parts.items())) or "offsets the checkpoint still points at"
        return (f"{where} were deleted by retention before the query read them. To continue from what is left, "
                f"clear the checkpoint (workshop.streaming.clear_checkpoint({query.name!r})) or restart with "
                "fail_on_data_loss=False; workshop.store.missing_offsets then lists the gap.")
    return f"streaming query {query.name!r} failed: {first_and_cause(text) if text else type(error).__name__}"


def first_and_cause(text: str) -> str:
    """An error's first line and, when a Python traceback follows it (a foreachBatch function raised), its last line."""
    lines = [line.strip() for line in text.split("=== Streaming Query ===")[0].splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].endswith("Traceback (most recent call last):"):
        return f"{lines[0]} … {lines[-1]}"
    return lines[0] if lines else text


def await_caught_up(query: StreamingQuery, timeout: float = 120.0) -> dict:
    """Block until a running query has processed the topic up to its end offsets; return that progress (notebook 05)."""
    import json

    from . import topics

    def caught_up() -> dict | None:
        problem = failure(query) if not query.isActive else None
        if problem is not None:
            raise PipelineError(problem)
        progress = query.lastProgress
        if not progress or not progress["sources"]:
            return None
        end = progress["sources"][0]["endOffset"]
        end = json.loads(end) if isinstance(end, str) else end
        done = end and all({str(p): o for p, o in topics.end_offsets(t).items()} == parts for t, parts in end.items())
        return progress if done else None

    try:
        return wait_until(caught_up, f"query {query.name!r} to catch up", timeout)
    except WaitTimeout:
        raise WaitTimeout(say("err.not_caught_up", name=query.name, timeout=timeout)) from None


def stop_all(spark: Any | None = None) -> list[str]:
    """Stop every active streaming query of this Spark session; return their names."""
    spark = spark or current()
    if spark is None:
        return []
    names = []
    for query in spark.streams.active:
        names.append(query.name or query.id)
        query.stop()
    return names
