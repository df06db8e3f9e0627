"""Draw every workshop diagram from source: `python images/draw.py [OUTPUT_DIR] [--only NAME ...]`.

Each `fig_*` function returns one matplotlib figure; FIGURES maps the PNG name to it.
Without OUTPUT_DIR the PNGs are written next to this file. Output is byte-stable.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _boxes import (  # noqa: E402
    DISPLAY_WIDTH,
    DPI,
    INK,
    LANGUAGE,
    MIN_TEXT_PX,
    MUTED,
    PALETTE,
    Box,
    arrow,
    badge,
    box,
    canvas,
    cylinder,
    diamond,
    group,
    label,
    log_row,
    save,
    set_language,
    shown_px,
    text_problems,
    title,
    tr,
    wrap,
)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

HERE = Path(__file__).resolve().parent
W = 9.0
"""Width of every figure in inches: its text (10 pt and up) shows at MIN_TEXT_PX or more at DISPLAY_WIDTH."""
TOPIC = "sensor-stream"
READING = '{"sensor_id": "sensor_1", "temperature": 24.5, "timestamp": 1713763500}'


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 hash (org.apache.kafka.common.utils.Utils.murmur2), as a signed 32-bit int."""
    m, r, mask = 0x5BD1E995, 24, 0xFFFFFFFF
    h = (0x9747B28C ^ len(data)) & mask
    n4 = len(data) // 4
    for i in range(n4):
        k = int.from_bytes(data[4 * i : 4 * i + 4], "little")
        k = (k * m) & mask
        k ^= k >> r
        k = (k * m) & mask
        h = ((h * m) & mask) ^ k
    tail = data[4 * n4 :]
    if len(tail) >= 3:
        h ^= tail[2] << 16
    if len(tail) >= 2:
        h ^= tail[1] << 8
    if tail:
        h ^= tail[0]
        h = (h * m) & mask
    h ^= h >> 13
    h = (h * m) & mask
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def partition_for(key: str, partitions: int = 2) -> int:
    """The partition Kafka's default partitioner picks for a string key."""
    return (murmur2(key.encode()) & 0x7FFFFFFF) % partitions


def _partition_rows(ax, x: float, ys: list[float], cells: int = 5, cell: float = 0.42, size: float = 10) -> None:
    """'partition N' labels with an append-only log of offsets 0..cells-1 and a trailing arrow."""
    for p, y in enumerate(ys):
        label(ax, x, y + 0.21, f"partition {p}", size=size, ha="left")
        row = log_row(ax, x + 0.95, y, range(cells), cell=cell, size=size)
        label(ax, row[-1].x + cell + 0.1, y + 0.21, "→", size=14, ha="left", color=MUTED)


# --------------------------------------------------------------------------- system architecture


def fig_flow_overview() -> Figure:
    """FLOW1: the data's way through the house (right along the top, down through Spark, left along the bottom)."""
    fig, ax = canvas(W, 8.9)
    title(ax, "Data flow: from sensors to pictures", "One way in, one way out: every reading passes Kafka, Spark and MongoDB")
    g = group(ax, 0.2, 4.55, 1.72, 2.55, "Sensors", "source")
    for i, y in enumerate((6.05, 5.5, 4.95)):
        box(ax, 0.38, y, 1.36, 0.42, f"sensor_{i + 1}", "source", mono=True, size=10)
    k = group(ax, 2.6, 4.55, 3.35, 2.55, f"Kafka topic {TOPIC}", "kafka", size=11)
    _partition_rows(ax, 2.72, [6.0, 5.4], cell=0.38)
    label(ax, k.center[0], 4.95, "key = sensor_id:\none sensor → one partition,\nits readings stay in order", size=10, color=MUTED)
    arrow(ax, g.right, k.left, "produce", offset=(0, 0.22), kind="source")
    label(ax, 1.06, 4.2, "producer\n(kafka-python)", size=10, color=MUTED)
    s = box(
        ax, 6.55, 1.45, 2.25, 5.65,
        'readStream\n.format("kafka")\n\nparse JSON\nvalidate\nforeachBatch → insert once',
        "spark", head="Spark Structured\nStreaming", size=10,
    )
    arrow(ax, k.right, (s.x, k.right[1]), "read", offset=(0, 0.22))
    m = group(ax, 3.35, 1.0, 2.55, 3.2, "MongoDB", "mongo")
    rd = cylinder(ax, 3.55, 2.55, 2.15, 1.15, "+ window\naggregates", "mongo", head="readings", size=10)
    qu = cylinder(ax, 3.55, 1.15, 2.15, 1.25, "raw value,\npartition/\noffset, reason", "bad", head="quarantine", size=10)
    arrow(ax, (s.x, 3.1), (rd.x + rd.w, 3.1), "valid", kind="mongo", offset=(0, 0.2), at=0.35)
    arrow(ax, (s.x, 1.75), (qu.x + qu.w, 1.75), "invalid", kind="bad", offset=(0, 0.2), at=0.35)
    v = box(ax, 0.2, 1.35, 2.2, 2.2, "plots\n(matplotlib)\n\nlive views\n(ipywidgets)", "view", size=10)
    arrow(ax, (rd.x, 3.1), (v.x + v.w, 3.1), "read", kind="view", offset=(0, 0.2))
    arrow(ax, (qu.x, 1.75), (v.x + v.w, 1.75), "inspect", kind="bad", dashed=True, offset=(0, 0.2))
    label(ax, m.center[0] + 1.2, 0.62, "exactly once across restarts:\n_id = topic:partition:offset, stored once", size=10, color=MUTED)
    box(ax, 0.2, 7.25, 8.6, 0.72, READING, "note", head="one reading = one Kafka record (value; key = sensor_id)", size=10, mono=True)
    return fig


def fig_flow_chart() -> Figure:
    """FLOW2: the workshop's steps end to end (right along the top, then down and back)."""
    fig, ax = canvas(W, 7.45)
    title(ax, "The workshop end to end", "Seven steps, in the order the notebooks take them")
    cols = {"L": (0.2, 2.35), "M": (3.05, 2.6), "R": (6.55, 2.25)}

    def step(col: str, y: float, h: float, n: str, head: str, body: str, kind: str):
        x, w = cols[col]
        b = box(ax, x, y, w, h, body, kind, head=head, size=10)
        badge(ax, b.x + 0.05, b.y + b.h - 0.02, n, kind)
        return b

    s1 = step("L", 5.25, 1.25, "1", "Start the stack", "python -m workshop up\n(or docker compose up)", "kafka")
    s2 = step("M", 5.25, 1.25, "2", "Create the topic", f"{TOPIC}\n2 partitions, replication 1", "kafka")
    s3 = step("R", 5.25, 1.25, "3", "Produce readings", "seeded sensor simulator\nkey = sensor_id, JSON value", "source")
    s4 = step("R", 3.45, 1.3, "4", "Spark reads the topic", 'readStream.format("kafka")\nsubscribe ' + TOPIC, "spark")
    v = step("M", 3.3, 1.6, "5", "Validate", "all 3 fields present?\n-60 °C ≤ temperature ≤ 150 °C?\nnot far in the future?", "spark")
    arrow(ax, s1.right, s2.left)
    arrow(ax, s2.right, s3.left)
    arrow(ax, s3.bottom, s4.top)
    arrow(ax, s4.left, (v.x + v.w, s4.left[1]), "parse JSON", kind="spark", offset=(0, 0.22))
    d = diamond(ax, v.center[0], 2.4, 1.35, 1.0, "valid?", "spark")
    arrow(ax, v.bottom, d.top, kind="spark")
    good = step("R", 1.9, 1.0, "6", "Store", "MongoDB readings\n+ window aggregates", "mongo")
    bad = box(ax, cols["M"][0], 0.2, cols["M"][1], 1.0, "raw value, partition/offset,\nreason", "bad", head="Quarantine", size=10)
    arrow(ax, d.right, good.left, "yes", kind="mongo", offset=(0, 0.2))
    arrow(ax, d.bottom, bad.top, "no", kind="bad", offset=(0.3, 0))
    p = step("R", 0.2, 1.15, "7", "Plot and watch", "matplotlib charts\nipywidgets live view", "view")
    arrow(ax, good.bottom, p.top, kind="view")
    arrow(ax, bad.right, (p.x, bad.right[1]), kind="bad", dashed=True)
    label(ax, 0.2, 2.4, "a restart resumes from Spark's checkpoint;\nnothing is lost or stored twice", size=10, color=MUTED,
          ha="left", width=2.4)
    return fig


