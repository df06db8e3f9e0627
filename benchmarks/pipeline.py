"""End to end producer → Kafka → Spark → MongoDB: the sustained rate, the latency at 1,000 readings/s, the memory."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from workshop import stack, store, streaming, topics
from workshop.config import PROJECT_ROOT, settings

from .procs import MIB, MemorySampler, java_child
from .stats import Metric, keeps_up, median, percentile, summary

PIPELINE = ("kafka", "spark driver JVM", "python driver", "mongodb")
"""The pipeline's processes; the load generator is reported beside them, not in their sum."""
RATE_TARGET = 25_000
CPU_TARGET_MS = 40.0
LATENCY_TARGET_S = 0.8
DURATION_KEYS = ("triggerExecution", "latestOffset", "getBatch", "queryPlanning", "addBatch", "walCommit", "commitOffsets")


class Load:
    """A load generator process (benchmarks.loadgen) producing at a fixed rate."""

    def __init__(self, topic: str, rate: float, seconds: float, stamp: bool = False) -> None:
        args = [sys.executable, "-m", "benchmarks.loadgen", "--topic", topic, "--rate", str(rate), "--seconds", str(seconds)]
        log = settings().home / "loadgen.log"
        with log.open("ab") as err:
            self.proc = subprocess.Popen(args + (["--stamp"] if stamp else []), cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                                         stderr=err, text=True)
        first = self.proc.stdout.readline().strip() if self.proc.stdout else ""
        if first != "ready":
            raise RuntimeError(f"the load generator did not start (see {log}): {first!r}")
        self.started = time.monotonic()

    def running(self) -> bool:
        """Whether it is still producing."""
        return self.proc.poll() is None

    def report(self) -> dict[str, Any]:
        """Wait for the end and return its JSON report."""
        out, _ = self.proc.communicate(timeout=300)
        if self.proc.returncode != 0:
            raise RuntimeError(f"the load generator failed (exit {self.proc.returncode}); see {settings().home / 'loadgen.log'}")
        return json.loads(out.strip().splitlines()[-1])


@contextmanager
def scratch(label: str) -> Iterator[str]:
    """A fresh 2-partition topic and database named after `label`, selected via the environment; removed afterwards."""
    name = f"bench-{label}-{int(time.time())}"
    saved = {k: os.environ.get(k) for k in ("WORKSHOP_TOPIC", "WORKSHOP_DATABASE")}
    os.environ["WORKSHOP_TOPIC"], os.environ["WORKSHOP_DATABASE"] = name, name.replace("-", "_")
    topics.create_topic(name, partitions=2)
    streaming.clear_checkpoint(name)
    try:
        yield name
    finally:
        store.client().drop_database(settings().database)
        topics.delete_topics([name])
        streaming.clear_checkpoint(name)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class Backlog:
    """Kafka's log-end offsets minus the readings stored in MongoDB, for the current topic and database."""

    def __init__(self, topic: str) -> None:
        from kafka import TopicPartition

        self.consumer = topics.consumer(client_id="workshop-bench-backlog")
        self.partitions = [TopicPartition(topic, p) for p in range(settings().partitions)]

    def produced(self) -> int:
        """Records in the topic."""
        return sum(self.consumer.end_offsets(self.partitions).values())

    def stored(self) -> int:
        """Readings stored."""
        return store.collection().estimated_document_count()

    def now(self) -> int:
        """The backlog right now."""
        return self.produced() - self.stored()

    def close(self) -> None:
        """Close the Kafka connection."""
        self.consumer.close()


def start_query(spark: Any, name: str, trigger: dict[str, str]) -> Any:
    """Start the workshop pipeline on `name` and wait for its first (empty) batch."""
    query = streaming.start_pipeline(spark, name=name, starting_offsets="earliest", trigger=trigger)
    deadline = time.monotonic() + 120
    while query.lastProgress is None and time.monotonic() < deadline:
        if query.exception() is not None:
            raise RuntimeError(f"the pipeline failed: {query.exception()}")
        time.sleep(0.2)
    return query


def batch_profile(progress: list[dict]) -> dict[str, Any]:
    """Median Spark durations (ms) and rows of the batches that carried data."""
    busy = [p for p in progress if p.get("numInputRows", 0) > 0]
    if not busy:
        return {"batches": 0}
    out: dict[str, Any] = {"batches": len(busy), "rows_per_batch_p50": median([p["numInputRows"] for p in busy])}
    for key in DURATION_KEYS:
        values = [p["durationMs"].get(key, 0) for p in busy]
        out[f"{key}_ms_p50"] = median(values)
    out["processed_rows_per_s_p50"] = round(median([p.get("processedRowsPerSecond", 0.0) for p in busy]))
    return out


