"""Exercise checks of notebooks 05 and 05b (Spark Structured Streaming) and 06 (MongoDB and plots)."""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from ..config import settings
from ..messages import Phrase
from . import Result, not_answered, report, unanswered
from .plotting import check_temperature_plot as check_temperature_plot  # notebook 06 calls it from here
from .sink import check_stream_sink as check_stream_sink  # notebook 05 calls it from here, as exercises.check_stream_sink
from .windows import check_windows as check_windows  # notebook 05b calls it from here, as exercises.check_windows

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
"""Readings that arrive after LATEST_EVENT, by label, with their event times (notebook 05b)."""


def check_replay_options(options: Any) -> Result:
    """Notebook 05: Kafka source options that make a new query read sensor-stream from its first record."""
    if unanswered(options):
        return not_answered()
    if not isinstance(options, Mapping):
        return report(False, "ex.options.shape", kind=type(options).__name__)
    s = settings()
    missing = [k for k in ("kafka.bootstrap.servers", "subscribe", "startingOffsets") if k not in options]
    if missing:
        return report(False, "ex.options.missing", missing=", ".join(missing))
    if options["kafka.bootstrap.servers"] != s.bootstrap_servers:
        return report(False, "ex.options.servers", given=options["kafka.bootstrap.servers"])
    if options["subscribe"] != s.topic:
        return report(False, "ex.options.subscribe", topic=s.topic, given=options["subscribe"])
    start = options["startingOffsets"]
    if start == "latest":
        return report(False, "ex.options.latest")
    if start != "earliest":
        return report(False, "ex.options.other", given=start)
    return report(True, "ex.options.right")


def watermark_verdict(events: Mapping[str, datetime], latest: datetime = LATEST_EVENT,
                      delay: timedelta = WATERMARK_DELAY, window: timedelta = WINDOW) -> dict[str, bool]:
    """Whether each late event is dropped: its tumbling window ended at or before the watermark (pure; notebook 05b)."""
    watermark = latest - delay
    verdict = {}
    for label, event in events.items():
        seconds = (event - datetime(event.year, event.month, event.day)).total_seconds()
        start = datetime(event.year, event.month, event.day) + timedelta(
            seconds=seconds - seconds % window.total_seconds())
        verdict[label] = start + window <= watermark
    return verdict


def check_dropped_readings(dropped: Any) -> Result:
    """Notebook 05b: which of LATE_READINGS a 2-minute watermark drops (a set of labels)."""
    if unanswered(dropped):
        return not_answered()
    if isinstance(dropped, str) or not isinstance(dropped, (set, frozenset, list, tuple)):
        return report(False, "ex.dropped.shape", kind=type(dropped).__name__)
    unknown = sorted(set(map(str, dropped)) - set(LATE_READINGS))
    if unknown:
        return report(False, "ex.dropped.unknown", unknown=", ".join(unknown), labels=", ".join(LATE_READINGS))
    verdict = watermark_verdict(LATE_READINGS)
    watermark = LATEST_EVENT - WATERMARK_DELAY
    for label, event in LATE_READINGS.items():
        if verdict[label] != (label in set(map(str, dropped))):
            start = event.replace(second=0)
            window = f"{start:%H:%M}–{start + WINDOW:%H:%M}"
            why = Phrase("ex.dropped.is_dropped" if verdict[label] else "ex.dropped.kept",
                         {"window": window, "watermark": watermark})
            return report(False, "ex.dropped.wrong", label=label, event=event, why=why)
    return report(True, "ex.dropped.right", latest=LATEST_EVENT, watermark=watermark)


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
    """Notebook 05b: the output mode and trigger keyword arguments of a Real-time Mode query checkpointing every 5 s."""
    if unanswered(output_mode, trigger):
        return not_answered()
    if not isinstance(trigger, Mapping) or len(trigger) != 1:
        return report(False, "ex.realtime.shape")
    (name, value), = trigger.items()
    if name in ("processingTime", "availableNow", "once", "continuous"):
        return report(False, "ex.realtime.other", name=name)
    if name != "realTime":
        return report(False, "ex.realtime.unknown", name=name)
    seconds = _seconds(value) if isinstance(value, str) else None
    if seconds is None:
        return report(False, "ex.realtime.duration", value=value)
    if seconds < REALTIME_MIN_SECONDS:
        return report(False, "ex.realtime.short", value=value)
    if seconds != REALTIME_MIN_SECONDS:
        return report(False, "ex.realtime.seconds", value=value, seconds=seconds)
    if output_mode != "update":
        return report(False, "ex.realtime.mode", mode=output_mode)
    return report(True, "ex.realtime.right")


def check_hottest(answer: Any, sensor_id: str = "sensor_2") -> Result:
    """Notebook 06: the stored reading of `sensor_id` with the highest temperature (a document)."""
    from .. import store

    if unanswered(answer):
        return not_answered()
    if not isinstance(answer, Mapping):
        return report(False, "ex.hottest.shape", kind=type(answer).__name__)
    top = store.collection(store.READINGS).find_one({"sensor_id": sensor_id}, sort=[("temperature", -1)])
    if top is None:
        return report(False, "ex.hottest.none", sensor=sensor_id)
    if answer.get("sensor_id") != sensor_id:
        return report(False, "ex.hottest.sensor", given=answer.get("sensor_id"), sensor=sensor_id)
    if answer.get("temperature") != top["temperature"]:
        return report(False, "ex.hottest.hotter", sensor=sensor_id, top=top["temperature"],
                             given=answer.get("temperature"))
    return report(True, "ex.hottest.right", sensor=sensor_id, top=top["temperature"])


def check_average_pipeline(pipeline: Any) -> Result:
    """Notebook 06: an aggregation pipeline giving one row per sensor, `_id` = sensor_id, with its mean, sorted."""
    from pymongo.errors import PyMongoError

    from .. import store

    if unanswered(pipeline):
        return not_answered()
    if not isinstance(pipeline, Sequence) or isinstance(pipeline, (str, bytes)) or \
            not all(isinstance(stage, Mapping) for stage in pipeline):
        return report(False, "ex.pipeline.shape")
    try:
        rows = list(store.collection(store.READINGS).aggregate(list(pipeline)))
    except PyMongoError as exc:
        return report(False, "ex.pipeline.refused", error=exc)
    truth = {r["sensor_id"]: r["mean"] for r in store.sensor_stats()}
    if not truth:
        return report(False, "ex.pipeline.empty")
    ids = [r.get("_id") for r in rows]
    if sorted(map(str, ids)) != sorted(truth):
        return report(False, "ex.pipeline.ids", sensors=", ".join(sorted(truth)), ids=ids[:6])
    for row in rows:
        numbers = [v for k, v in row.items() if k != "_id" and isinstance(v, (int, float))]
        if not any(math.isclose(v, truth[row["_id"]], rel_tol=1e-9) for v in numbers):
            return report(False, "ex.pipeline.mean", sensor=row["_id"], mean=truth[row["_id"]])
    if ids != sorted(ids):
        return report(False, "ex.pipeline.sort")
    return report(True, "ex.pipeline.right")
