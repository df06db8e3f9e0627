"""Exercise checks of notebooks 05 (Spark Structured Streaming) and 06 (MongoDB and plots)."""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from ..config import settings
from . import Result, not_answered, report, unanswered

WATERMARK_DELAY = timedelta(minutes=2)
WINDOW = timedelta(minutes=1)
LATEST_EVENT = datetime(2024, 4, 22, 10, 8, 0)
"""The watermark exercise: the newest event time the query has seen so far."""
LATE_READINGS = {
    "A": datetime(2024, 4, 22, 10, 7, 30),
    "B": datetime(2024, 4, 22, 10, 6, 10),
    "C": datetime(2024, 4, 22, 10, 5, 50),
    "D": datetime(2024, 4, 22, 10, 1, 0),
    "E": datetime(2024, 4, 22, 10, 8, 20),
}
"""Readings that arrive after LATEST_EVENT, by label, with their event times (notebook 05)."""


def check_replay_options(options: Any) -> Result:
    """Notebook 05: Kafka source options that make a new query read sensor-stream from its first record."""
    if unanswered(options):
        return not_answered()
    if not isinstance(options, Mapping):
        return report(False, f"give a dict of option name → value, got {type(options).__name__}.")
    s = settings()
    missing = [k for k in ("kafka.bootstrap.servers", "subscribe", "startingOffsets") if k not in options]
    if missing:
        return report(False, f"missing option(s) {', '.join(missing)}: the seed sets all three.")
    if options["kafka.bootstrap.servers"] != s.bootstrap_servers:
        return report(False, f"kafka.bootstrap.servers is {options['kafka.bootstrap.servers']!r}; use the broker "
                             "address from settings().bootstrap_servers, never a typed one.")
    if options["subscribe"] != s.topic:
        return report(False, f"subscribe names the topic to read: {s.topic!r}, not {options['subscribe']!r}.")
    start = options["startingOffsets"]
    if start == "latest":
        return report(False, "'latest' starts at the end of each partition: a new query sees only records that "
                             "arrive after it starts. To replay from the first record use 'earliest'.")
    if start != "earliest":
        return report(False, f"startingOffsets {start!r}: it takes 'earliest', 'latest' or offsets per partition "
                             "as JSON; the first record of every partition is 'earliest'.")
    return report(True, "'earliest' reads every partition from its log start offset. It applies only on the "
                        "query's first start: once a checkpoint exists, the checkpoint decides where to resume.")


def watermark_verdict(events: Mapping[str, datetime], latest: datetime = LATEST_EVENT,
                      delay: timedelta = WATERMARK_DELAY, window: timedelta = WINDOW) -> dict[str, bool]:
    """Whether each late event is dropped: its tumbling window ended at or before the watermark (pure; notebook 05)."""
    watermark = latest - delay
    verdict = {}
    for label, event in events.items():
        seconds = (event - datetime(event.year, event.month, event.day)).total_seconds()
        start = datetime(event.year, event.month, event.day) + timedelta(
            seconds=seconds - seconds % window.total_seconds())
        verdict[label] = start + window <= watermark
    return verdict


def check_dropped_readings(dropped: Any) -> Result:
    """Notebook 05: which of LATE_READINGS a 2-minute watermark drops (a set of labels)."""
    if unanswered(dropped):
        return not_answered()
    if isinstance(dropped, str) or not isinstance(dropped, (set, frozenset, list, tuple)):
        return report(False, f"give a set of labels such as {{'A', 'B'}}, got {type(dropped).__name__}.")
    unknown = sorted(set(map(str, dropped)) - set(LATE_READINGS))
    if unknown:
        return report(False, f"unknown label(s) {', '.join(unknown)}; the readings are {', '.join(LATE_READINGS)}.")
    verdict = watermark_verdict(LATE_READINGS)
    watermark = LATEST_EVENT - WATERMARK_DELAY
    for label, event in LATE_READINGS.items():
        if verdict[label] != (label in set(map(str, dropped))):
            start = event.replace(second=0)
            window = f"{start:%H:%M}–{start + WINDOW:%H:%M}"
            if verdict[label]:
                why = f"its window {window} ended at or before the watermark {watermark:%H:%M:%S}, so it is dropped"
            else:
                why = f"its window {window} ends after the watermark {watermark:%H:%M:%S}, so it still updates"
            return report(False, f"{label} ({event:%H:%M:%S}): {why}. Watermark = latest event - 2 minutes.")
    return report(True, f"the watermark is {LATEST_EVENT:%H:%M:%S} - 2 min = {watermark:%H:%M:%S}; only readings "
                        "whose 1-minute window had already closed by then are dropped (and counted as "
                        "numRowsDroppedByWatermark).")


REALTIME_MIN_SECONDS = 5
"""Spark's default spark.sql.streaming.realTimeMode.minBatchDuration: a real-time batch lasts at least 5 s."""
_UNITS = {"ms": 0.001, "millisecond": 0.001, "milliseconds": 0.001, "s": 1, "second": 1, "seconds": 1,
          "minute": 60, "minutes": 60, "hour": 3600, "hours": 3600}


