"""Start-up times a learner waits for: `python -m workshop up` (warm and cold jar cache) and a SparkSession."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workshop.config import PROJECT_ROOT, settings

from .stats import Metric, median

SPARK_PROBE = """
import json, time
started = time.perf_counter()
from workshop import streaming
spark = streaming.spark_session("workshop-bench-start")
ready = time.perf_counter()
spark.range(1).count()
first_job = time.perf_counter()
spark.stop()
print(json.dumps({"session": ready - started, "first_job": first_job - ready}))
"""


def workshop(*args: str, env: dict[str, str] | None = None, quiet: bool = True) -> float:
    """Run `python -m workshop ARGS`, fail loudly if it fails; return its wall time in seconds."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "workshop", *args], cwd=PROJECT_ROOT, env=env or dict(os.environ),
                            stdout=subprocess.PIPE if quiet else None, stderr=subprocess.STDOUT if quiet else None,
                            text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"`python -m workshop {' '.join(args)}` failed:\n{result.stdout or ''}")
    return elapsed


def up_warm(runs: int) -> list[Metric]:
    """`up` with a warm jar cache: first in a fresh home (formats Kafka, compiles the launcher), then restarts."""
    home = settings().home
    workshop("down")
    shutil.rmtree(home, ignore_errors=True)
    first = workshop("up")
    restarts = []
    for _ in range(runs):
        workshop("down")
        restarts.append(workshop("up"))
    return [
        Metric("up, warm jar cache (restart)", median(restarts), "s", 5.0, "max",
               note=f"median of {runs}: python -m workshop up until Kafka and MongoDB answer",
               details={"runs_s": [round(x, 2) for x in restarts]}),
        Metric("up, warm jar cache, fresh home", first, "s", 5.0, "max",
               note="first up in an empty workshop home: formats Kafka's storage, compiles the MongoDB launcher"),
    ]


def up_cold() -> Metric:
    """The very first `up`: empty jar cache (downloads shown) and empty home; servers stopped afterwards."""
    base = settings().home
    workshop("down")
    with tempfile.TemporaryDirectory(prefix="workshop-cold-jars-") as jars:
        env = {**os.environ, "WORKSHOP_HOME": str(base / "cold"), "WORKSHOP_JARS": jars}
        shutil.rmtree(base / "cold", ignore_errors=True)
        print("  cold up: downloading every jar into an empty cache (progress below) ...", flush=True)
        try:
            elapsed = workshop("up", env=env, quiet=False)
            size = sum(p.stat().st_size for p in Path(jars).iterdir())
        finally:
            workshop("down", env=env)
            shutil.rmtree(base / "cold", ignore_errors=True)
    return Metric("up, cold (downloads included)", elapsed, "s",
                  note="empty WORKSHOP_JARS and home; time depends on the network",
                  details={"downloaded_mb": round(size / 1e6, 1)})


def spark_start(runs: int) -> Metric:
    """SparkSession with the Kafka connector, warm jar cache, each in a fresh Python process."""
    sessions, walls, first_jobs = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", SPARK_PROBE], cwd=PROJECT_ROOT, capture_output=True, text=True)
        walls.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise RuntimeError(f"SparkSession probe failed:\n{result.stderr[-3000:]}")
        times = json.loads(result.stdout.strip().splitlines()[-1])
        sessions.append(times["session"])
        first_jobs.append(times["first_job"])
    return Metric("SparkSession start (Kafka connector)", median(sessions), "s",
                  note=f"median of {runs} fresh processes: import + spark_session()",
                  details={"runs_s": [round(x, 2) for x in sessions], "first_job_s": [round(x, 2) for x in first_jobs],
                           "process_wall_s": [round(x, 2) for x in walls]})


def cluster() -> list[Metric]:
    """`up --brokers 3` with the default servers running: seconds until all three brokers are registered, and their RSS."""
    from workshop import kafka_cluster

    from .procs import status_kib

    s = settings()
    kafka_cluster.stop(s)
    first = not (s.cluster_dir / "node-1" / "data" / "meta.properties").exists()
    seconds = workshop("up", "--brokers", "3")
    rss = {f"broker {n}": round((status_kib(kafka_cluster.pid(n, s), "VmRSS") or 0) / 1024) for n in kafka_cluster.NODES}
    kafka_cluster.stop(s)
    note = "first start: formats the three nodes' storage" if first else "storage already formatted"
    return [Metric("up --brokers 3: three brokers registered", seconds, "s", note=note),
            Metric("three-broker cluster RSS after start", float(sum(rss.values())), "MiB",
                   note=f"heap {s.broker_heap} each", details=rss)]