def fig_mqtt_bridge() -> Figure:
    """MQTT: an optional extension in front of Kafka."""
    fig, ax = canvas(W, 7.2)
    title(ax, "Optional extension: sensors speak MQTT", "A small bridge turns MQTT messages into Kafka records; everything after Kafka stays the same")
    g = group(ax, 0.2, 3.15, 1.8, 2.9, "Devices", "source")
    for i, y in enumerate((4.85, 4.2, 3.55)):
        box(ax, 0.38, y, 1.44, 0.45, f"sensor_{i + 1}", "source", mono=True, size=10)
    b = box(ax, 2.7, 3.15, 2.8, 2.9, "HiveMQ CE, embedded\n(Mosquitto with Docker)\n\none topic per sensor:\nsensors/sensor_1/temperature\nsensors/sensor_2/temperature", "mqtt", head="MQTT broker", size=10)
    arrow(ax, g.right, b.left, "publish\nQoS 1", kind="mqtt", offset=(0, 0.32))
    br = box(ax, 6.3, 3.4, 2.5, 2.4, "subscribes\nsensors/+/temperature,\nproduces to Kafka\nkey = sensor_id\n(the + level)", "source", head="Bridge", size=10)
    arrow(ax, b.right, br.left, "subscribe", kind="mqtt", offset=(0, 0.22))
    k = box(ax, 6.65, 1.55, 1.8, 1.2, f"{TOPIC}\n2 partitions", "kafka", head="Kafka", size=10)
    arrow(ax, br.bottom, k.top, "produce", offset=(0.45, 0))
    rest = box(ax, 3.65, 1.55, 1.85, 1.2, "Spark\n→ MongoDB\n→ plots\n(unchanged)", "note", dashed=True, size=10)
    arrow(ax, k.left, rest.right, dashed=True)
    box(ax, 0.2, 0.2, 4.2, 1.05, "tiny messages, battery devices, flaky links;\nkeeps no history for late readers", "mqtt", head="MQTT is good at the edge", size=10)
    box(ax, 4.6, 0.2, 4.2, 1.05, "a durable, partitioned log that Spark can\nread, re-read and scale out", "kafka", head="Kafka is good in the middle", size=10)
    return fig


# --------------------------------------------------------------------------- Kafka basic structure


def fig_kafka_1_overview() -> Figure:
    """kafka_1: producers (top) -> Kafka -> consumers (bottom)."""
    fig, ax = canvas(W, 6.2)
    title(ax, "Kafka at a glance", "Producers write records to topics; consumers read them at their own pace")
    sources = [
        ("Databases", "change events, triggers"),
        ("IoT events", "sensor data streams"),
        ("Web events", "clicks, page views"),
        ("Logs", "server & application logs"),
    ]
    sinks = [
        ("Stream processing", "Spark Structured Streaming"),
        ("Dashboards & alerts", "live views, alarms"),
        ("Storage", "MongoDB, data lake"),
        ("Other services", "microservices"),
    ]
    xs = [0.2 + i * 2.2 for i in range(4)]
    k = group(ax, 0.2, 1.85, 8.6, 1.85, "Kafka cluster (brokers)", "kafka")
    for i, name in enumerate(("sensor-stream", "web-clicks", "app-logs")):
        tb = box(ax, 0.35 + i * 2.8, 2.0, 2.7, 1.3, "", "kafka", fill="white", lw=1.2)
        label(ax, tb.x + 0.12, tb.y + 1.08, f"topic {name}", size=10, weight="bold", ha="left")
        for p, y in enumerate((tb.y + 0.5, tb.y + 0.12)):
            label(ax, tb.x + 0.12, y + 0.15, f"P{p}", size=10, ha="left", mono=True)
            log_row(ax, tb.x + 0.5, y, range(5), cell=0.42, h=0.3, size=10)
    for (head, body), x in zip(sources, xs):
        b = box(ax, x, 4.2, 2.0, 0.95, body, "source", head=head, size=10)
        arrow(ax, b.bottom, (b.bottom[0], k.y + k.h), kind="source")
    for (head, body), x in zip(sinks, xs):
        b = box(ax, x, 0.25, 2.0, 0.95, body, "view", head=head, size=10)
        arrow(ax, (b.top[0], k.y), b.top, kind="view")
    label(ax, xs[0] + 1.05, 3.95, "push", size=10, color=PALETTE["source"][1], weight="bold", ha="left")
    label(ax, xs[0] + 1.05, 1.52, "pull", size=10, color=PALETTE["view"][1], weight="bold", ha="left")
    return fig


def fig_kafka_2_page_cache() -> Figure:
    """kafka_2: the broker writes to the OS page cache, the OS flushes to disk."""
    fig, ax = canvas(W, 6.75)
    title(ax, "Inside a broker: page cache first, then disk", "Fast because writes and recent reads touch memory; durable because the OS flushes and replicas copy")
    p = box(ax, 1.55, 4.8, 1.8, 0.85, "sends a\nbatch", "source", head="Producer", size=10)
    group(ax, 0.2, 0.2, 6.9, 4.25, "One broker machine", "kafka", fill="#FAFAFA")
    kp = box(ax, 0.45, 2.6, 2.15, 1.0, "appends to the\npartition log", "kafka", head="Kafka process", size=10)
    pc = group(ax, 3.55, 2.35, 3.25, 1.6, "OS page cache (memory)", "memory", dashed=False, size=10.5)
    log_row(ax, 3.72, 2.6, range(6), cell=0.42, h=0.45, kind="memory", size=10)
    label(ax, 6.5, 2.82, "→", size=14, color=MUTED)
    d = cylinder(ax, 3.6, 0.4, 3.1, 1.2, "segment files\n00000000000000000000.log", "kafka", head="Disk", size=10, mono=False)
    arrow(ax, p.bottom, (p.bottom[0], kp.y + kp.h), "1  write", kind="source", offset=(0.45, 0))
    arrow(ax, kp.right, (pc.x, kp.right[1]), "2  append", offset=(0, 0.22))
    arrow(ax, (4.2, pc.y), (4.2, d.y + d.h), "3  flush\n(OS, in the background)", offset=(1.25, 0.0), size=10)
    c = box(ax, 7.55, 2.45, 1.25, 1.3, "polls; recent\nrecords come\nfrom memory", "view", head="Consumer", size=10)
    arrow(ax, (pc.x + pc.w, 3.1), (c.x, 3.1), "4  read", kind="view", offset=(0.0, 0.22))
    arrow(ax, (d.x + d.w, 1.0), (c.center[0], c.y), kind="view", dashed=True, rad=0.3)
    label(ax, 8.15, 0.55, "old data: read from disk", size=10, color=PALETTE["view"][1], width=1.4)
    box(ax, 0.45, 0.4, 2.45, 1.8, "does not fsync every\nrecord; it relies on\nreplicas (acks=all) and\nthe OS flush", "note", head="Durability", size=10)
    return fig


