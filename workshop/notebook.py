"""The short check that opens every notebook: versions, and that Kafka, Spark and MongoDB answer."""
from __future__ import annotations

import logging
from importlib import metadata

from . import doctor, jvm, stack
from .config import KAFKA_VERSION, Settings, settings

PACKAGES = ("pyspark", "kafka-python", "pymongo", "matplotlib", "ipywidgets")


def check(start: bool = True) -> Settings:
    """Cell 1 of every notebook: start the local servers if needed, print versions and what answers; raise with the fix."""
    s = settings()
    logging.getLogger("kafka").addHandler(logging.NullHandler())  # kafka-python retry warnings: not for the notebook
    if start:
        stack.ensure_up()
    problems = [c for c in (doctor.check_java(), doctor.check_connector(), *doctor.check_servers()) if not c.ok]
    print("Python packages: " + ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES))
    print(f"Kafka {KAFKA_VERSION}: " + ("external" if s.kafka_external else "embedded") + f", topic {s.topic!r}")
    print("MongoDB: " + ("external" if s.mongo_external else "embedded mongo-java-server") + f", database {s.database!r}")
    print(f"Spark: master {s.spark_master}, connector {_connector()}, Java {jvm.java_version()}")
    if problems:
        raise RuntimeError("Not ready:\n" + "\n".join(f"- {c.name}: {c.detail}. Fix: {c.fix}" for c in problems))
    print("All set: Kafka and MongoDB answer, Spark has its Kafka connector.")
    return s


def _connector() -> str:
    return next(a.coord.split(":", 1)[1] for a in jvm.artifacts("spark-kafka") if "spark-sql-kafka" in a.coord)
