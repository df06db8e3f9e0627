"""The Spark session with its Kafka and MongoDB connectors, and the sensor pipeline from Kafka to MongoDB."""
from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from . import jars, jvm, lease, store, validation
from .config import settings
from .errors import StackError
from .messages import say
from .probes import kafka_answers

SPARK_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = {log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{{yy/MM/dd HH:mm:ss}} %p %c{{1}}: %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = error
logger.spark.name = org.apache.spark
logger.spark.level = warn
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
"""

READING_SCHEMA = validation.SCHEMA
"""The seed's reading as a Spark schema, defined in workshop.validation (extra fields are allowed and kept)."""

_session: Any = None


def spark_session(app: str = "workshop"):
    """The SparkSession: local mode unless SPARK_MASTER says otherwise, Kafka and MongoDB connectors attached (notebook 05)."""
    global _session
    from pyspark.sql import SparkSession

    if _session is not None and not _session.sparkContext._jsc.sc().isStopped():
        return _session
    s = settings()
    jvm.require_java()
    s.spark_dir.mkdir(parents=True, exist_ok=True)
    log_config = s.spark_dir / "log4j2.properties"
    log_config.write_text(SPARK_LOG4J.format(log=(s.spark_dir / "spark.log").as_posix()))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    java_options = f"-Dlog4j2.configurationFile={log_config.as_uri()} -Dlog4j.configurationFile={log_config.as_uri()}"
    builder = (
        SparkSession.builder.master(s.spark_master).appName(app)
        .config("spark.jars", ",".join(str(p) for group in ("spark-kafka", "spark-mongo") for p in jars.fetch(group)))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.ui.port", str(s.spark_ui_port))
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.local.dir", str(s.spark_dir / "tmp"))
        .config("spark.sql.warehouse.dir", str(s.spark_dir / "warehouse"))
        .config("spark.driver.memory", s.spark_driver_memory)
        .config("spark.driver.extraJavaOptions", java_options)
        .config("spark.executor.extraJavaOptions", java_options)
        .config("spark.sql.streaming.stopGracefullyOnShutdown", "true")
    )
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    with _jvm_output_to(s.spark_dir / "spark-jvm.out"):
        _session = builder.getOrCreate()
    _session.sparkContext.setLogLevel("ERROR")
    return _session


@contextmanager
def _jvm_output_to(path: Path) -> Iterator[None]:
    """Point file descriptors 1 and 2 at a log file while the JVM starts, so it inherits the file, not the notebook."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = [os.dup(1), os.dup(2)]
    with path.open("ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)


def checkpoint_dir(name: str) -> Path:
    """Where a named streaming query keeps its offsets and state."""
    return settings().checkpoints / name


def clear_checkpoint(name: str) -> bool:
    """Delete a query's checkpoint so its next start obeys startingOffsets again; return whether one existed."""
    path = checkpoint_dir(name)
    existed = path.exists()
    shutil.rmtree(path, ignore_errors=True)
    return existed


def kafka_stream(spark: Any, starting_offsets: str = "latest", topic: str | None = None,
                 max_offsets_per_trigger: int | None = None, fail_on_data_loss: bool = True):
    """`spark.readStream.format("kafka")` on the sensor topic, with the seed's options (notebook 05)."""
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


def records(stream: Any):
    """Kafka columns as the pipeline stores them: topic, partition, offset, timestamp, key and value as text (notebook 05)."""
    return stream.selectExpr("topic", "partition", "offset", "CAST(timestamp AS LONG) AS timestamp",
                             "CAST(key AS STRING) AS key", "CAST(value AS STRING) AS value",
                             "is_valid_utf8(value) AS valid_utf8")


def validated(records: Any, now: float | None = None):
    """Records with their validation columns and `reason`, null for a valid reading (notebook 05).

    The columns: `fields` (the JSON as name → VARIANT), `kinds` (each required field's JSON type), `reading` (typed
    by the schema) and `reason`: null for a valid reading; `now` (epoch seconds) replaces the batch's clock for the future check.
    """
    from pyspark.sql import functions as F

    clock = F.lit(now) if now is not None else F.unix_micros(F.current_timestamp()) / 1_000_000
    return (records.withColumn("fields", validation.fields(F.col("value")))
            .withColumn("kinds", validation.kinds(F.col("fields")))
            .withColumn("reading", validation.typed(F.col("fields")))
            .withColumn("reason", validation.reason_column(F.col("value"), F.col("valid_utf8"), F.col("fields"),
                                                           F.col("kinds"), F.col("reading"), clock)))


def valid(checked: Any):
    """The valid readings of a validated stream, with their typed fields and an event-time column (notebook 05)."""
    from pyspark.sql import functions as F

    return (checked.where(F.col("reason").isNull())
            .select("*", "reading.sensor_id", "reading.temperature",
                    F.timestamp_seconds("reading.timestamp").alias("event_time")))


def quarantined(checked: Any):
    """The records of a validated stream that are not readings, each with its reason (notebook 05)."""
    from pyspark.sql import functions as F

    return checked.where(F.col("reason").isNotNull())


def window_averages(readings: Any, window: str = "1 minute", watermark: str = "2 minutes"):
    """Average, max and count per sensor and event-time window, with a watermark for late data (notebook 05)."""
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


def survey(checked: Any) -> tuple[list[str], int, int]:
    """One small query over a validated batch: its readings' extra field names, and how many are valid and quarantined."""
    from pyspark.sql import functions as F

    ok = F.col("reason").isNull()
    row = checked.agg(F.flatten(F.collect_set(F.when(ok, F.map_keys("fields")))).alias("names"),
                      F.count_if(ok).alias("valid"), F.count_if(~ok).alias("quarantined")).first()
    return store.extra_names(row["names"]), row["valid"], row["quarantined"]


def write_batch(batch: Any, batch_id: int) -> None:
    """The foreachBatch sink: valid readings to `readings`, the rest to `quarantine`; the executors write (notebook 05).

    `batch` is one micro-batch of `validated(records(stream))`. Both writes replace by _id, so a batch
    written again after a crash changes nothing: exactly once in MongoDB.
    """
    batch.persist()
    try:
        extra, readings, rejected = survey(batch)
        with _mongodb_named(batch_id):
            if readings:
                store.write(store.readings_documents(valid(batch), extra), store.READINGS, json_text=True)
            if rejected:
                store.write(store.quarantine_documents(quarantined(batch)), store.QUARANTINE)
    finally:
        batch.unpersist()


def write_windows(batch: Any, batch_id: int) -> None:
    """The foreachBatch sink of the window averages: each updated window replaces its document (notebook 05)."""
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


def _from_mongodb(text: str) -> bool:
    return "com.mongodb." in text


def _mongodb_down(batch_id: int | None = None) -> str:
    batch = f"batch {batch_id}" if batch_id is not None else "a batch"
    return (f"MongoDB stopped answering at {settings().mongo_uri} while {batch} was being stored. "
            "Nothing of this batch is marked done. Fix: start MongoDB (`python -m workshop up`, or check MONGO_URI), "
            "then start the query again on the same checkpoint: it stores this batch again, without duplicates.")


def _start(frame: Any, name: str, sink: Any, trigger: dict | None, output_mode: str = "append"):
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
                   fail_on_data_loss: bool = True, topic: str | None = None):
    """Start the query Kafka → validate → MongoDB readings + quarantine, exactly once per record (notebook 05).

    `trigger` is passed to `DataStreamWriter.trigger`, e.g. {"availableNow": True} to stop when caught up.
    """
    preflight()
    spark = spark or spark_session()
    stream = kafka_stream(spark, starting_offsets, topic, max_offsets_per_trigger, fail_on_data_loss)
    return _start(validated(records(stream)), name, write_batch, trigger)


