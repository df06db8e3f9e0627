"""Matplotlib figures of what MongoDB holds: time series per sensor, window averages, anomalies (notebook 06)."""
from __future__ import annotations

import io
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from . import fonts
from .config import language
from .messages import say

ANOMALY_THRESHOLD = 8.0
"""°C away from the median of its neighbours before a reading is marked as an anomaly."""


@dataclass
class SensorSeries:
    """One sensor's readings, its window averages and the indices of its anomalies."""

    sensor_id: str
    times: list[datetime]
    temps: list[float]
    windows: list[tuple[datetime, datetime, float]] = field(default_factory=list)
    anomalies: list[int] = field(default_factory=list)


def anomalies(temps: Sequence[float], k: int = 3, threshold: float = ANOMALY_THRESHOLD) -> list[int]:
    """Indices of readings further than `threshold` °C from the median of their `k` neighbours on each side."""
    marked = []
    for i, value in enumerate(temps):
        neighbours = [*temps[max(0, i - k):i], *temps[i + 1:i + 1 + k]]
        if neighbours and abs(value - statistics.median(neighbours)) > threshold:
            marked.append(i)
    return marked


def load(sensors: Sequence[str] | None = None, since: float | None = None) -> list[SensorSeries]:
    """Each sensor's readings (epoch seconds >= `since`) and window averages from MongoDB, sorted by sensor."""
    from . import store

    names = list(sensors) if sensors else sorted(store.collection(store.READINGS).distinct("sensor_id"))
    result = []
    for name in names:
        times, temps = store.series(name, since)
        query: dict[str, Any] = {"sensor_id": name}
        start = times[0] if times else None if since is None else datetime.fromtimestamp(since, timezone.utc)
        if start is not None:
            query["window_end"] = {"$gt": start}  # no window from before `since`, even before the first reading
        rows = store.collection(store.WINDOWS).find(query).sort("window_start", 1)
        windows = [(r["window_start"], r["window_end"], float(r["avg_temperature"])) for r in rows]
        result.append(SensorSeries(name, times, temps, windows, anomalies(temps)))
    return result


def line_points(times: Sequence[datetime], temps: Sequence[float], skip: Sequence[int] = (),
                gap_factor: float = 10.0) -> tuple[list[datetime], list[float]]:
    """The points of a reading line: anomalies left out, and a break (NaN) where the time gap is far above the usual step.

    Drawing anomalies as a line made a vertical spike per anomaly, and joining two separate runs drew a long ramp;
    both looked like data. The anomalies are marked on their own instead.
    """
    keep = [i for i in range(len(times)) if i not in set(skip)]
    steps = sorted((times[b] - times[a]).total_seconds() for a, b in zip(keep, keep[1:]))
    usual = steps[len(steps) // 2] if steps else 0.0
    xs: list[datetime] = []
    ys: list[float] = []
    for n, i in enumerate(keep):
        if n and usual > 0 and (times[i] - times[keep[n - 1]]).total_seconds() > gap_factor * usual:
            xs.append(times[keep[n - 1]])
            ys.append(float("nan"))
        xs.append(times[i])
        ys.append(temps[i])
    return xs, ys


def draw(series: Sequence[SensorSeries], title: str | None = None, width: float = 9.0) -> Figure:
    """One panel per sensor: readings as a line, window averages as steps, anomalies as red crosses."""
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    fonts.use(language())
    rows = max(1, len(series))
    fig = Figure(figsize=(width, 1.3 + 1.6 * rows), dpi=110, layout="constrained")
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    for ax, s in zip(axes, series):
        xs, ys = line_points(s.times, s.temps, s.anomalies)
        ax.plot(xs, ys, color="#1f77b4", linewidth=1.0, label=say("plot.reading"))
        for i, (start, end, avg) in enumerate(s.windows):
            ax.hlines(avg, start, end, colors="#ff7f0e", linewidth=2.0, label=say("plot.window_average") if i == 0 else None)
        if s.anomalies:
            ax.scatter([s.times[i] for i in s.anomalies], [s.temps[i] for i in s.anomalies], marker="x",
                       color="#d62728", s=50, zorder=3, label=say("plot.anomaly"))
        ax.set_ylabel(f"{s.sensor_id}\n°C")
        ax.grid(alpha=0.3)
    if not series:
        axes[0].text(0.5, 0.5, say("plot.no_readings"), ha="center", va="center", transform=axes[0].transAxes)
    else:
        handles: dict[str, Any] = {}
        for ax in axes:
            for handle, text in zip(*ax.get_legend_handles_labels()):
                handles.setdefault(text, handle)
        fig.legend(list(handles.values()), list(handles), loc="outside lower center", ncols=3, fontsize="small")
    locator = mdates.AutoDateLocator()
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    fig.suptitle(title or say("plot.temperature_title"))
    axes[-1].set_xlabel(say("plot.event_time"))
    return fig


def sensor_figure(sensors: Sequence[str] | None = None, since: float | None = None, title: str | None = None) -> Figure:
    """The stored readings as a figure: `draw(load(...))` (notebook 06)."""
    return draw(load(sensors, since), title)


def stats_figure(stats: Sequence[dict[str, Any]], title: str | None = None) -> Figure:
    """Bars of each sensor's mean with its min–max range, from `store.sensor_stats()`: the code notebook 06 shows, saved."""
    from matplotlib.figure import Figure

    fonts.use(language())
    fig = Figure(figsize=(6.0, 3.0), dpi=110, layout="constrained")
    ax = fig.subplots()
    names = [s["sensor_id"] for s in stats]
    means = [s["mean"] for s in stats]
    low = [s["mean"] - s["min"] for s in stats]
    high = [s["max"] - s["mean"] for s in stats]
    ax.bar(names, means, yerr=[low, high], capsize=4, color="#2ca02c", alpha=0.8)
    ax.set_ylabel("°C")
    ax.set_title(title or say("plot.stats_title"))
    ax.grid(axis="y", alpha=0.3)
    return fig


def png(fig: Any) -> bytes:
    """A figure rendered as PNG bytes (for image widgets)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
