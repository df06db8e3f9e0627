"""Where one micro-batch's time goes in the pipeline's sink: validation in Spark, then the executors' writes to MongoDB.

    python -m benchmarks.batch_profile [records]   (with the benchmark servers up: python benchmarks/run.py --only up --keep-up)
"""
from __future__ import annotations

import os
import sys
import time
from typing import Any, Callable

from workshop import sensors, stack, store, streaming

from .loadgen import payloads
from .pipeline import scratch
from .procs import cpu_seconds, java_child


def timed(label: str, body: Callable[[], Any], out: dict[str, Any]) -> Any:
    """Run `body`; store its wall seconds and the CPU seconds of Python, the Spark JVM and MongoDB under `label`."""
    found = {"python": os.getpid(), "spark": java_child(os.getpid()), "mongo": getattr(stack.running("mongo"), "pid", None)}
    pids: dict[str, int] = {k: p for k, p in found.items() if p}
    before = {k: cpu_seconds(p) or 0.0 for k, p in pids.items()}
    started = time.perf_counter()
    result = body()
    wall = time.perf_counter() - started
    cpu = {k: round((cpu_seconds(pids[k]) or 0.0) - v, 2) for k, v in before.items()}
    out[label] = f"wall {wall:6.2f} s, cpu " + ", ".join(f"{k} {v:.2f}" for k, v in cpu.items())
    return result


def profile(count: int) -> dict[str, Any]:
    """Seconds of each stage of storing `count` Kafka records the way the pipeline's sink does."""
    spark = streaming.spark_session("workshop-bench-profile")
    out: dict[str, Any] = {"records": count}
    with scratch("profile") as name:
        producer = sensors.producer()
        for key, value in payloads(count):
            producer.send(name, key=key, value=value)
        producer.flush()
        producer.close()
        frame = streaming.records(spark.read.format("kafka").option("kafka.bootstrap.servers", store.settings().bootstrap_servers)
                                  .option("subscribe", name).option("startingOffsets", "earliest").load()).cache()
        timed("spark count (read Kafka, cache)", frame.count, out)
        checked = streaming.validated(frame).persist()
        timed("validate (parse + rules, cache)", checked.count, out)
        extra = timed("extra field names", lambda: store.extra_fields(streaming.valid(checked)), out)
        documents = store.readings_documents(streaming.valid(checked), extra)
        timed("reading documents (no write)", lambda: documents.write.format("noop").mode("overwrite").save(), out)
        timed("connector write readings", lambda: store.write(documents, store.READINGS, json_text=True), out)
        timed("connector write again (replay)", lambda: store.write(documents, store.READINGS, json_text=True), out)
        store.collection().drop()
        checked.unpersist()
        timed("write_batch (validate + write)", lambda: streaming.write_batch(streaming.validated(frame), 0), out)
        frame.unpersist()
    return out


def main() -> int:
    """Print the stage times for a batch of the given size (default 20,000)."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    for label, seconds in profile(count).items():
        print(f"{label:>34}: {seconds}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