def fig_kafka_3_topic_partitions() -> Figure:
    """kafka_3: a topic is partitions spread over brokers, each with replicas."""
    fig, ax = canvas(W, 5.85)
    title(ax, "A topic is made of partitions, spread over brokers", "Topic orders: 3 partitions, replication factor 2 (one leader and one follower copy each)")
    layout = {1: [(0, True), (2, False)], 2: [(1, True), (0, False)], 3: [(2, True), (1, False)]}
    leader_of = {part: n for n, parts in layout.items() for part, leader in parts if leader}
    for n, parts in layout.items():
        x = 0.2 + (n - 1) * 2.9
        group(ax, x, 1.15, 2.8, 3.65, f"broker {n}", "kafka", dashed=False, fill="#FAFAFA")
        for j, (part, leader) in enumerate(parts):
            y = 3.05 - j * 1.75
            kind = "kafka" if leader else "note"
            b = box(ax, x + 0.12, y, 2.56, 1.32, "", kind, fill=None if leader else "white", dashed=not leader)
            head = f"partition {part}: leader" if leader else f"partition {part}: follower (copy of broker {leader_of[part]})"
            t = label(ax, b.x + 0.12, y + 0.93, head, size=10, weight="bold" if leader else "normal", ha="left", width=2.35)
            ax.fit_checks.append((t, b))
            log_row(ax, b.x + 0.12, y + 0.14, range(5), cell=0.4, h=0.4, kind=kind, size=10)
            label(ax, b.x + 0.12 + 5 * 0.4 + 0.1, y + 0.34, "→", size=13, ha="left", color=MUTED)
    box(ax, 0.2, 0.2, 8.6, 0.75, "Producers write to a partition's leader; followers copy it and take over if its broker fails.\n"
        "The workshop broker is one node (replication factor 1: no copies); notebook 09 runs three.", "note", size=10)
    return fig


def fig_kafka_4_partition_log() -> Figure:
    """kafka_4: one partition is an append-only log in segments; retention deletes whole segments; replay."""
    fig, ax = canvas(W, 6.15)
    title(ax, "A partition is an append-only log", f"Topic {TOPIC}, partition 0: records get increasing offsets; retention deletes whole old segments")
    cell, x0, y = 0.6, 0.95, 2.75
    gone_fc, gone_ec = PALETTE["bad"]
    fills = [gone_fc] * 4 + [None] * 6 + ["white"]
    cells = log_row(ax, x0, y, range(11), cell=cell, h=0.55, fills=fills, size=12)
    for c in cells[:4]:   # deleted records: hatched and struck through
        ax.add_patch(Rectangle((c.x, c.y), c.w, c.h, fc="none", ec=gone_ec, hatch="//", lw=1.3, zorder=4))
        ax.plot([c.x + 0.08, c.x + c.w - 0.08], [c.y + c.h / 2] * 2, color=gone_ec, lw=2, zorder=5)
    label(ax, x0 - 0.1, y + 0.28, "offset", size=10.5, ha="right", color=MUTED)
    label(ax, cells[-1].x + cell + 0.1, y + 0.28, "→ keeps being\n   appended", size=10.5, ha="left")
    prod = box(ax, cells[-1].x - 0.3, 4.5, 1.2, 0.55, "producer", "source", size=10)
    arrow(ax, prod.bottom, cells[-1].top, "append", kind="source", offset=(0.42, 0.05))
    # segments: brackets above the log
    segments = ((0, 3, "segment 0–3: deleted as a whole\n(its newest record is older\nthan retention.ms, default 7 days)", "bad"),
                (4, 6, "segment 4–6:\nkept", "kafka"),
                (7, 10, "active segment\n(being written)", "kafka"))
    for a_, b_, text, kind in segments:
        xa, xb, yy = cells[a_].x + 0.04, cells[b_].x + cell - 0.04, y + 0.7
        c = PALETTE[kind][1]
        ax.plot([xa, xa, xb, xb], [yy, yy + 0.12, yy + 0.12, yy], color=c, lw=1.5, ls="--" if kind == "bad" else "-")
        label(ax, (xa + xb) / 2, yy + 0.55, text, size=10, color=c, width=xb - xa + 0.1)
    # pointers below the log, on two levels so their labels never meet
    marks = [
        (4, "log start offset = 4", "kafka", 1.95),
        (6, "group replay\nseeks back to 6", "spark", 1.05),
        (8, "group dashboard:\ncommitted offset 8", "view", 1.95),
        (10, "log end offset = 10\n(next record's offset)", "kafka", 1.05),
    ]
    for i, text, kind, ty in marks:
        cx = cells[i].center[0]
        arrow(ax, (cx, ty + 0.28), (cx, y - 0.02), kind=kind)
        label(ax, cx, ty, text, size=10, color=PALETTE[kind][1])
    label(ax, W / 2, 0.35, "Reading does not remove anything: each reader only remembers its own position (offset).", size=10.5,
          color=MUTED, width=W - 0.4)
    return fig


def fig_kafka_5_consumer_groups() -> Figure:
    """kafka_5: consumer groups share partitions; every group gets everything."""
    fig, ax = canvas(W, 7.25)
    title(ax, "Consumers and consumer groups", "Inside a group the partitions are shared out; every group reads every record")
    group(ax, 0.2, 2.6, 8.6, 1.65, f"topic {TOPIC}", "kafka")
    rows = {}
    for p, x in enumerate((0.45, 4.75)):
        label(ax, x, 3.52, f"partition {p}", size=10.5, ha="left", weight="bold")
        rows[p] = log_row(ax, x, 2.8, range(7), cell=0.5, h=0.42, size=10)
    group(ax, 0.2, 4.7, 8.6, 1.65, "group dashboard", "view")
    group(ax, 0.2, 0.75, 8.6, 1.55, "group archiver", "spark")
    c1 = box(ax, 0.45, 4.85, 2.55, 1.05, "reads P0\nat offset 5", "view", head="consumer 1", size=10)
    c2 = box(ax, 3.25, 4.85, 2.55, 1.05, "reads P1\nat offset 4", "view", head="consumer 2", size=10)
    box(ax, 6.05, 4.85, 2.55, 1.05, "idle: more consumers\nthan partitions", "note", head="consumer 3", size=10, dashed=True)
    a1 = box(ax, 2.9, 0.9, 2.9, 0.95, "reads P0 at offset 2\nand P1 at offset 1", "spark", head="consumer 1", size=10)
    label(ax, 7.3, 1.4, "a slower group has\nits own offsets and\ndoes not hold the\nothers back", size=10, color=MUTED, width=2.7)
    # each arrow starts at the record its consumer reads next
    arrow(ax, rows[0][5].top, (c1.x + 2.2, c1.y), kind="view")
    arrow(ax, rows[1][4].top, (c2.x + 2.2, c2.y), kind="view")
    arrow(ax, rows[0][2].bottom, (a1.x, a1.y + 0.6), kind="spark")
    arrow(ax, rows[1][1].bottom, (rows[1][1].center[0], a1.y + a1.h), kind="spark")
    label(ax, W / 2, 0.35, "Spark's Kafka source is a reader too,\nbut keeps offsets in its checkpoint", size=10, color=MUTED, width=W - 0.4)
    return fig