@dataclass
class Step:
    """One offered rate held for a window: the backlog series and whether the pipeline kept up."""

    rate: float
    window: float
    backlog: list[tuple[float, int]] = field(default_factory=list)
    load: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)
    drain_s: float | None = None

    @property
    def producer_kept_rate(self) -> bool:
        """Whether the load generator really offered the rate (≥ 95 %)."""
        return bool(self.load) and self.load.get("errors", 1) == 0 and (self.load.get("achieved_rate") or 0) >= 0.95 * self.rate

    @property
    def passed(self) -> bool:
        """The producer offered the rate and the pipeline kept up with it."""
        return self.producer_kept_rate and keeps_up([(t, float(b)) for t, b in self.backlog], self.rate)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary of the step."""
        return {"rate": self.rate, "window_s": self.window, "passed": self.passed, "producer_kept_rate": self.producer_kept_rate,
                "backlog_end": self.backlog[-1][1] if self.backlog else None,
                "backlog_max": max((b for _, b in self.backlog), default=None), "drain_s": self.drain_s,
                "load": self.load, "spark": self.profile, "backlog_series": self.backlog}


def run_step(spark: Any, rate: float, window: float, trigger: dict[str, str], sampler_pids: dict[str, int | None]) -> Step:
    """Offer `rate` readings/s for `window` seconds to a fresh pipeline; sample the backlog every second."""
    step = Step(rate, window)
    with scratch(f"e2e-{int(rate)}") as name:
        query = start_query(spark, name, trigger)
        backlog = Backlog(name)
        try:
            load = Load(name, rate, window)
            sampler_pids["load generator"] = load.proc.pid
            while load.running():
                time.sleep(1.0)
                step.backlog.append((round(time.monotonic() - load.started, 2), backlog.now()))
            step.load = load.report()
            sampler_pids["load generator"] = None
            drain_start = time.monotonic()
            while time.monotonic() - drain_start < max(window, 10.0):
                if backlog.now() <= 0:
                    step.drain_s = round(time.monotonic() - drain_start, 2)
                    break
                time.sleep(0.25)
            step.profile = batch_profile(query.recentProgress)
        finally:
            backlog.close()
            query.stop()
    return step


def process_pids(load_pid: int | None = None) -> dict[str, int | None]:
    """The PIDs of the pipeline's processes (PIPELINE) and of the load generator, by the names the reports use."""
    s = settings()
    return {"kafka": getattr(stack.running("kafka", s), "pid", None),
            "mongodb": getattr(stack.running("mongo", s), "pid", None),
            "spark driver JVM": java_child(os.getpid()), "python driver": os.getpid(), "load generator": load_pid}


