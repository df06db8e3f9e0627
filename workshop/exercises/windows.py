"""Notebook 05b's windowed-aggregation exercise: the learner's windows and watermark, fed late readings phase by phase."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from . import TODO, Result, not_answered, report, unanswered
from .spark_runs import error_line, start_afresh

TOPIC = "workshop-ex-windows"
QUERY = "ex-windows"
START = 1713763500
"""The seed's example timestamp (05:25:00 UTC, 22 April 2024): the exercise's event times count from it."""
WINDOW, DELAY = 30, 60
"""What the task asks for, in seconds: 30-second windows, a 1-minute watermark."""
COLUMNS = ("window", "sensor_id", "readings", "max_temperature")


@dataclass(frozen=True)
class Reading:
    """One reading the check sends: its sensor, its event time (seconds after START) and its temperature."""

    sensor: str
    second: int
    temperature: float


PHASES: tuple[tuple[Reading, ...], ...] = (
    tuple(Reading(f"sensor_{n}", t, 20.0 + n + t / 10) for t in range(0, 81, 10) for n in (1, 2, 3, 4)),
    (Reading("sensor_1", 35, 35.5),),                                  # 45 s behind the newest: late, still counted
    (Reading("sensor_3", 160, 25.0),),                                 # moves the watermark to 100 s
    (Reading("sensor_3", 155, 24.0),),                                 # behind the newest: the watermark stays
    (Reading("sensor_1", 50, 90.0), Reading("sensor_2", 105, 30.5)),   # too late (window ended at 60) / still open
    (Reading("sensor_4", 200, 25.0),),                                 # moves the watermark to 140 s
    (Reading("sensor_4", 195, 24.0),),                                 # behind the newest: the watermark stays
    (Reading("sensor_2", 110, 91.0),),                                 # too late: its window ended at 120
)
"""The readings in the order the check sends them; the query catches up after each phase before the next is sent.

Spark drops a late row by the watermark of the batch before (its eviction watermark is the current one), and runs
a batch without data after the watermark moves only when it gets round to it. So a phase that moves the watermark
is followed by one that does not, before any reading whose fate depends on it: the windows come out the same
whichever batches Spark runs (append_outcome gives the same with and without the lag). Within a phase no reading
moves the watermark past another's window, so a phase read in one batch or in two gives the same windows too.
"""


@dataclass(frozen=True)
class Outcome:
    """What append mode emits for PHASES: each closed window's (count, max), the dropped readings, the open windows."""

    windows: dict[tuple[str, int], tuple[int, float]]
    dropped: list[Reading]
    still_open: int


def append_outcome(phases: tuple[tuple[Reading, ...], ...] = PHASES, window: int = WINDOW, delay: int = DELAY,
                   lag: bool = False) -> Outcome:
    """The windows an append-mode query emits for `phases`, one batch each (pure: Spark's rules).

    A batch evicts (emits, once, final) the windows that ended at or before its watermark, the newest event time
    of the batches before it minus `delay` (never going back). It drops a reading whose window ended at or before
    the late-data watermark: the previous batch's watermark with `lag` (back-to-back data batches), else its own
    (a batch without data ran in between, as Spark runs one after the watermark moved).
    """
    state: dict[tuple[str, int], tuple[int, float]] = {}
    emitted: dict[tuple[str, int], tuple[int, float]] = {}
    dropped: list[Reading] = []
    watermark, previous, newest = 0, 0, 0
    for phase in phases:
        late = previous if lag else watermark
        for r in phase:
            start = r.second - r.second % window
            if late and start + window <= late:
                dropped.append(r)
                continue
            count, top = state.get((r.sensor, start), (0, r.temperature))
            state[(r.sensor, start)] = (count + 1, max(top, r.temperature))
            newest = max(newest, r.second)
        evict = watermark if lag else max(watermark, newest - delay)
        for key in [k for k in state if k[1] + window <= evict]:
            emitted[key] = state.pop(key)
        previous, watermark = watermark, max(watermark, newest - delay)
    if lag:   # the batch without data that Spark runs once the watermark has moved
        for key in [k for k in state if k[1] + window <= watermark]:
            emitted[key] = state.pop(key)
    return Outcome(emitted, dropped, len(state))


def clock(second: float) -> str:
    """An event time of the exercise as the learner sees it: HH:MM:SS in UTC."""
    return datetime.fromtimestamp(START + second, timezone.utc).strftime("%H:%M:%S")


def _send(topic: str, phase: tuple[Reading, ...]) -> None:
    """Send one phase's readings, keyed by sensor, and wait for every acknowledgement."""
    from .. import sensors

    producer = sensors.producer()
    for r in phase:
        reading = {"sensor_id": r.sensor, "temperature": r.temperature, "timestamp": START + r.second}
        producer.send(topic, key=r.sensor.encode(), value=sensors.encode(reading))
    producer.flush()
    producer.close()


def valid_readings(topic: str = TOPIC) -> Any:
    """The stream the learner's function gets: `topic`'s valid readings with `event_time`, as 05b's `valid`."""
    from pyspark.sql import functions as F

    from .. import streaming

    checked = streaming.validated(streaming.records(
        streaming.kafka_stream(streaming.spark_session(), starting_offsets="earliest", topic=topic)))
    return (checked.where(F.col("reason").isNull()).select("reading.*")
            .withColumn("event_time", F.timestamp_seconds("timestamp")))