# --------------------------------------------------------------------------- use cases and workflow


def fig_kafka_use_cases() -> Figure:
    """kafka_use_case: where Kafka is used."""
    fig, ax = canvas(W, 6.85)
    title(ax, "What Kafka is used for", "Anywhere many systems produce events that many others need, now and later")
    cards = [
        ("IoT and sensor data", "readings from thousands of devices\n(this workshop)", "absorbs bursts; replay after a bug", "source"),
        ("Activity tracking", "web clicks, page views, searches\nfor recommendations", "huge volume, many readers", "source"),
        ("Log and metrics collection", "every server's logs in one place,\nfed to search and alerting", "one pipeline instead of N × M links", "kafka"),
        ("Change data capture", "each database change becomes an\nevent other systems can follow", "ordered per key; readers catch up", "mongo"),
        ("Stream processing", "Spark, Flink or Kafka Streams\ncompute while data arrives", "partitions = parallel work", "spark"),
        ("Messaging between services", "microservices talk through topics\ninstead of calling each other", "a service may be down; events wait", "view"),
    ]
    w, h = 4.2, 1.75
    for i, (head, body, why, kind) in enumerate(cards):
        col, row = i % 2, i // 2
        b = box(ax, 0.2 + col * 4.4, 4.0 - row * 1.9, w, h, body, kind, head=head, size=10.5, radius=0.14)
        t = label(ax, b.center[0], b.y + 0.25, "why Kafka: " + why, size=10, color=PALETTE[kind][1], style="italic", width=w - 0.2)
        ax.fit_checks.append((t, b))
    return fig


def fig_kafka_workflow() -> Figure:
    """kafka_workflow 1..5: one record's trip, as a sequence diagram."""
    fig, ax = canvas(W, 7.3)
    title(ax, "How a record travels", "Producer, broker and consumer, one step at a time")
    xs = {"p": 1.5, "b": 4.55, "c": 7.75}
    heads = {"p": ("Producer", "source"), "b": ("Broker\n(partition leader)", "kafka"), "c": ("Consumer", "view")}
    for key, x in xs.items():
        text, kind = heads[key]
        box(ax, min(x - 1.05, W - 2.25), 5.55, 2.1, 0.85, "", kind, head=text, size=10.5)
        ax.plot([x, x], [0.2, 5.55], color=PALETTE[kind][1], lw=1.2, ls=(0, (4, 4)), zorder=1)
    steps = [
        ("p", "b", "send(key=\"sensor_1\", value=JSON)", "source"),
        ("b", "b", "append to partition 0 at offset 42", "kafka"),
        ("b", "p", "ack (acks=all: the in-sync replicas have it)", "kafka"),
        ("c", "b", "poll(): fetch partition 0 from offset 40", "view"),
        ("b", "c", "records 40, 41, 42", "kafka"),
        ("c", "c", "process: parse, validate, store", "view"),
        ("c", "b", "commit offset 43 (the next one to read)", "view"),
    ]
    for i, (a, b, text, kind) in enumerate(steps):
        y = 4.95 - i * 0.73
        badge(ax, 0.25, y - 0.1, str(i + 1), kind, size=10)
        if a == b:
            box(ax, min(xs[a] - 1.35, W - 2.9), y - 0.27, 2.7, 0.54, text, kind, size=10)
            continue
        arrow(ax, (xs[a], y - 0.2), (xs[b], y - 0.2), kind=kind)
        label(ax, (xs[a] + xs[b]) / 2, y - 0.16, text, size=10, color=PALETTE[kind][1], va="bottom",
              width=abs(xs[b] - xs[a]) - 0.15)
    return fig


def fig_pubsub_model() -> Figure:
    """kafka_workflow6: queue versus publish/subscribe."""
    fig, ax = canvas(W, 7.1)
    title(ax, "Queue or publish/subscribe?", "Two ways to hand messages to several readers")
    msgs = ["m1", "m2", "m3", "m4"]
    panels = (
        ("Message queue (point to point)", "note", 4.1, 2.1, ("consumer A", "consumer B"), ["m1, m3", "m2, m4"],
         "each message goes to ONE consumer,\nthen it is gone"),
        ("Publish / subscribe (a Kafka topic)", "kafka", 0.8, 3.1, ("subscriber X", "subscriber Y", "subscriber Z"),
         ["m1 m2 m3 m4"] * 3, "every subscriber gets EVERY message;\nthe log keeps it for later readers"),
    )
    for col, (heading, kind, y0, h, readers, got, note) in enumerate(panels):
        group(ax, 0.2, y0, 8.6, h, heading, kind, dashed=col == 0)
        mid = y0 + (h - 0.35) / 2 + 0.05
        p = box(ax, 0.45, mid - 0.4, 1.3, 0.8, "publisher" if col else "producer", "source", size=10)
        q = log_row(ax, 2.25, mid - 0.2, msgs, cell=0.5, h=0.4, kind=kind, size=10)
        arrow(ax, p.right, q[0].left, kind="source")
        label(ax, 3.25, mid - 0.62, note, size=10, color=MUTED)
        top = y0 + h - 0.15
        for i, (r, text) in enumerate(zip(readers, got)):
            rb = box(ax, 6.95, top - 0.82 - i * 0.92, 1.7, 0.82, text, "view", head=r, size=10)
            arrow(ax, q[-1].right, rb.left, kind="view")
    label(ax, W / 2, 0.4, "Kafka does both: consumers in one group share the partitions (queue);\n"
          "separate groups each get everything (pub/sub).",
          size=10, weight="bold", width=W - 0.4)
    return fig


