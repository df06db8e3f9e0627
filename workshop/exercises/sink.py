"""Notebook 05's stream-sink exercise: the learner's own query run, crashed after its sink wrote, and started again."""
from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import Result, not_answered, report, unanswered
from .spark_runs import error_line, start_afresh

SINK_FIRST, SINK_MORE = 40, 20
"""The stream-sink exercise (notebook 05): readings in the topic before the first run, and sent before the restart."""
SINK_START = 1713763500
"""Their event times begin at the seed's example timestamp, one tick of 4 sensors every 10 s."""


@dataclass(frozen=True)
class Batch:
    """One micro-batch as the query's progress reports it: id, rows read, and its Kafka start and end offsets."""

    batch_id: int
    rows: int
    start: dict[int, int] | None
    end: dict[int, int] | None
    source: str


def _offsets(value: Any, topic: str) -> dict[int, int] | None:
    """A progress report's offsets ({"topic": {"0": 30}}, as JSON text or a dict) for `topic`; None for none."""
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, Mapping) or topic not in value:
        return None
    return {int(p): int(o) for p, o in value[topic].items()}


def _batches(query: Any, topic: str) -> list[Batch]:
    """The micro-batches a query ran, in order, each once (from its recent progress)."""
    seen: dict[int, Batch] = {}
    for p in query.recentProgress:
        source = p["sources"][0] if p["sources"] else {}
        seen.setdefault(p["batchId"], Batch(p["batchId"], int(p["numInputRows"] or 0),
                                            _offsets(source.get("startOffset"), topic),
                                            _offsets(source.get("endOffset"), topic), source.get("description", "")))
    return [seen[b] for b in sorted(seen)]


def _call(start: Any, timeout: float) -> tuple[Any, BaseException | None, bool]:
    """Call the learner's `start()` on a thread: (what it returned, what it raised, whether it returned in time)."""
    import threading

    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = start()
        except BaseException as exc:   # reported as the learner's error, whatever it is
            box["error"] = exc

    thread = threading.Thread(target=run, name="exercise-start", daemon=True)
    thread.start()
    thread.join(timeout)
    return box.get("value"), box.get("error"), not thread.is_alive()


def _run(start: Any, topic: str, timeout: float, grace: float) -> tuple[list[Batch], Any] | Result:
    """One run of the learner's query until it stops by itself: its batches and failure, or the verdict that ends the check."""
    from pyspark.sql.streaming import StreamingQuery

    from .. import topics
    from ..spark_session import current

    spark = current()
    before = {q.id for q in spark.streams.active} if spark else set()
    query, error, returned = _call(start, timeout)
    if not returned:
        for q in (spark.streams.active if spark else []):
            if q.id not in before:
                q.stop()
        return report(False, "ex.sink.blocked", timeout=timeout)
    if error is not None:
        return report(False, "ex.sink.raised", error=error_line(f"{type(error).__name__}: {error}"))
    if not isinstance(query, StreamingQuery):
        return report(False, "ex.sink.no_query", kind=type(query).__name__)
    deadline, caught = time.monotonic() + timeout, None
    while query.isActive:
        batches = _batches(query, topic)
        if batches and topic not in batches[-1].source:
            query.stop()
            return report(False, "ex.sink.topic", source=batches[-1].source, topic=topic)
        ends = {p: o for p, o in topics.end_offsets(topic).items()}
        if batches and batches[-1].end == ends:
            caught = caught or time.monotonic()
            if time.monotonic() - caught > grace:
                query.stop()
                return report(False, "ex.sink.running", grace=grace)
        elif time.monotonic() > deadline:
            query.stop()
            return report(False, "ex.sink.no_batch", timeout=timeout, topic=topic)
        try:
            query.awaitTermination(1)
        except Exception:   # it failed: query.exception() below says how
            break
    return _batches(query, topic), query.exception()


def _fill(topic: str, collection: str, checkpoint: Path) -> None:
    """The exercise's start: a fresh 2-partition topic with SINK_FIRST readings, an empty collection, no checkpoint."""
    from .. import sensors, store

    def reads_topic(query: Any) -> bool:   # a query of an earlier attempt, still reading the topic
        return bool(query.lastProgress) and topic in (query.lastProgress["sources"] or [{}])[0].get("description", "")

    start_afresh(topic, checkpoint, reads_topic)
    store.collection(collection).drop()
    sensors.produce(SINK_FIRST, topic=topic,
                    simulator=sensors.Simulator(sensors=4, seed=21, start=SINK_START, interval=10))


def _crash(checkpoint: Path) -> int | None:
    """Delete the checkpoint's last commit, as a crash between the sink's write and Spark's commit; its batch id."""
    commits = sorted(int(p.name) for p in (checkpoint / "commits").glob("[0-9]*") if p.name.isdigit())
    if not commits:
        return None
    for name in (str(commits[-1]), f".{commits[-1]}.crc"):
        (checkpoint / "commits" / name).unlink(missing_ok=True)
    return commits[-1]


