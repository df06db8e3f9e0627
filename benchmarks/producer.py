"""The workshop's producer (kafka-python) against Kafka's own ProducerPerformance on the same broker and record size."""
from __future__ import annotations

import re
import time

from workshop import kafka_tools, readings, sensors, topics
from workshop.config import settings

from .loadgen import payloads
from .stats import Metric, median

PERF_LINE = re.compile(r"(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency")


def record_size() -> int:
    """Bytes of one workshop reading as sent to Kafka (compact JSON)."""
    return len(readings.encode(readings.Simulator(sensors=10, seed=7).reading(0)))


def workshop_rate(topic: str, count: int) -> float:
    """Records/s of workshop.sensors.producer() sending `count` pre-encoded readings, flush included."""
    pool = payloads(min(count, 5_000))
    producer = sensors.producer(client_id="workshop-bench-producer")
    try:
        producer.send(topic, key=pool[0][0], value=pool[0][1]).get(timeout=30)  # connect and fetch metadata first
        started = time.perf_counter()
        for i in range(count):
            key, value = pool[i % len(pool)]
            producer.send(topic, key=key, value=value)
        producer.flush()
        return count / (time.perf_counter() - started)
    finally:
        producer.close()


def produce_rate(topic: str, count: int) -> float:
    """Records/s of workshop.sensors.produce(): simulation, encoding, send, and waiting for every ack."""
    started = time.perf_counter()
    sensors.produce(count, seed=7, sensors=10, topic=topic)
    return count / (time.perf_counter() - started)


def kafka_rate(topic: str, count: int, size: int) -> tuple[float, str]:
    """Records/s reported by Kafka's ProducerPerformance (acks=all, same linger and batch size as the workshop's)."""
    args = ["--topic", topic, "--num-records", str(count), "--record-size", str(size), "--throughput", "-1",
            "--producer-props", f"bootstrap.servers={settings().bootstrap_servers}", "acks=all",
            "linger.ms=5", f"batch.size={64 * 1024}"]
    result = kafka_tools.run_tool("kafka-producer-perf-test", args, capture_output=True, text=True, timeout=600)
    lines = [m for m in PERF_LINE.finditer(result.stdout)]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"kafka-producer-perf-test failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return float(lines[-1].group(2)), lines[-1].group(0)


def compare(count: int, runs: int) -> list[Metric]:
    """Both producers `runs` times each on fresh 2-partition topics; their medians and the ratio."""
    size = record_size()
    ours, theirs, full, lines = [], [], [], []
    for i in range(runs):
        name = f"bench-producer-{int(time.time())}-{i}"
        topics.create_topic(name, partitions=2)
        try:
            rate, line = kafka_rate(name, count, size)
            theirs.append(rate)
            lines.append(line)
            ours.append(workshop_rate(name, count))
            full.append(produce_rate(name, max(count // 4, 1_000)))
        finally:
            topics.delete_topics([name])
    ratio = median(ours) / median(theirs)
    common = {"records": count, "record_size_bytes": size, "runs": runs}
    return [
        Metric("producer: workshop (kafka-python)", median(ours), "records/s", note="sensors.producer(), pre-encoded readings",
               details={**common, "runs_per_s": [round(x) for x in ours]}),
        Metric("producer: Kafka ProducerPerformance", median(theirs), "records/s", note="same jars, broker, record size",
               details={**common, "runs_per_s": [round(x) for x in theirs], "tool_output": lines}),
        Metric("producer ratio workshop/Kafka", ratio, "×", 0.5, "min"),
        Metric("producer: sensors.produce() end to end", median(full), "records/s",
               note="simulate + encode + send + wait for every ack", details={"runs_per_s": [round(x) for x in full]}),
    ]