def fig_pubsub_pattern() -> Figure:
    """kafka_workflow7: publishers and subscribers only know topics."""
    fig, ax = canvas(W, 6.2)
    title(ax, "The publish/subscribe pattern", "Publishers and subscribers never call each other: they only agree on topic names")
    topic_colors = {"sensor-stream": "#2F6DB5", "orders": "#D9531E", "payments": "#13884A"}
    pubs = [("sensor gateway", "sensor-stream"), ("web shop", "orders"), ("payment service", "payments")]
    subs = [("Spark pipeline", ["sensor-stream"]), ("alerting", ["sensor-stream", "payments"]), ("billing", ["orders", "payments"]), ("analytics", ["orders"])]
    label(ax, 1.2, 5.15, "publishers", size=11, weight="bold", color=MUTED)
    label(ax, 4.5, 5.15, "topics", size=11, weight="bold", color=MUTED)
    label(ax, 7.85, 5.15, "subscribers", size=11, weight="bold", color=MUTED)
    tpos = {}
    for i, (name, color) in enumerate(topic_colors.items()):
        y = 3.85 - i * 1.45
        b = box(ax, 3.5, y, 2.0, 0.8, name, "kafka", mono=True, size=10.5)
        tpos[name] = b
    for i, (name, topic) in enumerate(pubs):
        b = box(ax, 0.2, 3.85 - i * 1.45, 2.0, 0.8, name, "source", size=10.5)
        arrow(ax, b.right, tpos[topic].left, color=topic_colors[topic])
    for i, (name, topics) in enumerate(subs):
        y = 4.2 - i * 1.15
        b = box(ax, 6.9, y, 1.9, 0.75, name, "view", size=10.5)
        for t in topics:
            arrow(ax, tpos[t].right, b.left, color=topic_colors[t])
    label(ax, W / 2, 0.35, "Add a subscriber without touching any publisher; a publisher never waits for a slow subscriber.", size=10.5, color=MUTED,
          width=W - 0.4)
    return fig


def fig_microservices() -> Figure:
    """micro_service_architecture: services around a Kafka backbone."""
    fig, ax = canvas(W, 7.5)
    title(ax, "Microservices around Kafka", "Each service owns its data and talks to the others through topics")
    group(ax, 0.2, 3.15, 8.6, 1.35, "Kafka (event backbone)", "kafka", dashed=False, mask=True)
    topics = {"orders": 0.3, "payments": 3.2, "stock-changes": 6.1}
    tb = {n: box(ax, x + 0.1, 3.3, 2.4, 0.7, n, "kafka", fill="white", mono=True, size=10.5) for n, x in topics.items()}
    above = [
        ("Order service", "takes orders", 0.3, []),
        ("Payment service", "charges the customer", 3.2, ["orders"]),
        ("Inventory service", "reserves stock", 6.1, ["orders"]),
    ]
    below = [
        ("Analytics", "sales per hour", 0.3, ["orders", "payments"]),
        ("Notification service", "emails receipts", 3.2, ["payments"]),
        ("Warehouse app", "restocks shelves", 6.1, ["stock-changes"]),
    ]
    for name, job, x, ins in above:
        s = box(ax, x, 5.05, 1.9, 1.0, job, "view", head=name, size=10)
        cylinder(ax, x + 1.98, 5.05, 0.62, 1.0, "DB", "mongo", size=10)
        arrow(ax, (x + 1.3, s.y), (x + 1.3, 4.0), kind="source")
        for t in ins:
            arrow(ax, (tb[t].x + 2.0, 4.0), (x + 0.4, s.y), kind="view", dashed=True)
    for name, job, x, ins in below:
        s = box(ax, x, 1.35, 1.9, 1.0, job, "view", head=name, size=10)
        cylinder(ax, x + 1.98, 1.35, 0.62, 1.0, "DB", "mongo", size=10)
        for t in ins:
            arrow(ax, (tb[t].x + (0.5 if t == "orders" else 1.2), 3.3), (x + (1.5 if t != "orders" and x < 2 else 0.7), s.y + s.h),
                  kind="view", dashed=True)
    arrow(ax, (0.3, 0.75), (1.0, 0.75), kind="source")
    label(ax, 1.15, 0.75, "produces an event", size=10, ha="left")
    arrow(ax, (3.6, 0.75), (4.3, 0.75), kind="view", dashed=True)
    label(ax, 4.45, 0.75, "consumes (its own consumer group)", size=10, ha="left")
    label(ax, 0.3, 0.3, "a service can be down; events wait", size=10, ha="left", color=MUTED)
    return fig


# --------------------------------------------------------------------------- Kubernetes and the project


def fig_kafka_on_kubernetes() -> Figure:
    """k8s_cluster / kubernetes: the workshop's stack on Kubernetes, as deploy/ describes it."""
    fig, ax = canvas(W, 8.9)
    title(ax, "Kafka on Kubernetes (deploy/)", "The Strimzi operator turns a Kafka and a KafkaNodePool resource into pods, services and volumes")
    group(ax, 0.1, 0.1, 8.8, 7.7, "Kubernetes cluster (kind or minikube: docs/kubernetes.md)", "k8s", dashed=False, fill="#F7F9FE")
    group(ax, 0.25, 0.25, 8.5, 7.1, "namespace workshop  (kubectl apply -n workshop -f deploy/)", "k8s", fill="white")
    c1, c2, c3 = 0.45, 3.62, 6.15
    cr = box(ax, c1, 5.2, 2.7, 1.8, "Kafka workshop: 3.9.0, KRaft\nKafkaNodePool dual-role:\n  replicas: 1\n  roles: controller, broker\n  storage: 5Gi", "note", head="resources (kafka.yaml)", size=10, mono=True)
    op = box(ax, c2, 5.45, 2.2, 1.4, "Deployment\nstrimzi-cluster-operator:\nwatches the resources", "k8s", head="operator pod", size=10)
    arrow(ax, cr.right, (op.x, cr.right[1]), "watch", kind="k8s", offset=(0, 0.2))
    pod = box(ax, c2, 2.95, 2.2, 1.8, "controller + broker\n(KRaft, like\npython -m workshop up)", "kafka", head="pod workshop-dual-role-0", size=10)
    arrow(ax, op.bottom, pod.top, "reconcile", kind="k8s", offset=(0.5, 0))
    cylinder(ax, c2 + 0.1, 1.55, 2.0, 0.75, "PVC 5Gi", "k8s", size=10)
    topic = box(ax, c1, 2.95, 2.7, 1.8, "KafkaTopic sensor-stream:\npartitions: 2, replicas: 1\n(the entity operator\ncreates it)", "note", head="topic", size=10)
    arrow(ax, topic.right, (pod.x, topic.right[1]), kind="kafka")
    svc = box(ax, c3, 3.2, 1.95, 1.3, "workshop-kafka-\nbootstrap:9092", "k8s", head="Service", size=10)
    arrow(ax, svc.left, (pod.x + pod.w, svc.left[1]), kind="kafka")
    jl = box(ax, c3, 5.2, 2.4, 1.8, "Deployment jupyter, 1 replica\nConfigMap workshop-env:\nKAFKA_BOOTSTRAP_SERVERS\nMONGO_URI", "view", head="JupyterLab pod", size=10)
    arrow(ax, (svc.center[0], jl.y), svc.top, kind="kafka")
    mg = box(ax, c3, 1.2, 2.4, 1.45, "StatefulSet mongo,\n1 replica, mongo:7.0\nService mongo:27017", "mongo", head="MongoDB pod", size=10)
    cylinder(ax, c3 + 0.25, 0.4, 1.9, 0.65, "PVC data", "k8s", size=10)
    mx = c3 + 2.2
    arrow(ax, (mx, jl.y), (mx, mg.y + mg.h), kind="mongo")
    label(ax, c1, 1.9, "three brokers: replicas: 3\nin the node pool, and raise\nthe replication factors", size=10, color=MUTED, ha="left",
          width=2.6)
    return fig


