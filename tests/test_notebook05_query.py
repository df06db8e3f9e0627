"""Notebook 05's own query (its cells tagged `query`) and workshop.streaming's pipeline store identical documents;
notebook 05b's windowed aggregation (its cell tagged `windows`) and the library's copy give the same windows."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from workshop import sensors, store, streaming, validation
from workshop.config import settings

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "05_spark_structured_streaming.ipynb"
NOTEBOOK_B = NOTEBOOK.with_name("05b_event_time_and_state.ipynb")
QUERY_NAME = "readings"
"""The name the notebook's writer cell gives its query (and so its checkpoint folder)."""

VALUES: list[tuple[bytes | None, bytes | None]] = [
    (b"sensor_1", b'{"sensor_id":"sensor_1","temperature":24.5,"timestamp":1713763500}'),
    (b"sensor_2", b'{"sensor_id":"sensor_2","temperature":20,"timestamp":1713763510,"humidity":41.5}'),
    (b"sensor_3", b'{"sensor_id":"sensor_3","temperature":-3.25,"timestamp":1713763520,"reading_id":"r-17"}'),
    (None, b'{"sensor_id":"sensor_1","temperature":24.5'),
    (b"sensor_1", b"[24.5]"),
    (b"sensor_1", b'{"sensor_id":"sensor_1","temperature":24.5}'),
    (b"sensor_1", b'{"sensor_id":"sensor_1","temperature":"hot","timestamp":1713763500}'),
    (b"sensor_1", b'{"sensor_id":7,"temperature":24.5,"timestamp":1713763500}'),
    (b"sensor_1", b'{"sensor_id":"sensor_1","temperature":true,"timestamp":1713763500}'),
    (b"sensor_1", b'{"sensor_id":"  ","temperature":24.5,"timestamp":1713763500}'),
    (b"sensor_1", b'{"sensor_id":"sensor_1","temperature":480,"timestamp":1713763500}'),
    (b"sensor_1", b'{"sensor_id":"sensor_1","temperature":24.5,"timestamp":9999999999}'),
    (b"sensor_1", b'{"sensor_id":"sensor_1","temperature":24.5,"timestamp":-5}'),
    (b"sensor_1", b"\xff\xfe not text"),
    (b"sensor_1", None),
]
"""Good readings (one with an extra field, one with a reading_id) and one record per quarantine reason."""


def tagged_cells(tag: str, notebook: Path = NOTEBOOK) -> list[str]:
    """The source of the notebook's code cells carrying `tag`, in order."""
    cells = json.loads(notebook.read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code" and tag in c["metadata"].get("tags", [])]


def documents(name: str) -> dict[str, dict[str, Any]]:
    """Every document of a collection by _id, without the moment it was written."""
    return {d["_id"]: {k: v for k, v in d.items() if k != "quarantined_at"} for d in store.collection(name).find()}


def produce(topic: str) -> None:
    producer = sensors.producer()
    for key, value in VALUES:
        producer.send(topic, key=key, value=value)
    producer.flush()
    producer.close()


def test_notebook_has_the_query_cells() -> None:
    code = "\n".join(tagged_cells("query"))
    for part in ('readStream.format("kafka")', "maxOffsetsPerTrigger", "failOnDataLoss", "from_json",
                 "def store_batch(batch_df, batch_id)", "foreachBatch(store_batch)", "checkpointLocation",
                 "outputMode(", "trigger(", ".start()"):
        assert part in code, part


@pytest.mark.live
def test_notebook_query_and_library_store_identical_documents(fresh: str, spark: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from pyspark.sql import functions as F

    streaming.clear_checkpoint(QUERY_NAME)
    namespace: dict[str, Any] = {"spark": spark, "s": settings(), "TOPIC": fresh, "F": F, "store": store,
                                 "streaming": streaming, "validation": validation}
    try:
        for source in tagged_cells("query"):
            exec(compile(source, str(NOTEBOOK), "exec"), namespace)
        query = namespace["query"]
        deadline = time.monotonic() + 120
        while not query.recentProgress and time.monotonic() < deadline:
            time.sleep(0.2)
        assert query.recentProgress, "the notebook's query made no progress within 120 s"
        produce(fresh)
        streaming.await_caught_up(query)
    finally:
        streaming.stop_all(spark)
        streaming.clear_checkpoint(QUERY_NAME)
    notebook_readings, notebook_quarantine = documents(store.READINGS), documents(store.QUARANTINE)

    monkeypatch.setenv("WORKSHOP_DATABASE", f"{fresh.replace('-', '_')}_library")
    streaming.clear_checkpoint("library-readings")
    try:
        streaming.run_until_caught_up(name="library-readings", starting_offsets="earliest")
    finally:
        streaming.clear_checkpoint("library-readings")
    library_readings, library_quarantine = documents(store.READINGS), documents(store.QUARANTINE)

    assert len(notebook_readings) == 3 and len(notebook_quarantine) == len(VALUES) - 3
    assert notebook_readings == library_readings
    assert notebook_quarantine == library_quarantine
    reasons = {d["kafka"]["offset"] if "kafka" in d else None: d["reason"] for d in notebook_quarantine.values()}
    assert validation.NOT_JSON in reasons.values() and validation.EMPTY in reasons.values()
    assert any(r.startswith("temperature 480") for r in reasons.values())


def test_notebook05b_has_the_windows_cell() -> None:
    code = "\n".join(tagged_cells("windows", NOTEBOOK_B))
    for part in ("withWatermark(", "F.window(", "groupBy(", "F.avg(", "def averages(valid)", "window_averages ="):
        assert part in code, part


@pytest.mark.live
def test_notebook05b_windows_and_library_agree(spark: Any) -> None:
    from datetime import datetime, timezone

    from pyspark.sql import functions as F

    simulator = sensors.Simulator(sensors=3, seed=9, start=1713763500, interval=15)
    values = [(key, value) for key, value in VALUES if key] + \
        [(r["sensor_id"].encode(), sensors.encode(r)) for r in simulator.readings(60)]
    received = datetime(2024, 4, 22, 6, 0, tzinfo=timezone.utc)
    frame = spark.createDataFrame([("t", 0, i, received, key, value) for i, (key, value) in enumerate(values)],
                                  "topic STRING, partition INT, offset LONG, timestamp TIMESTAMP, key BINARY, value BINARY")
    checked = streaming.validated(streaming.records(frame))
    namespace: dict[str, Any] = {"checked": checked, "F": F}
    for source in tagged_cells("windows", NOTEBOOK_B):
        exec(compile(source, str(NOTEBOOK_B), "exec"), namespace)

    def rows(windows: Any) -> list[tuple]:
        return sorted(tuple(r) for r in windows.collect())

    notebook, library = rows(namespace["window_averages"]), rows(streaming.window_averages(streaming.valid(checked)))
    assert len(notebook) >= 15 and notebook == library