def _documents_verdict(docs: list[dict]) -> Result | None:
    """The first wrong thing about the stored documents' fields: a raw value, a missing field, a number as text."""
    if not any("temperature" in d for d in docs) and any("value" in d for d in docs):
        example = next(d["value"] for d in docs if "value" in d)
        return report(False, "ex.sink.not_parsed", example=repr(example)[:60])
    for field in ("sensor_id", "temperature", "timestamp"):
        without = [d for d in docs if d.get(field) is None]
        if without:
            shown = {k: v for k, v in without[0].items() if k != "_id"}
            return report(False, "ex.sink.nulls", field=field, count=len(without), total=len(docs), example=shown)
    for field in ("temperature", "timestamp"):
        text = [d[field] for d in docs if isinstance(d[field], str)]
        if text:
            return report(False, "ex.sink.text", field=field, value=text[0])
    return None


def _count_verdict(docs: list[dict], total: int, batch: int | None = None, replayed: int = 0) -> Result | None:
    """Whether the documents are one per record: none doubled by the replayed batch, none overwritten by another."""
    if len(docs) > total and batch is None:
        return report(False, "ex.sink.count", count=len(docs), total=total)
    if len(docs) > total:
        made = sum(1 for d in docs if type(d["_id"]).__name__ == "ObjectId")
        key = "ex.sink.no_id" if made else "ex.sink.duplicates"
        return report(False, key, count=len(docs), total=total, batch=batch, replayed=replayed, made=made)
    if len(docs) < total:
        return report(False, "ex.sink.not_unique", count=len(docs), total=total, example=docs[0]["_id"])
    return None


def check_stream_sink(start: Any, topic: str, collection: str, checkpoint: Any, timeout: float = 90.0,
                      grace: float = 10.0) -> Result:
    """Notebook 05: `start()` starts a query Kafka → MongoDB that stores each reading once and resumes on its checkpoint.

    The check fills `topic` afresh with SINK_FIRST readings, runs the query until it stops by itself, deletes the
    checkpoint's last commit (a crash after the sink wrote that batch), sends SINK_MORE readings and runs it again.
    Right: one document per record with the fields typed, the restart resumed from the checkpoint (running the
    uncommitted batch again, idempotently), and the checkpoint's last commit at the log end.
    """
    from .. import sensors, store, topics
    from ..checkpoints import committed_in

    if unanswered(start):
        return not_answered()
    if not callable(start):
        return report(False, "ex.sink.shape", kind=type(start).__name__)
    folder = Path(checkpoint)
    _fill(topic, collection, folder)
    sink = store.collection(collection)

    first = _run(start, topic, timeout, grace)
    if isinstance(first, Result):
        return first
    batches, failure = first
    if failure is not None:
        key = "ex.sink.clash" if "E11000" in str(failure) else "ex.sink.failed"
        return report(False, key, error=error_line(str(failure)))
    read = sum(b.rows for b in batches)
    if not batches:
        return report(False, "ex.sink.stopped")
    if read == 0:
        return report(False, "ex.sink.latest", total=SINK_FIRST, topic=topic)
    docs = list(sink.find())
    if not docs:
        return report(False, "ex.sink.empty", read=read, collection=collection)
    verdict = _documents_verdict(docs)
    verdict = verdict if verdict is not None else _count_verdict(docs, read)
    if verdict is not None:
        return verdict

    crashed = _crash(folder)
    sensors.produce(SINK_MORE, topic=topic,
                    simulator=sensors.Simulator(sensors=4, seed=22, start=SINK_START + 100, interval=10))
    second = _run(start, topic, timeout, grace)
    if isinstance(second, Result):
        return second
    again, failure = second
    if failure is not None:
        if "E11000" in str(failure):
            return report(False, "ex.sink.refused", batch=crashed, error=error_line(str(failure)))
        return report(False, "ex.sink.failed", error=error_line(str(failure)))
    last = batches[-1]
    resumed = bool(again) and (again[0].batch_id == crashed and again[0].end == last.end if crashed is not None
                               else again[0].start == last.end)
    if not resumed:
        return report(False, "ex.sink.from_start", read=sum(b.rows for b in again), stopped=last.end)
    total = SINK_FIRST + SINK_MORE
    replayed = again[0].rows if crashed is not None else 0
    docs = list(sink.find())
    verdict = _count_verdict(docs, total, crashed, replayed)
    if verdict is not None:
        return verdict
    ends = topics.end_offsets(topic)
    committed = committed_in(folder).get(topic, {})
    if crashed is None or committed != ends:
        return report(False, "ex.sink.elsewhere", checkpoint=str(folder), committed=committed, ends=ends)
    return report(True, "ex.sink.right", first=read, batches=len(batches), batch=crashed, replayed=replayed,
                  new=SINK_MORE, total=total, ends=ends)