def fig_project_kafka_layout() -> Figure:
    """The project's Kafka layout: sensor keys hashed onto two partitions, read by Spark."""
    fig, ax = canvas(W, 6.9)
    keys = [f"sensor_{i}" for i in range(1, 7)]
    parts = {k: partition_for(k) for k in keys}
    on0 = sum(1 for p in parts.values() if p == 0)
    title(ax, f"This workshop's Kafka: topic {TOPIC}", "One broker, 2 partitions, replication factor 1; the partition is murmur2(key) mod 2, as Kafka computes it")
    label(ax, 0.82, 5.55, "record keys", size=10.5, weight="bold", color=MUTED)
    group(ax, 2.0, 1.35, 3.95, 4.4, f"topic {TOPIC}\n(broker 127.0.0.1:9092)", "kafka", size=10.5)
    rows = {0: 3.85, 1: 2.15}
    pcolor = {0: "#2F6DB5", 1: "#B0419A"}
    cell = 0.45
    for p, y in rows.items():
        label(ax, 2.2, y + 0.7, f"partition {p}", size=11, weight="bold", ha="left", color=pcolor[p])
        mine = [k for k in keys if parts[k] == p]
        texts = [mine[i % len(mine)].replace("sensor_", "s") for i in range(7)]
        log_row(ax, 2.2, y, range(7), cell=cell, h=0.48, size=10, texts=texts)
        label(ax, 2.2 + 7 * cell + 0.08, y + 0.24, "→", size=14, ha="left", color=MUTED)
    label(ax, 3.975, 1.75, "cells show which sensor wrote each record (s1 = sensor_1)", size=10, color=MUTED, width=3.1)
    seen = {0: 0, 1: 0}
    for i, k in enumerate(keys):
        y = 4.9 - i * 0.72
        b = box(ax, 0.2, y, 1.25, 0.5, k, "source", mono=True, size=10)
        p = parts[k]
        n = sum(1 for q in parts.values() if q == p)
        ty = rows[p] + 0.48 * (n - seen[p]) / (n + 1)
        seen[p] += 1
        arrow(ax, b.right, (2.18, ty), color=pcolor[p], lw=1.4)
    label(ax, 0.2, 0.7, f"{on0} of {len(keys)} keys land on partition 0:\nhashing keeps each sensor in order,\nit does not promise an even split", size=10, color=MUTED, ha="left")
    sp = box(ax, 6.4, 3.75, 2.4, 2.0, "one task per partition\noffsets kept in the checkpoint,\nnot in a consumer group", "spark", head="Spark Structured Streaming", size=10)
    cc = box(ax, 6.4, 1.35, 2.4, 2.0, "kafka-console-consumer,\nkafka-python KafkaConsumer:\nconsumer groups commit offsets", "view", head="Other readers", size=10)
    for p, y in rows.items():
        end = (2.2 + 7 * cell + 0.4, y + 0.24)
        arrow(ax, end, (sp.x, sp.y + 0.6 + 0.6 * (1 - p)), color=PALETTE["spark"][1], lw=1.5)
        arrow(ax, end, (cc.x, cc.y + 0.6 + 0.6 * (1 - p)), color=PALETTE["view"][1], lw=1.5, dashed=True)
    return fig


# --------------------------------------------------------------------------- Spark Structured Streaming (05b)


def _clock(second: int) -> str:
    """HH:MM:SS of an epoch second, in UTC (the notebooks' event times)."""
    return time.strftime("%H:%M:%S", time.gmtime(second))


def fig_spark_microbatch_vs_realtime() -> Figure:
    """05b's triggers: micro-batches (plan, run, commit, then the next) against Real-time Mode's long-running tasks."""
    fig, ax = canvas(W, 8.55)
    title(ax, "Micro-batches or Real-time Mode", "The same query with two triggers: when is a record that arrives processed and output?")
    spark_ec, source_ec = PALETTE["spark"][1], PALETTE["source"][1]
    panel = "#FFF8F1"
    x0, x1 = 1.55, 8.65

    def lanes(y_in: float, y_out: float, mid: float, middle: str) -> None:
        """The lane names on the left and the two time lines: records arriving (top) and output (bottom)."""
        for y, text in ((y_in, "records\narrive"), (mid, middle), (y_out, "output")):
            label(ax, 0.35, y, text, size=10, ha="left", color=MUTED)
        for y in (y_in, y_out):
            ax.plot([x0, x1], [y, y], color=MUTED, lw=1.0, zorder=1)
        label(ax, x1, y_in + 0.2, "time →", size=10, ha="right", color=MUTED)

    def dot(x: float, y: float, color: str) -> None:
        ax.plot([x], [y], "o", ms=7, color=color, zorder=5)

    # micro-batches: a trigger fires, the batch's offsets are planned, its tasks run, it commits; then the next one
    group(ax, 0.2, 4.35, 8.6, 3.25, 'Micro-batches: trigger(processingTime="0 seconds")', "spark", fill=panel)
    y_in, y_out, by, bh = 6.95, 5.05, 5.55, 0.62
    lanes(y_in, y_out, by + bh / 2, "batches")
    starts = (1.6, 3.98, 6.36)
    for n, bx in enumerate(starts):
        label(ax, bx + 1.14, by + bh + 0.2, f"trigger: batch {7 + n}", size=10, color=spark_ec)
        box(ax, bx, by, 0.74, bh, "plan\noffsets", "spark", size=10)
        run = box(ax, bx + 0.78, by, 0.8, bh, "tasks\nP0, P1", "spark", size=10)
        box(ax, bx + 1.62, by, 0.68, bh, "commit", "spark", size=10)
        arrow(ax, (run.center[0], by), (run.center[0], y_out + 0.08), kind="spark", lw=1.4)
        for k in range(3):
            dot(run.center[0] + 0.2 + 0.13 * k, y_out, spark_ec)
    for x in (2.3, 2.9, 3.5, 4.6, 5.3, 6.0, 7.1, 7.8):
        dot(x, y_in, source_ec)
    for x in (2.3, 2.9, 3.5):   # arrived after batch 7 was planned: read by batch 8
        arrow(ax, (x, y_in - 0.08), (starts[1] + 0.37, by + bh + 0.02), kind="source", dashed=True, lw=1.2)
    label(ax, 4.0, y_in - 0.33, "a record waits for the next batch", size=10, color=source_ec, ha="left", backdrop=True)
    label(ax, 0.4, 4.55, "A batch's records come out together while its tasks run, typically a tenth of a second or more after they "
          "arrived.",
          size=10, color=MUTED, ha="left", width=8.2)

    # Real-time Mode: one task per Kafka partition stays alive for the whole (long) batch
    group(ax, 0.2, 0.2, 8.6, 3.95, 'Real-time Mode: trigger(realTime="5 seconds")', "spark", fill=panel)
    y_in, y_out = 3.35, 1.35
    lanes(y_in, y_out, 2.3, "tasks")
    end = 7.3
    for p, y in enumerate((2.4, 1.8)):
        bar = box(ax, x0 + 0.05, y, end - x0 - 0.05, 0.46, "", "spark")
        t = label(ax, 4.25, y + 0.23, f"task for partition {p}: alive for the whole batch", size=10)
        ax.fit_checks.append((t, bar))
        box(ax, end + 0.68, y, x1 - end - 0.68, 0.46, "", "spark")
    commit = box(ax, end + 0.05, 1.8, 0.58, 1.06, "commit", "spark", size=10)
    for x in (1.85, 2.3, 6.25, 6.75):
        dot(x, y_in, source_ec)
        arrow(ax, (x, y_in - 0.08), (x + 0.06, y_out + 0.08), kind="spark", lw=1.4)
        dot(x + 0.06, y_out, spark_ec)
    label(ax, 4.25, y_in - 0.33, "each record goes through at once: milliseconds", size=10, color=spark_ec, backdrop=True)
    xw = commit.center[0]
    dot(xw, y_in, source_ec)
    arrow(ax, (xw, y_in - 0.08), (x1 - 0.25, 2.88), kind="source", dashed=True, lw=1.2)
    label(ax, 0.4, 0.62, "A record that arrives while the 5-second batch commits waits for the next one: the long tail. "
          "Each Kafka partition needs a free task slot; the sink writes row by row (no foreachBatch).",
          size=10, color=MUTED, ha="left", width=8.2)
    return fig

