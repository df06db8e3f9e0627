"""The soak: 1,000 readings/s through the pipeline for MINUTES; RSS per process and the backlog sampled, trends judged.

    python benchmarks/run.py --soak 10      # servers started and stopped like the other sections
"""
from __future__ import annotations

import time
from typing import Any

from .pipeline import Backlog, Load, process_pids, scratch, start_query
from .procs import status_kib
from .stats import Metric, keeps_up, rises, second_half, slope

RATE = 1_000
"""Readings per second offered for the whole soak."""
SAMPLE_S = 5.0
"""Seconds between two samples of RSS and backlog."""
TRIGGER = {"processingTime": "1 second"}
"""The notebooks' trigger."""


def sample(minutes: float, spark: Any) -> tuple[dict[str, list[tuple[float, float]]], list[tuple[float, float]], dict]:
    """Run the pipeline under a `minutes`-long load; return RSS series (MiB) per process, the backlog series, the load report."""
    rss: dict[str, list[tuple[float, float]]] = {}
    backlog_series: list[tuple[float, float]] = []
    with scratch("soak") as name:
        query = start_query(spark, name, TRIGGER)
        backlog = Backlog(name)
        try:
            load = Load(name, RATE, minutes * 60)
            pids = process_pids(load.proc.pid)
            next_at = time.monotonic()
            while load.running():
                next_at += SAMPLE_S
                time.sleep(max(0.0, next_at - time.monotonic()))
                at = round(time.monotonic() - load.started, 1)
                backlog_series.append((at, float(backlog.now())))
                for process, pid in pids.items():
                    kib = status_kib(pid, "VmRSS") if pid else None
                    if kib is not None:
                        rss.setdefault(process, []).append((at, kib / 1024))
                if len(backlog_series) % 12 == 0:
                    print(f"  {at / 60:5.1f} min: backlog {backlog_series[-1][1]:>7,.0f}, "
                          + ", ".join(f"{p} {v[-1][1]:.0f} MiB" for p, v in rss.items()), flush=True)
            report = load.report()
        finally:
            backlog.close()
            query.stop()
    return rss, backlog_series, report


def soak(spark: Any, minutes: float) -> list[Metric]:
    """The soak's metrics: per process the RSS growth over the second half (MiB/min), the backlog's, and the verdicts."""
    rss, backlog_series, report = sample(minutes, spark)
    metrics = []
    rising = []
    for process, series in rss.items():
        per_minute = slope(second_half(series)) * 60
        if rises(series):
            rising.append(process)
        metrics.append(Metric(f"soak: RSS trend, {process}", per_minute, "MiB/min",
                              note=f"second half; {series[0][1]:.0f} → {series[-1][1]:.0f} MiB",
                              details={"series": series}))
    metrics.append(Metric("soak: backlog trend", slope(second_half(backlog_series)) * 60, "readings/min",
                          note=f"second half; at the end {backlog_series[-1][1]:,.0f}" if backlog_series else "",
                          details={"series": backlog_series, "load": report}))
    if not keeps_up(backlog_series, RATE):
        rising.append("backlog")
    metrics.append(Metric("soak: series trending up", len(rising), "", 0, "max",
                          note=", ".join(rising) or f"none, over {minutes:g} min at {RATE:,}/s"))
    return metrics