def start_window_aggregates(spark: Any | None = None, name: str = "window-averages", starting_offsets: str = "earliest",
                            window: str = "1 minute", watermark: str = "2 minutes", trigger: dict | None = None):
    """Start the query that keeps per-sensor window averages up to date in MongoDB (notebook 05)."""
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


def committed_offsets(name: str = "readings") -> dict[str, dict[int, int]]:
    """Per topic and partition, the next offset a restarted query reads: the end of its last committed batch."""
    import json

    commits = [int(p.name) for p in (checkpoint_dir(name) / "commits").glob("[0-9]*") if p.name.isdigit()]
    if not commits:
        return {}
    lines = (checkpoint_dir(name) / "offsets" / str(max(commits))).read_text().splitlines()
    offsets: dict[str, dict[int, int]] = {}
    for line in lines[2:]:
        for topic, parts in json.loads(line).items():
            offsets[topic] = {int(p): int(o) for p, o in parts.items()}
    return offsets


def deleted_ranges(name: str = "readings") -> dict[str, dict[int, tuple[int, int]]]:
    """Offsets a query's checkpoint still needs but retention already deleted, per topic and partition."""
    from . import topics

    lost: dict[str, dict[int, tuple[int, int]]] = {}
    for topic, parts in committed_offsets(name).items():
        for info in topics.partitions(topic):
            start = parts.get(info.partition, 0)
            if start < info.earliest:
                lost.setdefault(topic, {})[info.partition] = (start, info.earliest - 1)
    return lost


def failure(query: Any) -> str | None:
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
    if lost or "failOnDataLoss" in text or "OffsetOutOfRange" in text:
        where = "; ".join(f"offsets {a}..{b} of partition {p} of {t}" for t, parts in lost.items()
                          for p, (a, b) in sorted(parts.items())) or "offsets the checkpoint still points at"
        return (f"{where} were deleted by retention before the query read them. To continue from what is left, "
                f"clear the checkpoint (workshop.streaming.clear_checkpoint({query.name!r})) or restart with "
                "fail_on_data_loss=False; workshop.store.missing_offsets then lists the gap.")
    return f"streaming query {query.name!r} failed: {text.splitlines()[0] if text else type(error).__name__}"


def await_caught_up(query: Any, timeout: float = 120.0) -> dict:
    """Block until a running query has processed the topic up to its end offsets; return that progress (notebook 05)."""
    import json
    import time

    from . import topics

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        problem = failure(query) if not query.isActive else None
        if problem is not None:
            raise PipelineError(problem)
        progress = query.lastProgress
        if progress and progress["sources"]:
            end = progress["sources"][0]["endOffset"]
            end = json.loads(end) if isinstance(end, str) else end
            if end and all({str(p): o for p, o in topics.end_offsets(t).items()} == parts for t, parts in end.items()):
                return progress
        time.sleep(0.2)
    raise TimeoutError(say("err.not_caught_up", name=query.name, timeout=timeout))


def stop_all(spark: Any | None = None) -> list[str]:
    """Stop every active streaming query of this Spark session; return their names."""
    spark = spark or _session
    if spark is None:
        return []
    names = []
    for query in spark.streams.active:
        names.append(query.name or query.id)
        query.stop()
    return names
