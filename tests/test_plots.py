"""Plots of notebook 06: anomaly marking (pure), and figures drawn from real stored readings."""
from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone

import pytest

from workshop import plots, store, streaming


def test_anomalies_marks_only_jumps() -> None:
    temps = [20.0, 20.2, 20.1, 41.0, 20.3, 20.2, 19.9, 20.0, -1.0, 20.1]
    assert plots.anomalies(temps) == [3, 8]
    assert plots.anomalies([20.0 + 0.1 * i for i in range(30)]) == []
    assert plots.anomalies([]) == [] and plots.anomalies([50.0]) == []


def test_draw_has_one_panel_per_sensor_with_anomaly_markers() -> None:
    t0 = datetime(2024, 4, 22, 5, 25, tzinfo=timezone.utc)
    times = [t0 + timedelta(seconds=10 * i) for i in range(12)]
    temps = [20.0] * 5 + [45.0] + [20.0] * 6
    series = [plots.SensorSeries("sensor_1", times, temps, [(t0, t0 + timedelta(minutes=1), 24.2)],
                                 plots.anomalies(temps)),
              plots.SensorSeries("sensor_2", times, [21.0] * 12)]
    fig = plots.draw(series)
    axes = fig.get_axes()
    assert [ax.get_ylabel().split()[0] for ax in axes] == ["sensor_1", "sensor_2"]
    assert len(axes[0].collections) == 2 and len(axes[1].collections) == 0   # window steps + anomaly crosses
    assert axes[0].collections[1].get_offsets().shape == (1, 2)
    assert plots.png(fig).startswith(b"\x89PNG")


def test_empty_store_draws_a_note() -> None:
    fig = plots.draw([])
    assert "no readings" in fig.get_axes()[0].texts[0].get_text()


@pytest.mark.live
def test_load_reads_series_and_windows_from_mongodb(fresh: str, spark) -> None:
    received = int(time.time())  # the Kafka timestamp column, seconds: the future check's clock
    records = [(fresh, 0, i, received, None, f'{{"sensor_id":"sensor_{1 + i % 2}","temperature":{45.0 if i == 6 else 20.0},'
                                       f'"timestamp":{1713763500 + 10 * i}}}') for i in range(12)]
    frame = spark.createDataFrame(records, "topic string, partition int, offset long, timestamp long, key string, value string")
    streaming.write_batch(streaming.validated(streaming.records(frame)), 0)
    assert (store.counts()["readings"], store.counts()["quarantine"]) == (12, 0)
    start = datetime(2024, 4, 22, 5, 25, tzinfo=timezone.utc)
    store.collection(store.WINDOWS).insert_one({"_id": "sensor_1@x", "sensor_id": "sensor_1", "window_start": start,
                                                "window_end": start + timedelta(minutes=1), "avg_temperature": 24.2})
    series = plots.load()
    assert [s.sensor_id for s in series] == ["sensor_1", "sensor_2"]
    assert len(series[0].temps) == 6 and series[0].anomalies == [3] and len(series[0].windows) == 1
    assert series[1].windows == [] and series[1].anomalies == []
    assert [len(s.temps) for s in plots.load(since=1713763500 + 60)] == [3, 3]
    fig = plots.stats_figure(store.sensor_stats())
    assert [t.get_text() for t in fig.get_axes()[0].get_xticklabels()] == ["sensor_1", "sensor_2"]


def test_reading_line_leaves_out_anomalies_and_breaks_at_gaps() -> None:
    t0 = datetime(2024, 4, 22, 5, 25, tzinfo=timezone.utc)
    times = [t0 + timedelta(seconds=2 * i) for i in range(6)] + [t0 + timedelta(minutes=30)]
    temps = [21.0, 21.1, 0.0, 21.2, 21.3, 21.4, 22.0]
    xs, ys = plots.line_points(times, temps, skip=[2])
    assert 0.0 not in ys                                      # the anomaly is not part of the line
    assert len(xs) == len(ys) == 7 and math.isnan(ys[5])      # a break before the reading 30 minutes later
    assert ys[-1] == 22.0


def test_legend_sits_outside_the_panels() -> None:
    t0 = datetime(2024, 4, 22, 5, 25, tzinfo=timezone.utc)
    times = [t0 + timedelta(seconds=5 * i) for i in range(12)]
    fig = plots.draw([plots.SensorSeries("sensor_1", times, [21.0] * 12)])
    assert fig.legends and all(ax.get_legend() is None for ax in fig.axes)
