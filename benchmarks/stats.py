"""Pure helpers of the benchmarks: percentiles, trends, result rows, the results document and its table."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

SCHEMA_VERSION = 1
TARGET_KINDS = ("max", "min", None)
"""A target is an upper bound ("max": value ≤ target), a lower bound ("min": value ≥ target), or absent."""


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between closest ranks; NaN for no values."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0..100")
    data = sorted(values)
    if not data:
        return math.nan
    rank = (len(data) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    """The median (the 50th percentile)."""
    return percentile(values, 50)


def summary(values: Sequence[float]) -> dict[str, float | int]:
    """Count, min, p50, p95, max and mean of a sample."""
    data = list(values)
    return {
        "n": len(data),
        "min": min(data) if data else math.nan,
        "p50": percentile(data, 50),
        "p95": percentile(data, 95),
        "max": max(data) if data else math.nan,
        "mean": sum(data) / len(data) if data else math.nan,
    }


def slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of y over x (0 for fewer than two distinct x)."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def keeps_up(samples: Sequence[tuple[float, float]], rate: float, bound_seconds: float = 5.0,
             trend_fraction: float = 0.02) -> bool:
    """Whether a backlog series (seconds, records) ends within `bound_seconds` of input and does not trend up.

    "Not trending up": over the second half of the window the backlog grows by less than
    `trend_fraction` of the offered rate per second. A 1 s trigger whose batches take 1-2 s keeps about
    two batches of input in flight, hence 5 s rather than 1-2 s as the bound.
    """
    if not samples:
        return False
    return samples[-1][1] <= bound_seconds * rate and slope(second_half(samples)) <= trend_fraction * rate


def second_half(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The points of a time series from the middle of its time span on."""
    if not points:
        return []
    middle = points[0][0] + (points[-1][0] - points[0][0]) / 2
    return [p for p in points if p[0] >= middle]


def rises(points: Sequence[tuple[float, float]], fraction: float = 0.05) -> bool:
    """Whether a series trends up: over its second half it grows by more than `fraction` of that half's mean."""
    half = second_half(points)
    if len(half) < 2:
        return False
    mean = sum(y for _, y in half) / len(half)
    return slope(half) * (half[-1][0] - half[0][0]) > fraction * max(mean, 1.0)


@dataclass
class Metric:
    """One benchmark number with its unit and target, plus details (samples, breakdowns) for the JSON."""

    name: str
    value: float | None
    unit: str
    target: float | None = None
    kind: str | None = None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in TARGET_KINDS:
            raise ValueError(f"kind must be one of {TARGET_KINDS}, got {self.kind!r}")
        if (self.target is None) != (self.kind is None):
            raise ValueError(f"{self.name}: give both target and kind, or neither")

    @property
    def met(self) -> bool | None:
        """True/False against the target; None when there is no target or no value."""
        if self.target is None or self.value is None or (isinstance(self.value, float) and math.isnan(self.value)):
            return None
        return self.value <= self.target if self.kind == "max" else self.value >= self.target

    def as_dict(self) -> dict[str, Any]:
        """The metric as a JSON-ready dict, with `met` filled in."""
        return {**asdict(self), "met": self.met}


def document(metrics: Iterable[Metric], machine: dict[str, Any], mode: str, started: str, seconds: float) -> dict[str, Any]:
    """The results document written to benchmarks/results/*.json."""
    return {"schema": SCHEMA_VERSION, "mode": mode, "started": started, "wall_seconds": round(seconds, 1),
            "machine": machine, "metrics": [m.as_dict() for m in metrics]}


Kinds = type | tuple[type, ...]
_DOCUMENT_KEYS: dict[str, Kinds] = {"schema": int, "mode": str, "started": str, "wall_seconds": (int, float),
                                    "machine": dict, "metrics": list}
_METRIC_KEYS: dict[str, Kinds] = {"name": str, "value": (int, float, type(None)), "unit": str,
                                  "target": (int, float, type(None)), "kind": (str, type(None)), "note": str,
                                  "details": dict, "met": (bool, type(None))}


def validate(doc: dict[str, Any]) -> list[str]:
    """Problems with a results document's shape (empty when it is valid)."""
    problems = [f"missing or mistyped {k!r}" for k, t in _DOCUMENT_KEYS.items() if not isinstance(doc.get(k), t)]
    if problems:
        return problems
    if doc["schema"] != SCHEMA_VERSION:
        problems.append(f"schema {doc['schema']} is not {SCHEMA_VERSION}")
    if doc["mode"] not in ("quick", "full", "soak"):
        problems.append(f"mode {doc['mode']!r} is not quick, full or soak")
    names = set()
    for i, metric in enumerate(doc["metrics"]):
        if not isinstance(metric, dict):
            problems.append(f"metric {i} is not an object")
            continue
        problems += [f"metric {i} ({metric.get('name')}): missing or mistyped {k!r}"
                     for k, t in _METRIC_KEYS.items() if not isinstance(metric.get(k), t)]
        if metric.get("name") in names:
            problems.append(f"metric name {metric.get('name')!r} appears twice")
        names.add(metric.get("name"))
        if metric.get("kind") not in TARGET_KINDS:
            problems.append(f"metric {i}: kind {metric.get('kind')!r} unknown")
    return problems


def _number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3f}"


def table_rows(metrics: Iterable[dict[str, Any]]) -> list[list[str]]:
    """Rows (name, value, unit, target, met?) of metric dicts, as text."""
    rows = []
    for m in metrics:
        target = "" if m["target"] is None else ("≤ " if m["kind"] == "max" else "≥ ") + _number(m["target"])
        met = {True: "yes", False: "NO", None: ""}[m["met"]]
        rows.append([m["name"], _number(m["value"]), m["unit"], target, met])
    return rows


def text_table(metrics: Iterable[dict[str, Any]]) -> str:
    """A fixed-width table for the terminal."""
    header = ["name", "value", "unit", "target", "met?"]
    rows = table_rows(metrics)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(c.rjust(w) if i in (1, 3) else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def markdown_table(metrics: Iterable[dict[str, Any]]) -> str:
    """The same table in Markdown, for docs/benchmarks.md."""
    rows = table_rows(metrics)
    out = ["| name | value | unit | target | met? |", "|---|---:|---|---:|---|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)