def fig_spark_watermark() -> Figure:
    """05b's watermark, with the notebook's numbers: sensor_1's 1-minute windows, a 2-minute delay, two late readings."""
    fig, ax = canvas(W, 7.0)
    start = 1713763500 + 250                        # 05:29:10, the first of the 250 readings (notebook 05b, cell c47)
    latest = start + (250 // 4) * 10                # 05:39:30, the latest event time the notebook prints
    mark = latest - 120                             # 05:37:30, the watermark: 2 minutes behind
    first = start - start % 60                      # 05:29:00, the first window's start
    counts = {first + 60 * i: 6 for i in range(11)}
    counts[first] = (60 - start % 60) // 10         # 05:29:10 ... 05:29:50
    counts[latest - latest % 60] = (latest % 60) // 10 + 1  # 05:39:00 ... 05:39:30
    title(ax, "The watermark: when a window closes",
          "sensor_1's 1-minute windows in notebook 05b, as its late readings arrive")
    x0, unit = 1.3, 0.66

    def x(second: int) -> float:
        return x0 + (second - first) / 60 * unit

    bad_fc, bad_ec = PALETTE["bad"]
    spark_fc, spark_ec = PALETTE["spark"]
    ry, rh = 3.7, 0.58
    label(ax, 0.2, ry + rh / 2, "readings\nper window", size=10, ha="left", color=MUTED)
    label(ax, 0.2, ry - 0.27, "event time", size=10, ha="left", color=MUTED)
    cells = {}
    for w0, n in counts.items():
        closed = w0 + 60 <= mark
        fc = "#E4E4E4" if closed else spark_fc
        ax.add_patch(Rectangle((x(w0), ry), unit, rh, fc=fc, ec=MUTED if closed else spark_ec, lw=1.3, zorder=3,
                               hatch="//" if closed else None))
        b = Box(x(w0), ry, unit, rh)
        text = f"{n} → {n + 1}" if w0 == latest - latest % 60 - 60 else str(n)
        crossed = w0 < mark < w0 + 60 or w0 < latest < w0 + 60   # a line runs through its middle: text to the left
        t = label(ax, b.x + unit * (0.27 if crossed else 0.5), b.center[1], text, size=10, backdrop=closed)
        ax.fit_checks.append((t, b))
        cells[w0] = b
        label(ax, x(w0), ry - 0.27, _clock(w0)[:5], size=10, color=MUTED)
    label(ax, x(first + 11 * 60), ry - 0.27, _clock(first + 11 * 60)[:5], size=10, color=MUTED)

    # the latest event time seen and the watermark, two minutes behind it
    for second, low in ((latest, 2.45), (mark, 1.75)):
        ax.plot([x(second)] * 2, [low, ry + rh + 0.12], color=INK, lw=1.8, zorder=5)
    label(ax, x(latest), 2.2, f"latest event time\nseen: {_clock(latest)}", size=10)
    label(ax, x(mark), 1.5, f"watermark {_clock(mark)}\n= latest − 2 minutes", size=10, weight="bold")
    arrow(ax, (x(mark), 2.75), (x(latest), 2.75), both=True, lw=1.3, color=INK)
    label(ax, (x(mark) + x(latest)) / 2, 2.95, "2 minutes", size=10, backdrop=True)

    # the two late readings of sensor_1
    kept, dropped = latest - 60, latest - 600
    a = box(ax, 5.05, 4.85, 3.75, 1.05, f"{_clock(kept)}, 1 minute behind:\nits window is still open: it counts\n"
            "(now 7 readings, max 30 °C)", "source", size=10)
    arrow(ax, (x(kept), a.y), (x(kept), ry + rh + 0.02), kind="source")
    d = box(ax, 0.2, 4.85, 3.75, 1.05, f"{_clock(dropped)}, 10 minutes behind:\nits window closed long ago: dropped\n"
            "(rows dropped by the watermark: 1)", "bad", size=10)
    arrow(ax, (x(dropped), d.y), (x(dropped), ry + rh + 0.02), kind="bad")
    label(ax, x(dropped) + 0.22, ry + rh + 0.3, "✕", size=16, color=bad_ec, weight="bold")

    # what closed and open mean
    ax.add_patch(Rectangle((0.25, 2.35), 0.42, 0.3, fc="#E4E4E4", ec=MUTED, hatch="//", lw=1.2))
    label(ax, 0.8, 2.5, "closed: the watermark passed its end", size=10, ha="left")
    ax.add_patch(Rectangle((0.25, 1.85), 0.42, 0.3, fc=spark_fc, ec=spark_ec, lw=1.2))
    label(ax, 0.8, 2.0, "open: it ends after the watermark", size=10, ha="left")
    label(ax, 0.2, 0.62, "A reading older than the watermark still counts while its window is open (05:37:00–05:37:30 here). "
          "Spark drops late rows by the previous batch's watermark: a new watermark closes windows in the next batch, "
          "drops late rows from the one after.",
          size=10, color=MUTED, ha="left", width=8.6)
    return fig


def fig_spark_output_modes() -> Figure:
    """05b's output modes: what complete, update and append emit, batch by batch, for one windowed count."""
    fig, ax = canvas(W, 7.75)
    title(ax, "Output modes: what each batch emits",
          "One sensor, 1-minute windows counted, watermark 2 minutes behind; a row is a window and its count")
    cols = (1.65, 3.45, 5.25)          # batch 0, 1, 2
    cw, end_x, end_w = 1.75, 7.05, 1.75
    tag_w, tag_h, step = 1.5, 0.3, 0.35
    spark_ec = PALETTE["spark"][1]
    closed_row = "10:00–10:01: 2"

    def tag(x: float, y: float, text: str, closed: bool = False) -> None:
        """One window row (start–end: count); closed: the watermark passed its end."""
        fc = "#E4E4E4" if closed else "white"
        ax.add_patch(Rectangle((x, y), tag_w, tag_h, fc=fc, ec=MUTED if closed else spark_ec, lw=1.1, zorder=3,
                               hatch="//" if closed else None))
        t = label(ax, x + tag_w / 2, y + tag_h / 2, text, size=10, mono=True, backdrop=closed)
        ax.fit_checks.append((t, Box(x, y, tag_w, tag_h)))

    def tags(col: float, top: float, rows: list[str], closed: bool = False) -> None:
        for i, text in enumerate(rows):
            tag(col + (cw - tag_w) / 2, top - i * step - tag_h, text, closed and text == closed_row)

    def note(col: float, y: float, text: str, w: float = cw) -> None:
        label(ax, col + w / 2, y, text, size=10, color=MUTED, width=w - 0.1)

    # the batches: what each reads, the watermark it runs with, the windows so far
    for col, head in zip(cols, ("batch 0", "batch 1", "batch 2")):
        label(ax, col + cw / 2, 6.75, head, size=11, weight="bold")
    label(ax, end_x + end_w / 2, 6.75, "memory sink\nat the end", size=11, weight="bold")
    reads_y, mark_y, windows_top = 6.2, 5.6, 5.3
    label(ax, 0.2, reads_y, "reads", size=10, ha="left", color=MUTED)
    label(ax, 0.2, mark_y, "watermark\nin force", size=10, ha="left", color=MUTED)
    label(ax, 0.2, windows_top - 1.5 * step, "windows\nso far", size=10, ha="left", color=MUTED)
    for col, text in zip(cols[:2], ("10:00:10, 10:00:40,\n10:01:20", "10:01:50, 10:03:40")):
        label(ax, col + cw / 2, reads_y, text, size=10, mono=True)
    note(cols[2], reads_y, "no data: runs because the watermark moved")
    label(ax, cols[0] + cw / 2, mark_y, "none yet", size=10, color=MUTED)
    for col, text in zip(cols[1:], ("09:59:20", "10:01:40")):
        label(ax, col + cw / 2, mark_y, text, size=10, mono=True)
    note(end_x, mark_y, "latest event time of the batches before − 2 min", w=end_w)
    after = (["10:00–10:01: 2", "10:01–10:02: 1"],
             ["10:00–10:01: 2", "10:01–10:02: 2", "10:03–10:04: 1"],
             ["10:00–10:01: 2", "10:01–10:02: 2", "10:03–10:04: 1"])
    for col, rows in zip(cols, after):
        tags(col, windows_top, rows, closed=col == cols[2])
    note(end_x, windows_top - 1.5 * step, "hatched: closed\n(the watermark\npassed its end)", w=end_w)
    ax.plot([0.2, W - 0.2], [4.1, 4.1], color=MUTED, lw=1.0)

    # what each output mode emits in each batch, and what the memory sink holds at the end
    modes = (
        ("complete", "the whole table", (after[0], after[1], None), "3 rows: each batch replaces the table"),
        ("update", "the windows the batch changed", (after[0], ["10:01–10:02: 2", "10:03–10:04: 1"], []),
         "4 rows: 10:01–10:02 twice"),
        ("append", "each window once, when closed", ([], [], [closed_row]), "1 row: the newer windows are still open"),
    )
    top = 3.95
    for name, what, emitted, held in modes:
        h = max(0.95, max(len(e) if e else 1 for e in emitted) * step + 0.1)
        y = top - h
        b = box(ax, 0.2, y + 0.03, 1.3, h - 0.06, "", "spark")
        lines = wrap(ax, tr(what), b.w - 0.2, 10)
        block = 0.2 + 0.06 + (lines.count("\n") + 1) * 10 * 1.32 / 72
        head = label(ax, b.center[0], b.center[1] + block / 2 - 0.1, name, size=10.5, weight="bold", mono=True)  # Spark's name
        body = label(ax, b.center[0], b.center[1] + block / 2 - 0.26, lines, size=10, va="top", translated=True)
        ax.fit_checks += [(head, b), (body, b)]
        for col, rows in zip(cols, emitted):
            if rows is None:
                note(col, y + h / 2, "no batch 2: complete mode keeps every window")
            elif not rows:
                label(ax, col + cw / 2, y + h / 2, "nothing", size=10, color=MUTED)
            else:
                tags(col, y + h / 2 + (len(rows) * step - (step - tag_h)) / 2, rows)
        note(end_x, y + h / 2, held, w=end_w)
        top = y - 0.08
    label(ax, W / 2, 0.35, "In notebook 05b (4 sensors, 15 windows each) the memory tables hold: complete 60 rows, update 65, append 48.",
          size=10, color=MUTED, width=W - 0.4)
    return fig

FIGURES: dict[str, Callable[[], Figure]] = {
    "flow_overview": fig_flow_overview,
    "flow_chart": fig_flow_chart,
    "mqtt_bridge": fig_mqtt_bridge,
    "kafka_1_overview": fig_kafka_1_overview,
    "kafka_2_page_cache": fig_kafka_2_page_cache,
    "kafka_3_topic_partitions": fig_kafka_3_topic_partitions,
    "kafka_4_partition_log": fig_kafka_4_partition_log,
    "kafka_5_consumer_groups": fig_kafka_5_consumer_groups,
    "kafka_use_cases": fig_kafka_use_cases,
    "kafka_workflow": fig_kafka_workflow,
    "pubsub_model": fig_pubsub_model,
    "pubsub_pattern": fig_pubsub_pattern,
    "microservices": fig_microservices,
    "kafka_on_kubernetes": fig_kafka_on_kubernetes,
    "project_kafka_layout": fig_project_kafka_layout,
    "spark_microbatch_vs_realtime": fig_spark_microbatch_vs_realtime,
    "spark_watermark": fig_spark_watermark,
    "spark_output_modes": fig_spark_output_modes,
}


def draw(out_dir: Path = HERE, only: list[str] | None = None, check: bool = False, lang: str = "en") -> list[Path]:
    """Write the chosen figures (default: all) as PNGs into out_dir, labelled in `lang`; check=True also lists text problems."""
    out_dir.mkdir(parents=True, exist_ok=True)
    set_language(lang)
    written = []
    try:
        for name in only or FIGURES:
            fig = FIGURES[name]()
            if check:
                for problem in text_problems(fig):
                    print(f"{name}: {problem}", file=sys.stderr)
                for t in fig.axes[0].texts:
                    if t.get_text().strip() and shown_px(fig, t.get_fontsize()) < MIN_TEXT_PX:
                        print(f"{name}: {t.get_text()!r} shows below {MIN_TEXT_PX} px at {DISPLAY_WIDTH} px wide", file=sys.stderr)
            for text in LANGUAGE["missing"]:
                print(f"{name}: no {lang} label for {text!r}: add it to images/labels_{lang}.py", file=sys.stderr)
            LANGUAGE["missing"].clear()
            written.append(save(fig, out_dir / f"{name}.png"))
    finally:
        set_language("en")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, default=None,
                        help="where to write the PNGs (default: images/, or images/LANG/ with --lang)")
    parser.add_argument("--only", nargs="+", choices=sorted(FIGURES), help="draw only these figures")
    parser.add_argument("--check", action="store_true", help="report overlapping, cut-off or too small text")
    parser.add_argument("--lang", default="en", help="label language: en (default) or ko (labels_ko.py, into images/ko/)")
    args = parser.parse_args(argv)
    out_dir = args.out_dir or (HERE if args.lang == "en" else HERE / args.lang)
    for path in draw(out_dir, args.only, args.check, args.lang):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