def _seconds(duration: str) -> float | None:
    """'5 seconds' → 5.0; None when Spark would not read it as a duration."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*", duration.lower())
    if not match or match.group(2) not in _UNITS:
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def check_realtime_writer(output_mode: Any, trigger: Any) -> Result:
    """Notebook 05: the output mode and trigger keyword arguments of a Real-time Mode query checkpointing every 5 s."""
    if unanswered(output_mode, trigger):
        return not_answered()
    if not isinstance(trigger, Mapping) or len(trigger) != 1:
        return report(False, "give the trigger as the keyword arguments of .trigger(...), one of them, e.g. "
                             "{'processingTime': '1 second'}.")
    (name, value), = trigger.items()
    if name in ("processingTime", "availableNow", "once", "continuous"):
        return report(False, f"{name} is not Real-time Mode: Spark 4.1+ names that trigger realTime.")
    if name != "realTime":
        return report(False, f"trigger() has no keyword {name!r}; Real-time Mode's is realTime.")
    seconds = _seconds(value) if isinstance(value, str) else None
    if seconds is None:
        return report(False, f"realTime takes a duration as text, such as '5 seconds', not {value!r}.")
    if seconds < REALTIME_MIN_SECONDS:
        return report(False, f"{value!r} is shorter than the 5-second minimum "
                             "(spark.sql.streaming.realTimeMode.minBatchDuration): Spark refuses to start.")
    if seconds != REALTIME_MIN_SECONDS:
        return report(False, f"{value!r} commits progress every {seconds:g} s; the question asks for every 5 seconds.")
    if output_mode != "update":
        return report(False, f"output mode {output_mode!r}: Real-time Mode supports only 'update' (each row out as "
                             "soon as it is computed).")
    return report(True, "outputMode('update') and trigger(realTime='5 seconds'): records flow through at once; the "
                        "5 seconds only say how often the query commits its offsets to the checkpoint.")


def check_hottest(answer: Any, sensor_id: str = "sensor_2") -> Result:
    """Notebook 06: the stored reading of `sensor_id` with the highest temperature (a document)."""
    from .. import store

    if unanswered(answer):
        return not_answered()
    if not isinstance(answer, Mapping):
        return report(False, f"give the document itself (a dict from find_one), got {type(answer).__name__}.")
    top = store.collection(store.READINGS).find_one({"sensor_id": sensor_id}, sort=[("temperature", -1)])
    if top is None:
        return report(False, f"no reading of {sensor_id} is stored yet: run the pipeline cells above first.")
    if answer.get("sensor_id") != sensor_id:
        return report(False, f"that reading is from {answer.get('sensor_id')!r}: filter on {{'sensor_id': "
                             f"{sensor_id!r}}}.")
    if answer.get("temperature") != top["temperature"]:
        return report(False, f"{sensor_id} has a hotter reading ({top['temperature']} °C, yours "
                             f"{answer.get('temperature')}): sort by temperature descending, [('temperature', -1)].")
    return report(True, f"{sensor_id} peaked at {top['temperature']} °C; find_one with a sort returns the first "
                        "document of the sorted result.")


def check_average_pipeline(pipeline: Any) -> Result:
    """Notebook 06: an aggregation pipeline giving one row per sensor, `_id` = sensor_id, with its mean, sorted."""
    from pymongo.errors import PyMongoError

    from .. import store

    if unanswered(pipeline):
        return not_answered()
    if not isinstance(pipeline, Sequence) or isinstance(pipeline, (str, bytes)) or \
            not all(isinstance(stage, Mapping) for stage in pipeline):
        return report(False, "a pipeline is a list of stages, each a dict such as {'$group': {...}}.")
    try:
        rows = list(store.collection(store.READINGS).aggregate(list(pipeline)))
    except PyMongoError as exc:
        return report(False, f"MongoDB refused the pipeline: {exc}.")
    truth = {r["sensor_id"]: r["mean"] for r in store.sensor_stats()}
    if not truth:
        return report(False, "no readings are stored yet: run the pipeline cells above first.")
    ids = [r.get("_id") for r in rows]
    if sorted(map(str, ids)) != sorted(truth):
        return report(False, f"expected one row per sensor with _id = sensor_id ({', '.join(sorted(truth))}), "
                             f"got _id values {ids[:6]}: group by '$sensor_id'.")
    for row in rows:
        numbers = [v for k, v in row.items() if k != "_id" and isinstance(v, (int, float))]
        if not any(math.isclose(v, truth[row["_id"]], rel_tol=1e-9) for v in numbers):
            return report(False, f"{row['_id']}: no field holds its mean temperature {truth[row['_id']]:.2f}; "
                                 "use {'$avg': '$temperature'}.")
    if ids != sorted(ids):
        return report(False, "the averages are right but not sorted by sensor: add {'$sort': {'_id': 1}}.")
    return report(True, "$group collects the readings of each sensor, $avg averages their temperature and $sort "
                        "orders the rows; MongoDB did the work, only the result travelled.")
