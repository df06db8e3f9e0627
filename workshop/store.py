"""MongoDB access for the pipeline (idempotent writes, quarantine) and for the plots."""
from __future__ import annotations

import time
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable, Mapping

from .config import settings
from .sensors import InvalidReading, parse_reading

READINGS = "readings"
QUARANTINE = "quarantine"
WINDOWS = "window_averages"
DUPLICATE_KEY = 11000
MAX_RAW = 64 * 1024
"""Raw values longer than this are cut in quarantine (the length is kept beside them)."""


@lru_cache(maxsize=4)
def _client(uri: str):
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
        raise StackError(f"MongoDB is not answering at {uri} ({type(exc).__name__}) — run `python -m workshop up`, "
                         "or set MONGO_URI to a server that answers") from None
    return mongo


def client():
    """A pymongo client for MONGO_URI, shared within the process; an unreachable server raises StackError."""
    return _client(settings().mongo_uri)


def database():
    """The workshop's database (notebook 06)."""
    return client()[settings().database]


def collection(name: str = READINGS):
    """One collection of the workshop's database: readings, quarantine or window_averages."""
    return database()[name]


def record_id(topic: str, partition: int, offset: int) -> str:
    """The document key of a Kafka record: its topic, partition and offset, unique forever."""
    return f"{topic}:{partition}:{offset}"


def split_records(records: Iterable[Mapping[str, Any]], now: float | None = None) -> tuple[list[dict], list[dict]]:
    """Turn Kafka records into reading documents and quarantine documents (pure; notebook 05)."""
    readings: list[dict] = []
    rejected: list[dict] = []
    now = time.time() if now is None else now
    for rec in records:
        source = {"topic": rec["topic"], "partition": int(rec["partition"]), "offset": int(rec["offset"])}
        if rec.get("timestamp") is not None:
            source["timestamp"] = rec["timestamp"]
        key = record_id(source["topic"], source["partition"], source["offset"])
        value = rec.get("value")
        try:
            reading = parse_reading(value, now=now)
        except (InvalidReading, UnicodeDecodeError) as exc:
            raw = value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
            rejected.append({"_id": key, "reason": str(exc), "raw": None if raw is None else raw[:MAX_RAW],
                             "raw_length": None if raw is None else len(raw), "key": rec.get("key"),
                             "kafka": source, "quarantined_at": datetime.fromtimestamp(now, timezone.utc)})
            continue
        doc = dict(reading)
        reading_id = doc.get("reading_id")
        doc["_id"] = f"id:{reading_id}" if isinstance(reading_id, (str, int)) and reading_id != "" else key
        doc["time"] = datetime.fromtimestamp(float(doc["timestamp"]), timezone.utc)
        doc["kafka"] = source
        readings.append(doc)
    return readings, rejected


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


def write_records(records: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """Store one batch of Kafka records: readings and quarantine, exactly once per record; return new counts."""
    readings, rejected = split_records(records)
    return insert_once(READINGS, readings), insert_once(QUARANTINE, rejected)


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
    pipeline = [
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
