"""A warm micro-batch of the pipeline's sink: `streaming.write_batch` on one Spark session, batch after batch.

    python -m benchmarks.sink_warm [records ...]   (benchmark servers up: python benchmarks/run.py --only up --keep-up)

Each size gets a scratch topic; the same Kafka records are read and stored five times (every write after the
first replaces the same documents), as a replayed micro-batch would be. The first call pays the JIT warm-up.
"""
from __future__ import annotations

import os
import sys
import time

from workshop import sensors, store, streaming

from .loadgen import payloads
from .pipeline import scratch
from .procs import cpu_seconds, java_child

REPEATS = 5


def run(count: int) -> list[tuple[float, float]]:
    """Wall and Spark JVM CPU seconds of each `write_batch` call on `count` records, in order."""
    spark = streaming.spark_session("workshop-bench-sink")
    jvm_pid = java_child(os.getpid())
    times = []
    with scratch(f"sink-{count}") as name:
        producer = sensors.producer()
        for key, value in payloads(count):
            producer.send(name, key=key, value=value)
        producer.flush()
        producer.close()
        source = (spark.read.format("kafka").option("kafka.bootstrap.servers", store.settings().bootstrap_servers)
                  .option("subscribe", name).option("startingOffsets", "earliest").load())
        for batch_id in range(REPEATS):
            cpu = cpu_seconds(jvm_pid) if jvm_pid else 0.0
            started = time.perf_counter()
            streaming.write_batch(streaming.validated(streaming.records(source)), batch_id)
            times.append((time.perf_counter() - started, ((cpu_seconds(jvm_pid) or 0.0) - (cpu or 0.0)) if jvm_pid else 0.0))
        assert store.collection().count_documents({"kafka.topic": name}) == count, "every reading stored once"
    return times


def main() -> int:
    """Print each call's wall time and Spark CPU, per size (default 1,000 and 20,000 records)."""
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 20_000]
    print(f"load average at start: {os.getloadavg()[0]:.1f}")  # noqa: T201
    for count in sizes:
        rows = run(count)
        print(f"{count:>6} records: " + ", ".join(f"{w:.2f} s ({c:.2f} cpu)" for w, c in rows))  # noqa: T201
    print(f"load average at end: {os.getloadavg()[0]:.1f}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
