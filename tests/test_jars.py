"""The pinned jars: every group locked with a checksum, versions matching the config and the installed pyspark."""
from __future__ import annotations

import re

import pytest

from workshop import jars
from workshop.config import KAFKA_VERSION, MONGO_SERVER_VERSION, settings


def test_lock_file_pins_every_group() -> None:
    assert {"kafka", "mongo", "spark-kafka", "spark-mongo", "mqtt"} <= set(jars.artifact_groups())
    assert "org.mongodb.spark:mongo-spark-connector_2.13:10.5.0" in {a.coord for a in jars.artifacts("spark-mongo")}
    for group in jars.artifact_groups():
        for a in jars.artifacts(group):
            assert re.fullmatch(r"[0-9a-f]{40}", a.sha1) and a.size > 0
            assert a.url.startswith(settings().maven_repo) and a.url.endswith(a.filename)


def test_versions_match_config() -> None:
    coords = {a.coord for a in jars.artifacts("kafka")}
    assert f"org.apache.kafka:kafka_2.13:{KAFKA_VERSION}" in coords
    assert any(c.startswith("org.slf4j:slf4j-reload4j:") for c in coords), "Kafka's POM has no logging binding"
    assert f"de.bwaldvogel:mongo-java-server:{MONGO_SERVER_VERSION}" in {a.coord for a in jars.artifacts("mongo")}


def test_connector_matches_installed_pyspark() -> None:
    import pyspark

    connector = next(a for a in jars.artifacts("spark-kafka") if "spark-sql-kafka" in a.coord)
    assert connector.coord.endswith(":" + pyspark.__version__)


def test_unknown_group_is_named() -> None:
    with pytest.raises(KeyError, match="known: kafka"):
        jars.artifacts("nope")
