"""MongoDB for the pipeline (documents written by the executors through the Spark connector) and for the plots."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping

from .config import settings
from .messages import say
from .validation import FIELDS, json_kind

if TYPE_CHECKING:
    from pymongo import MongoClient
    from pymongo.collection import Collection
    from pymongo.database import Database
    from pyspark.sql import Column, DataFrame

READINGS = "readings"
QUARANTINE = "quarantine"
WINDOWS = "window_averages"
DUPLICATE_KEY = 11000
MAX_RAW = 64 * 1024
"""Raw values longer than this are cut in quarantine (the length is kept beside them)."""


@lru_cache(maxsize=4)
def _client(uri: str) -> MongoClient:
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    from .errors import StackError

    mongo: Any = None
    try:
        mongo = MongoClient(uri, serverSelectionTimeoutMS=5000, tz_aware=True)
        mongo.admin.command("ping")
    except PyMongoError as exc:
        if mongo is not None:
            mongo.close()
        raise StackError(say("err.mongo_down", uri=uri, error=type(exc).__name__)) from None
    return mongo


def client() -> MongoClient:
    """A pymongo client for MONGO_URI, shared within the process; an unreachable server raises StackError."""
    return _client(settings().mongo_uri)


def database() -> Database:
    """The workshop's database (notebook 06)."""
    return client()[settings().database]


def collection(name: str = READINGS) -> Collection:
    """One collection of the workshop's database: readings, quarantine or window_averages."""
    return database()[name]


def record_id(topic: str, partition: int, offset: int) -> str:
    """The document key of a Kafka record, `topic:partition:offset`: what the sink's `_id` column holds (notebook 03b)."""
    return f"{topic}:{partition}:{offset}"


def _spark_json(column: Column) -> Column:
    """A string column as JSON text, so the connector's convertJson=any stores it back as the same string."""
    from pyspark.sql import functions as F

    return F.to_json(column.cast("variant"))


def _kafka(topic: Column) -> Column:
    from pyspark.sql import functions as F

    return F.struct(topic.alias("topic"), "partition", "offset", "timestamp").alias("kafka")


def extra_names(names: Any) -> list[str]:
    """The field names beyond the schema's (and beyond _id, time and kafka, which the pipeline sets), sorted, once each."""
    return sorted(set(names or ()) - {*FIELDS, "_id", "time", "kafka"})


def extra_fields(valid: DataFrame) -> list[str]:
    """Names of the fields beyond the schema's that a frame's readings carry (a distinct query; only names reach the driver)."""
    from pyspark.sql import functions as F

    return extra_names(r.name for r in valid.select(F.explode(F.map_keys("fields")).alias("name")).distinct().collect())


def readings_documents(valid: DataFrame, extra: list[str] | None = None) -> DataFrame:
    """Reading documents: the reading's fields, _id, time and kafka, as columns for `write(..., json_text=True)` (notebook 05).

    sensor_id and temperature have the schema's types (text, double); the timestamp and any extra fields
    keep the JSON value they were sent with. Every string column holds JSON text, which the write's
    convertJson=any turns back into that value (so "sensor_1" stays text and 40 becomes a number).
    """
    from pyspark.sql import functions as F

    reading_id = F.col("fields")["reading_id"]
    id_kind = json_kind(reading_id)
    _id = (F.when((id_kind == "str") & (F.try_variant_get(reading_id, "$", "string") != ""),
                  F.concat(F.lit("id:"), F.try_variant_get(reading_id, "$", "string")))
           .when(id_kind == "int", F.concat(F.lit("id:"), F.to_json(reading_id)))
           .otherwise(F.concat_ws(":", "topic", "partition", "offset")))
    names = [name for name in FIELDS if name not in ("sensor_id", "temperature")]
    names += extra_fields(valid) if extra is None else extra
    return valid.select(_spark_json(_id).alias("_id"), F.timestamp_seconds("reading.timestamp").alias("time"),
                        _kafka(_spark_json(F.col("topic"))), _spark_json(F.col("reading.sensor_id")).alias("sensor_id"),
                        F.col("reading.temperature").alias("temperature"),
                        *[F.to_json(F.col("fields")[n]).alias(n) for n in names])


def quarantine_documents(rejected: DataFrame) -> DataFrame:
    """Quarantine documents: reason, raw value (cut at MAX_RAW, length kept), key, kafka, quarantined_at (notebook 05)."""
    from pyspark.sql import functions as F

    return rejected.select(F.concat_ws(":", "topic", "partition", "offset").alias("_id"), "reason",
                           F.substring("value", 1, MAX_RAW).alias("raw"), F.length("value").alias("raw_length"),
                           "key", _kafka(F.col("topic")), F.current_timestamp().alias("quarantined_at"))