def throughput(spark: Any, rates: list[float], window: float, trigger: dict[str, str],
               warmup: float = 10.0) -> tuple[list[Metric], dict]:
    """Warm up, then step the offered rate up until the pipeline falls behind; the largest kept-up rate, memory, CPU.

    The warm-up (the first rate for `warmup` s, not counted) lets the JVMs compile their hot paths first: a cold
    MongoDB server and Spark driver need about twice the CPU per record of warm ones.
    """
    pids = process_pids()
    sampler = MemorySampler(lambda: dict(pids)).start()
    steps: list[Step] = []
    try:
        warm = run_step(spark, rates[0], warmup, trigger, pids)
        print(f"  warm-up {rates[0]:,.0f}/s for {warmup:.0f} s: drained in {warm.drain_s} s", flush=True)
        warm_cpu = sampler.cpu_used()
        for rate in rates:
            step = run_step(spark, rate, window, trigger, pids)
            steps.append(step)
            print(f"  {rate:>8,.0f}/s for {window:.0f} s: backlog at end {step.backlog[-1][1] if step.backlog else '?':>7}, "
                  f"producer {step.load.get('achieved_rate')}/s, drained in {step.drain_s} s -> "
                  f"{'kept up' if step.passed else 'fell behind'}", flush=True)
            if not step.passed:
                break
    finally:
        sampler.stop()
    best = max((st.rate for st in steps if st.passed), default=0.0)
    details: dict[str, Any] = {"window_s": window, "trigger": trigger, "warmup": warm.as_dict(),
                               "steps": [st.as_dict() for st in steps]}
    metrics = [Metric("end-to-end sustained rate", best, "readings/s", RATE_TARGET, "min",
                      note=f"largest offered rate kept up for {window:.0f} s (backlog ≤ 5 s of input, not growing)",
                      details=details)]
    for name in ("kafka", "mongodb", "spark driver JVM", "python driver", "load generator"):
        if name in sampler.peak_kib:
            metrics.append(Metric(f"peak RSS: {name}", sampler.peak_kib[name] / 1024, "MiB",
                                  details={"vmhwm_mib": round(sampler.hwm_kib.get(name, 0) / 1024)}))
    stored = sum(st.load.get("sent", 0) for st in steps)
    cpu = {k: round(v - warm_cpu.get(k, 0.0), 2) for k, v in sampler.cpu_used().items()}
    details["cpu_seconds"] = cpu
    details["cpu_ms_per_1000_readings"] = {k: round(1e6 * v / stored, 1) for k, v in cpu.items()} if stored else {}
    metrics.append(Metric("peak RSS: whole stack", sampler.total_peak_kib / MIB, "GiB", 2.5, "max",
                          note="largest sum of the processes above in one sample (0.5 s)",
                          details={"samples": sampler.samples}))
    if stored:
        per = details["cpu_ms_per_1000_readings"]
        metrics.append(Metric("pipeline CPU per 1,000 readings", sum(per.get(k, 0.0) for k in PIPELINE), "ms",
                              CPU_TARGET_MS, "max", note=" + ".join(PIPELINE) + ", over the counted rate steps",
                              details=per))
        metrics.extend(Metric(f"CPU per 1,000 readings: {k}", per[k], "ms") for k in (*PIPELINE, "load generator")
                       if k in per)
        metrics.append(Metric("CPU per 1,000 readings end to end", sum(cpu.values()) * 1e6 / stored, "ms",
                              note="the pipeline and the load generator", details=per))
    return metrics, details


TRIGGERS = {"1 s": {"processingTime": "1 second"}, "0 s": {"processingTime": "0 seconds"}}
"""The latency section's triggers: the notebooks' default, and the next batch as soon as the last one ends."""


def latency(spark: Any, rate: float, seconds: float, trigger: str = "1 s", poll: float = 0.05) -> Metric:
    """Send → readable in MongoDB at `rate` readings/s with a processingTime trigger of TRIGGERS (notebooks: 1 s).

    With a 1 s trigger a reading waits up to a second for its batch to start, so p95 stays near 1 s plus the
    batch's own time; the 0 s trigger starts each batch as soon as the previous one ends.
    """
    latencies: list[float] = []
    polls: list[float] = []
    with scratch("latency") as name:
        store.collection().create_index("seq")
        query = start_query(spark, name, TRIGGERS[trigger])
        try:
            load = Load(name, rate, seconds, stamp=True)
            seen: set[int] = set()
            lowest = 0
            expected: int | None = None
            deadline: float | None = None
            coll = store.collection()
            while expected is None or lowest < expected:
                began = time.perf_counter()
                docs = list(coll.find({"seq": {"$gte": lowest}}, {"_id": 0, "seq": 1, "sent_at": 1}))
                arrived = time.time()
                polls.append(time.perf_counter() - began)
                for doc in docs:
                    if doc["seq"] not in seen:
                        seen.add(doc["seq"])
                        latencies.append(arrived - doc["sent_at"])
                while lowest in seen:
                    seen.discard(lowest)
                    lowest += 1
                if expected is None and not load.running():
                    expected = load.report()["sent"]
                    deadline = time.monotonic() + 60
                if deadline is not None and time.monotonic() > deadline:
                    break
                time.sleep(poll)
        finally:
            query.stop()
    stats = summary(latencies)
    target = LATENCY_TARGET_S if trigger == "0 s" else None  # a 1 s trigger alone puts p95 near 1 s
    return Metric(f"latency p95 at {rate:,.0f} readings/s, trigger {trigger}", stats["p95"], "s",
                  target, "max" if target else None,
                  note=f"send → readable in MongoDB, {trigger} processingTime trigger",
                  details={"p50_s": round(stats["p50"], 3), "max_s": round(stats["max"], 3), "received": len(latencies),
                           "expected": expected, "seconds": seconds,
                           "poll_duration_p50_s": round(percentile(polls, 50), 4)})


def latency_metrics(metric: Metric) -> list[Metric]:
    """The latency metric plus its p50 and max as rows of their own."""
    d = metric.details
    return [Metric(metric.name.replace("p95", "p50"), d["p50_s"], "s"), metric,
            Metric(metric.name.replace("p95", "max"), d["max_s"], "s")]