def _second(value: Any) -> int:
    """A window bound as Spark returns it (a datetime) in seconds after START."""
    return int(value.timestamp()) - START


def _watermark(progress: list[dict]) -> int | None:
    """The query's last watermark in seconds after START, from its progress; None when it has none."""
    for p in reversed(progress):
        mark = (p.get("eventTime") or {}).get("watermark")
        if mark:
            return int(datetime.fromisoformat(mark.replace("Z", "+00:00")).timestamp()) - START
    return None


def _dropped(progress: list[dict]) -> int:
    """Rows the query's state operators dropped as too late, over all its batches (each batch counted once)."""
    batches = {p["batchId"]: p for p in progress}
    return sum(int(op.get("numRowsDroppedByWatermark") or 0) for p in batches.values()
               for op in p.get("stateOperators") or [])


def _start(frame: Any, rows: list[dict]) -> Any:
    """Start `frame` in append mode into a sink that keeps each emitted row, on a checkpoint of the check's own."""
    from .. import streaming

    def keep(batch_df: Any, batch_id: int) -> None:
        rows.extend(r.asDict(recursive=True) for r in batch_df.collect())

    return (frame.writeStream.queryName(QUERY).outputMode("append").foreachBatch(keep)
            .option("checkpointLocation", str(streaming.checkpoint_dir(QUERY)))
            .trigger(processingTime="500 milliseconds").start())


def _run(frame: Any, timeout: float) -> tuple[list[dict], list[dict]] | Result:
    """Run the learner's aggregation through every phase: (the emitted rows, the query's progress), or the verdict."""
    from .. import streaming
    from ..waiting import WaitTimeout

    rows: list[dict] = []
    try:
        query = _start(frame, rows)
    except Exception as error:   # Spark refuses the plan when it starts (AnalysisException)
        line = error_line(str(error))
        key = "ex.windows.no_watermark" if "watermark" in str(error).lower() else "ex.windows.raised"
        return report(False, key, error=line)
    try:
        for phase in PHASES:
            _send(TOPIC, phase)
            streaming.await_caught_up(query, timeout)
        progress = list(query.recentProgress)
    except (streaming.PipelineError, WaitTimeout) as error:
        return report(False, "ex.windows.failed", error=error_line(str(error)))
    finally:
        query.stop()
    return rows, progress


def check_windows(my_windows: Any, timeout: float = 90.0) -> Result:
    """Notebook 05b: `my_windows(valid)` counts readings and keeps the hottest per sensor in 30-s windows, watermark 1 min.

    The check gives it a stream of a fresh topic, starts the result in append mode and sends PHASES, waiting after
    each until the query has caught up. Right: exactly the windows append mode emits with those rules (the late
    reading inside the watermark counted, the two too-late ones dropped, the newest windows still open).
    """
    from pyspark.sql import DataFrame

    from .. import streaming

    if unanswered(my_windows):
        return not_answered()
    if not callable(my_windows):
        return report(False, "ex.windows.shape", kind=type(my_windows).__name__)
    start_afresh(TOPIC, streaming.checkpoint_dir(QUERY), lambda query: query.name == QUERY)
    try:
        frame = my_windows(valid_readings(TOPIC))
    except Exception as error:   # the learner's code, whatever it raised
        return report(False, "ex.windows.raised", error=f"{type(error).__name__}: {error_line(str(error))}")
    if frame is TODO:   # the exercise cell as it starts: `return TODO`
        return not_answered()
    if not isinstance(frame, DataFrame):
        return report(False, "ex.windows.not_frame", kind=type(frame).__name__)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return report(False, "ex.windows.columns", missing=", ".join(missing), have=", ".join(frame.columns))
    ran = _run(frame, timeout)
    if isinstance(ran, Result):
        return ran
    rows, progress = ran
    expected = append_outcome()
    newest = max(r.second for phase in PHASES for r in phase)
    watermark = _watermark(progress)
    if watermark is not None and newest - watermark != DELAY:
        return report(False, "ex.windows.delay", watermark=clock(watermark), behind=newest - watermark,
                      newest=clock(newest))
    lengths = sorted({_second(r["window"]["end"]) - _second(r["window"]["start"]) for r in rows})
    if lengths and lengths != [WINDOW]:
        return report(False, "ex.windows.length", length=lengths[0])
    given = {(r["sensor_id"], _second(r["window"]["start"])): (int(r["readings"]), float(r["max_temperature"]))
             for r in rows}
    for key in sorted(set(expected.windows) | set(given)):
        if expected.windows.get(key) != given.get(key):
            sensor, start = key
            want, got = expected.windows.get(key), given.get(key)
            return report(False, "ex.windows.values", sensor=sensor, start=clock(start), end=clock(start + WINDOW),
                          expected=f"{want[0]}, {want[1]:g}" if want else "-",
                          given=f"{got[0]}, {got[1]:g}" if got else "-",
                          wrong=len({k for k in set(expected.windows) | set(given)
                                     if expected.windows.get(k) != given.get(k)}),
                          total=len(expected.windows))
    return report(True, "ex.windows.right", windows=len(rows), dropped=_dropped(progress),
                  late=", ".join(f"{r.sensor} {clock(r.second)}" for r in expected.dropped),
                  still_open=expected.still_open)
