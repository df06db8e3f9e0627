"""Hot-reading alerts Kafka → Kafka: latency in Real-time Mode against the same query in micro-batches (notebook 05b).

Latency is the alert record's Kafka timestamp minus the reading record's, both stamped by the broker's clock.
"""
from __future__ import annotations

import json
import time
from typing import Any

from workshop import sensors, streaming, topics, validation
from workshop.config import settings

from .stats import Metric, summary

THRESHOLD = 40.0
ALERTS = 200
"""Measured alerts per trigger: a reading every 25 ms, every other one hot."""
TRIGGERS = {"real-time 30 s": {"realTime": "30 seconds"}, "real-time 5 s": {"realTime": "5 seconds"},
            "micro-batch 0 s": {"processingTime": "0 seconds"}}
"""Real-time Mode with a 30 s and a 5 s batch (notebook 05b's; each batch boundary holds arriving records back), and
the same query in back-to-back micro-batches."""
TARGET_MS = 50.0


def start(spark: Any, source_topic: str, alerts_topic: str, name: str, trigger: dict[str, str]) -> Any:
    """Notebook 05b's alert query: readings above THRESHOLD °C (and physically possible) to `alerts_topic`."""
    from pyspark.sql import functions as F

    s = settings()
    source = (spark.readStream.format("kafka").option("kafka.bootstrap.servers", s.bootstrap_servers)
              .option("subscribe", source_topic).option("startingOffsets", "latest").load())
    hot = (source.select("key", "timestamp", F.from_json(F.col("value").cast("string"), validation.SCHEMA).alias("r"))
           .where((F.col("r.temperature") > THRESHOLD) & (F.col("r.temperature") <= validation.HIGH))
           .select("key", F.to_json(F.struct("r.sensor_id", F.unix_millis("timestamp").alias("reading_ms"))).alias("value")))
    streaming.clear_checkpoint(name)
    return (hot.writeStream.format("kafka").queryName(name).option("kafka.bootstrap.servers", s.bootstrap_servers)
            .option("topic", alerts_topic).option("checkpointLocation", str(streaming.checkpoint_dir(name)))
            .outputMode("update").trigger(**trigger).start())


def measure(spark: Any, label: str, timeout: float = 120.0) -> list[float]:
    """Alert latencies in ms of ALERTS hot readings through the query with trigger `label`."""
    from kafka import KafkaConsumer, TopicPartition

    stamp = int(time.time())
    source, alerts_topic = f"bench-alerts-in-{stamp}", f"bench-alerts-out-{stamp}"
    topics.create_topic(source, partitions=2)
    topics.create_topic(alerts_topic, partitions=1)
    query = start(spark, source, alerts_topic, f"bench-alerts-{stamp}", TRIGGERS[label])
    consumer = KafkaConsumer(bootstrap_servers=settings().bootstrap_servers)
    producer = sensors.producer(linger_ms=0)
    try:
        consumer.assign([TopicPartition(alerts_topic, 0)])

        def send(sensor: str, temperature: float) -> None:
            reading = {"sensor_id": sensor, "temperature": temperature, "timestamp": int(time.time())}
            producer.send(source, key=sensor.encode(), value=sensors.encode(reading))
            producer.flush()

        def received(wait_ms: int) -> list[dict]:
            return [json.loads(r.value) | {"alert_ms": r.timestamp}
                    for batch in consumer.poll(timeout_ms=wait_ms).values() for r in batch]

        deadline = time.monotonic() + timeout
        while not received(500):  # the first tasks take seconds to start: probe until an alert comes back
            if time.monotonic() > deadline or not query.isActive:
                raise TimeoutError(f"{label}: no alert within {timeout:.0f} s")
            send("probe", THRESHOLD + 10)
        for i in range(ALERTS * 2):
            send("sensor_9", THRESHOLD + 5 if i % 2 == 0 else 20.0)
            time.sleep(0.025)
        got: list[dict] = []
        deadline = time.monotonic() + 60
        while len(got) < ALERTS and time.monotonic() < deadline:
            got += [a for a in received(200) if a["sensor_id"] == "sensor_9"]
    finally:
        producer.close()
        consumer.close()
        query.stop()
        topics.delete_topics([source, alerts_topic])
    if len(got) != ALERTS:
        raise RuntimeError(f"{label}: {len(got)} of {ALERTS} alerts within 60 s")
    return [float(a["alert_ms"] - a["reading_ms"]) for a in got]


def alert_metrics(spark: Any) -> list[Metric]:
    """p50 and p95 alert latency per trigger; the p95 target applies to Real-time Mode."""
    metrics = []
    for label in TRIGGERS:
        stats = summary(measure(spark, label))
        target = TARGET_MS if label.startswith("real-time") else None
        metrics.append(Metric(f"alerts p50, {label}", stats["p50"], "ms"))
        metrics.append(Metric(f"alerts p95, {label}", stats["p95"], "ms", target, "max" if target else None,
                              note=f"{ALERTS} alerts, Kafka → Kafka, broker timestamps", details=stats))
    return metrics
