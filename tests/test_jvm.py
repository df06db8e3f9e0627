"""The pinned jars and the Java checks."""
from __future__ import annotations

import re

import pytest

from workshop import jvm
from workshop.config import KAFKA_VERSION, MONGO_SERVER_VERSION, settings


def test_lock_file_pins_every_group() -> None:
    assert {"kafka", "mongo", "spark-kafka", "spark-mongo", "mqtt"} <= set(jvm.artifact_groups())
    assert "org.mongodb.spark:mongo-spark-connector_2.13:10.5.0" in {a.coord for a in jvm.artifacts("spark-mongo")}
    for group in jvm.artifact_groups():
        for a in jvm.artifacts(group):
            assert re.fullmatch(r"[0-9a-f]{40}", a.sha1) and a.size > 0
            assert a.url.startswith(settings().maven_repo) and a.url.endswith(a.filename)


def test_versions_match_config() -> None:
    coords = {a.coord for a in jvm.artifacts("kafka")}
    assert f"org.apache.kafka:kafka_2.13:{KAFKA_VERSION}" in coords
    assert any(c.startswith("org.slf4j:slf4j-reload4j:") for c in coords), "Kafka's POM has no logging binding"
    assert f"de.bwaldvogel:mongo-java-server:{MONGO_SERVER_VERSION}" in {a.coord for a in jvm.artifacts("mongo")}


def test_connector_matches_installed_pyspark() -> None:
    import pyspark

    connector = next(a for a in jvm.artifacts("spark-kafka") if "spark-sql-kafka" in a.coord)
    assert connector.coord.endswith(":" + pyspark.__version__)


def test_unknown_group_is_named() -> None:
    with pytest.raises(KeyError, match="known: kafka"):
        jvm.artifacts("nope")


def test_java_is_17_or_newer() -> None:
    assert jvm.java_version() >= 17


def test_missing_java_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(jvm.JavaError, match="JDK 17"):
        jvm.java_executable()


def test_old_java_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jvm, "java_executable", lambda: "/opt/java8/bin/java")
    monkeypatch.setattr(jvm, "java_version", lambda java=None: 8)
    with pytest.raises(jvm.JavaError, match="Java 8 found"):
        jvm.require_java()
