"""Notebook 06's Exercise 3: the learner's figure of sensor_2's temperature over time is judged by what it draws.

Unit tests judge hand-made figures against hand-made readings; live tests draw from MongoDB as a learner would, the
worked solution and each typical mistake, and read every verdict in both languages.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

import matplotlib.dates as mdates
import pytest
from matplotlib.figure import Figure

from workshop import store
from workshop.exercises import TODO, plotting
from workshop.exercises import streaming as ex
from helpers import said_in_both

T0 = datetime(2024, 4, 22, 5, 25, tzinfo=timezone.utc)
TRUTH = {"sensor_1": [20.0, 20.5, 21.0], "sensor_2": [22.0, 22.5, 22.25, 23.0]}


def figure(xs: list[Any], ys: list[float], xlabel: str = "time", ylabel: str = "°C", title: str = "sensor_2") -> Figure:
    """A one-line figure as a learner draws it."""
    fig = Figure()
    ax = fig.subplots()
    ax.plot(xs, ys)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return fig


def times(n: int) -> list[Any]:
    return [T0 + timedelta(seconds=10 * i) for i in range(n)]


def verdict(fig: Any) -> tuple[bool, str, dict[str, object]]:
    return plotting.figure_verdict(fig, TRUTH, "sensor_2")


def test_a_right_figure_passes_with_datetimes_or_date_numbers() -> None:
    assert verdict(figure(times(4), TRUTH["sensor_2"])) == (True, "ex.plot.right", {"sensor": "sensor_2", "count": 4})
    numbers = figure([float(mdates.date2num(t)) for t in times(4)], TRUTH["sensor_2"])
    numbers.axes[0].xaxis_date()
    assert verdict(numbers)[:2] == (True, "ex.plot.right")


def test_each_mistake_in_a_figure_gets_its_own_verdict() -> None:
    assert verdict("a figure")[1:] == ("ex.plot.shape", {"kind": "str"})
    assert verdict(figure(times(4), TRUTH["sensor_2"]).axes[0])[1:] == ("ex.plot.shape", {"kind": "Axes"})
    empty = Figure()
    empty.subplots().scatter(times(4), TRUTH["sensor_2"])
    assert verdict(empty)[1] == "ex.plot.no_line"
    assert verdict(figure(times(3), TRUTH["sensor_1"]))[1:] == ("ex.plot.sensor", {"given": "sensor_1", "sensor": "sensor_2"})
    assert verdict(figure(times(2), [22.0, 99.0]))[1:] == ("ex.plot.values", {"sensor": "sensor_2", "count": 2, "total": 4})
    assert verdict(figure(times(2), [22.0, 22.5]))[1:] == ("ex.plot.few", {"sensor": "sensor_2", "count": 2, "total": 4})
    epoch = [t.timestamp() for t in times(4)]
    assert verdict(figure(epoch, TRUTH["sensor_2"]))[1:] == ("ex.plot.not_times", {"example": epoch[0]})
    by_temperature = sorted(TRUTH["sensor_2"])
    assert verdict(figure(times(4), by_temperature))[1] == "ex.plot.unsorted"                # y in the wrong order
    assert verdict(figure(times(4)[::-1], TRUTH["sensor_2"]))[1] == "ex.plot.unsorted"      # x running backwards
    assert verdict(figure(times(4), TRUTH["sensor_2"], xlabel=""))[1:] == ("ex.plot.labels", {"missing": "x"})
    assert verdict(figure(times(4), TRUTH["sensor_2"], xlabel="", ylabel=" "))[2] == {"missing": "x + y"}
    assert verdict(figure(times(4), TRUTH["sensor_2"], title=""))[1] == "ex.plot.title"
    assert plotting.figure_verdict(figure(times(4), TRUTH["sensor_2"]), TRUTH, "sensor_9")[1] == "ex.plot.none"


def test_the_line_of_the_sensor_is_found_among_several() -> None:
    fig = figure(times(3), TRUTH["sensor_1"])
    fig.axes[0].plot(times(4), TRUTH["sensor_2"])
    assert verdict(fig)[:2] == (True, "ex.plot.right")
    assert plotting.within([22.0, 22.0], [22.0, 23.0]) is False     # a reading counts once


def test_unanswered_needs_no_servers() -> None:
    result = ex.check_temperature_plot(TODO)
    assert not result and said_in_both(result, "ex.not_answered")


READINGS = 12


@pytest.fixture
def stored(fresh: str) -> dict[str, list[float]]:
    """Three sensors' readings, stored out of time order (so an unsorted find is not in time order); their truth."""
    rng = random.Random(6)
    docs: list[dict[str, Any]] = [
        {"_id": f"{fresh}:0:{i}", "sensor_id": f"sensor_{1 + i % 3}", "temperature": round(rng.uniform(18, 30), 2),
         "timestamp": 1713763500 + 10 * (i // 3)} for i in range(3 * READINGS)]
    truth = {s: [d["temperature"] for d in docs if d["sensor_id"] == s] for s in ("sensor_1", "sensor_2", "sensor_3")}
    rng.shuffle(docs)
    store.collection(store.READINGS).insert_many(docs)
    return truth


def learner(sensor: str | None = "sensor_2", order: int | None = 1, limit: int = 0, one: bool = False,
            epoch: bool = False, labels: bool = True, title: bool = True) -> Figure:
    """Exercise 3 as a learner writes it: the worked solution, or it with one typical mistake."""
    readings = store.collection(store.READINGS)
    query = {"sensor_id": sensor} if sensor else {}
    docs: list[Any]
    if one:
        docs = [readings.find_one(query, sort=[("timestamp", 1)])]
    else:
        cursor = readings.find(query, {"timestamp": 1, "temperature": 1})
        if order:
            cursor = cursor.sort("timestamp", order)
        docs = list(cursor.limit(limit))
    xs: list[Any] = [d["timestamp"] if epoch else datetime.fromtimestamp(d["timestamp"], timezone.utc) for d in docs]
    fig = Figure()
    ax = fig.subplots()
    ax.plot(xs, [d["temperature"] for d in docs])
    if labels:
        ax.set_xlabel("time (UTC)")
        ax.set_ylabel("temperature (°C)")
    if title:
        ax.set_title("sensor_2 over time")
    return fig


@pytest.mark.live
def test_the_worked_solution_passes(stored: dict[str, list[float]]) -> None:
    assert plotting.stored_temperatures() == stored
    right = ex.check_temperature_plot(learner(), "sensor_2")
    assert right and said_in_both(right, "ex.plot.right", sensor="sensor_2", count=READINGS), right.why


@pytest.mark.live
def test_each_typical_mistake_gets_its_hint(stored: dict[str, list[float]]) -> None:
    def check(**mistake: Any) -> Any:
        result = ex.check_temperature_plot(learner(**mistake), "sensor_2")
        assert not result, mistake
        return result

    assert said_in_both(check(sensor="sensor_3"), "ex.plot.sensor", given="sensor_3", sensor="sensor_2")
    assert said_in_both(check(sensor=None), "ex.plot.values", sensor="sensor_2", count=3 * READINGS, total=READINGS)
    assert said_in_both(check(order=None), "ex.plot.unsorted")       # stored shuffled: find alone is not time order
    assert said_in_both(check(order=-1), "ex.plot.unsorted")
    assert said_in_both(check(limit=5), "ex.plot.few", sensor="sensor_2", count=5, total=READINGS)
    assert said_in_both(check(one=True), "ex.plot.few", sensor="sensor_2", count=1, total=READINGS)
    assert said_in_both(check(epoch=True), "ex.plot.not_times", example=1713763500.0)
    assert said_in_both(check(labels=False), "ex.plot.labels", missing="x + y")
    assert said_in_both(check(title=False), "ex.plot.title")
    axes = ex.check_temperature_plot(learner().axes[0], "sensor_2")
    assert not axes and said_in_both(axes, "ex.plot.shape", kind="Axes")


@pytest.mark.live
def test_nothing_stored_says_run_the_pipeline_first(fresh: str) -> None:
    result = ex.check_temperature_plot(figure(times(4), TRUTH["sensor_2"]), "sensor_2")
    assert not result and said_in_both(result, "ex.plot.none", sensor="sensor_2")
