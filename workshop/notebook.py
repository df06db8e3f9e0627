"""The short check that opens every notebook: versions, and that Kafka, Spark and MongoDB answer."""
from __future__ import annotations

import logging
from importlib import metadata

from . import doctor, jars, jvm, stack
from .config import KAFKA_VERSION, Settings, settings
from .messages import say

PACKAGES = ("pyspark", "kafka-python", "pymongo", "matplotlib", "ipywidgets")


def check(start: bool = True) -> Settings:
    """Cell 1 of every notebook: start the local servers if needed, print versions and what answers; raise with the fix."""
    s = settings()
    logging.getLogger("kafka").setLevel(logging.ERROR)  # kafka-python notes retries and slow tasks: not for a lesson
    if start:
        stack.ensure_up()
    problems = [c for c in (doctor.check_java(), doctor.check_connector(), *doctor.check_servers()) if not c.ok]
    print(say("check.packages", packages=", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES)))
    print(say("check.kafka", version=KAFKA_VERSION, topic=s.topic,
              where=say("check.external" if s.kafka_external else "check.embedded")))
    print(say("check.mongo", database=s.database,
              where=say("check.external" if s.mongo_external else "check.embedded_mongo")))
    print(say("check.spark", master=s.spark_master, connector=_connector(), java=jvm.java_version()))
    if problems:
        raise RuntimeError("\n".join([say("check.not_ready"), *(say("check.problem", name=c.name, detail=c.detail,
                                                                     fix=c.fix) for c in problems)]))
    print(say("check.ready"))
    return s


def _connector() -> str:
    return next(a.coord.split(":", 1)[1] for a in jars.artifacts("spark-kafka") if "spark-sql-kafka" in a.coord)
