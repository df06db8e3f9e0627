"""Back to a clean slate: the workshop's topics, consumer groups, Spark checkpoints and MongoDB collections."""
from __future__ import annotations

import shutil

from . import lease, store, streaming, topics
from .probes import kafka_answers, mongo_answers
from .config import settings

PREFIX = "workshop-"
"""Topics and consumer groups the notebooks create start with this, so `reset` knows them."""


def _mine() -> tuple[str, ...]:
    """The name prefixes `reset` deletes: a classroom learner's own (`alice.`), else the notebooks' and Spark's."""
    prefix = settings().prefix
    return (prefix,) if prefix else (PREFIX, "spark-kafka-")


def _topics() -> list[str]:
    s = settings()
    return [t for t in topics.list_topics() if t == s.topic or t.startswith(_mine()[0])]


def _groups() -> list[str]:
    return [g for g in topics.list_groups() if g.startswith(_mine())]


def plan() -> list[str]:
    """What `run()` would delete, one line each."""
    s = settings()
    lines = []
    if kafka_answers(s.bootstrap_servers):
        lines.append(f"Kafka topics at {s.bootstrap_servers}: {', '.join(_topics()) or '(none)'}")
        lines.append(f"Kafka consumer groups: {', '.join(_groups()) or '(none)'}")
    lines.append(f"Spark checkpoints under {s.checkpoints}")
    if mongo_answers(s.mongo_uri):
        lines.append(f"MongoDB database {s.database!r} at {s.mongo_uri} (all its collections)")
    return lines


def run() -> list[str]:
    """Stop queries here, end the lease of other processes' ones, then delete topics, groups, checkpoints, collections."""
    s = settings()
    lines = [f"stopped query {q}" for q in streaming.stop_all()]
    lease.bump(s)
    left = lease.wait_released(s)
    lines.append("ended the lease: the producers and queries of other notebooks stopped" if not left else
                 f"ended the lease, but these did not stop within 15 s: {', '.join(left)}")
    if kafka_answers(s.bootstrap_servers):
        lines.append(f"deleted consumer groups: {', '.join(topics.delete_groups(_groups())) or '(none)'}")
        lines.append(f"deleted topics: {', '.join(topics.delete_topics(_topics())) or '(none)'}")
    else:
        lines.append(f"Kafka not answering at {s.bootstrap_servers}: topics left alone")
    shutil.rmtree(s.checkpoints, ignore_errors=True)
    lines.append("deleted Spark checkpoints")
    if mongo_answers(s.mongo_uri):
        lines.append(f"dropped collections: {', '.join(store.drop_all()) or '(none)'}")
    else:
        lines.append(f"MongoDB not answering at {s.mongo_uri}: collections left alone")
    return lines
