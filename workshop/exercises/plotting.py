"""Exercise check of notebook 06: the learner's matplotlib figure of one sensor's temperature over time."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from numbers import Real
from typing import Any

from . import Result, not_answered, report, unanswered

Verdict = tuple[bool, str, dict[str, object]]
"""What a figure earns: right or not, the message key and its values (report's arguments)."""


def _key(value: float) -> float:
    """A temperature rounded so that the same reading compares equal however it travelled."""
    return round(float(value), 9)


def _is_date(value: Any) -> bool:
    """Whether one x value is a point in time (datetime, date, numpy or pandas datetime)."""
    import numpy as np

    return isinstance(value, (datetime, date, np.datetime64))


def lines_with_points(figure: Any) -> list[Any]:
    """Every Line2D of the figure's axes that holds at least one point, axes by axes (pure)."""
    return [line for ax in figure.get_axes() for line in ax.get_lines() if len(line.get_ydata(orig=True))]


def date_axis(line: Any) -> bool:
    """Whether the line's x axis labels its ticks as dates (matplotlib date numbers count as times there)."""
    import matplotlib.dates as mdates

    formatter = line.axes.xaxis.get_major_formatter()
    return isinstance(formatter, (mdates.DateFormatter, mdates.AutoDateFormatter, mdates.ConciseDateFormatter))


def x_numbers(line: Any) -> list[float] | None:
    """The line's x values as matplotlib date numbers; None when they are plain numbers, not times."""
    import matplotlib.dates as mdates

    xs = list(line.get_xdata(orig=True))
    if xs and all(_is_date(x) for x in xs):
        return [float(mdates.date2num(x)) for x in xs]
    if date_axis(line):
        return [float(x) for x in xs]
    return None


def within(part: Sequence[float], whole: Sequence[float]) -> bool:
    """Whether every value of `part` is one of `whole`'s, counted with repeats (pure)."""
    return not Counter(map(_key, part)) - Counter(map(_key, whole))


def choose_line(lines: Sequence[Any], temps: Sequence[float]) -> Any:
    """The line holding the sensor's temperatures if one does, else the one with the most points (pure)."""
    target = [_key(t) for t in temps]
    for line in lines:
        if [_key(y) for y in line.get_ydata(orig=True)] == target:
            return line
    return max(lines, key=lambda line: len(line.get_ydata(orig=True)))


def figure_verdict(figure: Any, truth: Mapping[str, Sequence[float]], sensor: str) -> Verdict:
    """Judge a figure against each sensor's temperatures in time order, as MongoDB holds them (pure)."""
    from matplotlib.figure import Figure

    if not isinstance(figure, Figure):
        return False, "ex.plot.shape", {"kind": type(figure).__name__}
    temps = list(truth.get(sensor, []))
    if not temps:
        return False, "ex.plot.none", {"sensor": sensor}
    lines = lines_with_points(figure)
    if not lines:
        return False, "ex.plot.no_line", {}
    line = choose_line(lines, temps)
    ys = [float(y) for y in line.get_ydata(orig=True)]
    if not within(ys, temps):
        for other in sorted(truth):
            if other != sensor and within(ys, truth[other]):
                return False, "ex.plot.sensor", {"given": other, "sensor": sensor}
        return False, "ex.plot.values", {"sensor": sensor, "count": len(ys), "total": len(temps)}
    if len(ys) < len(temps):
        return False, "ex.plot.few", {"sensor": sensor, "count": len(ys), "total": len(temps)}
    xs = x_numbers(line)
    if xs is None:
        first = line.get_xdata(orig=True)[0]
        return False, "ex.plot.not_times", {"example": float(first) if isinstance(first, Real) else str(first)}
    if any(b < a for a, b in zip(xs, xs[1:])) or [_key(y) for y in ys] != [_key(t) for t in temps]:
        return False, "ex.plot.unsorted", {}
    ax = line.axes
    missing = [name for name, text in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())) if not text.strip()]
    if missing:
        return False, "ex.plot.labels", {"missing": " + ".join(missing)}
    suptitle = figure.get_suptitle() if hasattr(figure, "get_suptitle") else ""
    if not (ax.get_title().strip() or suptitle.strip()):
        return False, "ex.plot.title", {}
    return True, "ex.plot.right", {"sensor": sensor, "count": len(ys)}


def stored_temperatures() -> dict[str, list[float]]:
    """Each stored sensor's temperatures, oldest reading first, from MongoDB."""
    from .. import store

    found: dict[str, list[float]] = {}
    for doc in store.collection(store.READINGS).find({}, {"sensor_id": 1, "temperature": 1}).sort("timestamp", 1):
        found.setdefault(doc["sensor_id"], []).append(float(doc["temperature"]))
    return dict(sorted(found.items()))


def check_temperature_plot(figure: Any, sensor_id: str = "sensor_2") -> Result:
    """Notebook 06: a matplotlib Figure with `sensor_id`'s stored temperatures over time, labelled axes and a title."""
    if unanswered(figure):
        return not_answered()
    ok, key, values = figure_verdict(figure, stored_temperatures(), sensor_id)
    return report(ok, key, **values)