def window_documents(windows: DataFrame) -> DataFrame:
    """Window-average documents keyed `sensor_id@window_start` (ISO time, UTC), replaced as the window updates."""
    from pyspark.sql import functions as F

    _id = F.concat("sensor_id", F.lit("@"), F.date_format("window_start", "yyyy-MM-dd'T'HH:mm:ss"))
    return windows.select(_id.alias("_id"), "*")


def write(documents: DataFrame, name: str, json_text: bool = False) -> None:
    """Replace-or-insert a DataFrame's rows by _id with MongoDB's Spark connector: the executors write (notebook 05).

    Writing the same rows again changes nothing. With `json_text`, string columns hold JSON text (see
    readings_documents) and null columns are left out of the document.
    """
    s = settings()
    (documents.write.format("mongodb").mode("append")
     .option("connection.uri", s.mongo_uri).option("database", s.database).option("collection", name)
     .option("operationType", "replace").option("idFieldList", "_id").option("upsertDocument", "true")
     .option("convertJson", "any" if json_text else "false").option("ignoreNullValues", str(json_text).lower())
     .save())


def insert_once(name: str, docs: list[dict]) -> int:
    """Insert documents, skipping any whose _id is already stored; return how many were new."""
    from pymongo.errors import BulkWriteError

    if not docs:
        return 0
    try:
        collection(name).insert_many(docs, ordered=False)
        return len(docs)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        other = [e for e in errors if e.get("code") != DUPLICATE_KEY]
        if other:
            raise
        return len(docs) - len(errors)


def counts() -> dict[str, int]:
    """How many documents the readings, quarantine and window collections hold."""
    return {name: collection(name).count_documents({}) for name in (READINGS, QUARANTINE, WINDOWS)}


def per_partition() -> dict[int, int]:
    """Stored readings per Kafka partition."""
    rows = collection(READINGS).aggregate([{"$group": {"_id": "$kafka.partition", "n": {"$sum": 1}}}])
    return {int(r["_id"]): int(r["n"]) for r in rows}


def latest(n: int = 5) -> list[dict]:
    """The `n` most recent readings, newest first (notebook 06)."""
    return list(collection(READINGS).find({}, {"_id": 0, "kafka": 0}).sort("timestamp", -1).limit(n))


def sensor_stats() -> list[dict]:
    """Count, mean, min and max temperature per sensor (notebook 06)."""
    pipeline: list[dict[str, Any]] = [
        {"$group": {"_id": "$sensor_id", "count": {"$sum": 1}, "mean": {"$avg": "$temperature"},
                    "min": {"$min": "$temperature"}, "max": {"$max": "$temperature"}}},
        {"$sort": {"_id": 1}},
    ]
    return [{"sensor_id": r.pop("_id"), **r} for r in collection(READINGS).aggregate(pipeline)]


def series(sensor_id: str, since: float | None = None) -> tuple[list[datetime], list[float]]:
    """Times and temperatures of one sensor, oldest first (notebook 06)."""
    query: dict[str, Any] = {"sensor_id": sensor_id}
    if since is not None:
        query["timestamp"] = {"$gte": since}
    rows = list(collection(READINGS).find(query, {"time": 1, "temperature": 1}).sort("timestamp", 1))
    return [r["time"] for r in rows], [float(r["temperature"]) for r in rows]


def missing_offsets(end_offsets: Mapping[int, int], topic: str | None = None,
                    start_offsets: Mapping[int, int] | None = None) -> dict[int, list[tuple[int, int]]]:
    """Offset ranges (first, last) per partition that neither readings nor quarantine hold: the gaps (notebook 05).

    A re-sent copy of a reading with a `reading_id` is stored once, so its offset shows here too.
    """
    topic = topic or settings().topic
    seen: dict[int, set[int]] = {}
    for name in (READINGS, QUARANTINE):
        for doc in collection(name).find({"kafka.topic": topic}, {"kafka.partition": 1, "kafka.offset": 1}):
            seen.setdefault(int(doc["kafka"]["partition"]), set()).add(int(doc["kafka"]["offset"]))
    gaps: dict[int, list[tuple[int, int]]] = {}
    for partition, end in sorted(end_offsets.items()):
        stored, ranges, first = seen.get(partition, set()), [], None
        for offset in range((start_offsets or {}).get(partition, 0), end):
            if offset not in stored and first is None:
                first = offset
            elif offset in stored and first is not None:
                ranges.append((first, offset - 1))
                first = None
        if first is not None:
            ranges.append((first, end - 1))
        if ranges:
            gaps[partition] = ranges
    return gaps


def drop_all() -> list[str]:
    """Drop every collection of the workshop's database; return their names."""
    db = database()
    names = db.list_collection_names()
    for name in names:
        db.drop_collection(name)
    return names
