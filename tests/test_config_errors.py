"""Wrong configuration fails fast with a message naming the setting and the fix, never a Java stack trace."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workshop import jvm, sensors, stack, store, streaming
from workshop.config import Settings
from helpers import free_port


def test_unreachable_kafka_names_kafka_bootstrap_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{free_port()}")
    with pytest.raises(stack.StackError, match=r"Kafka is not answering at 127\.0\.0\.1:\d+ .*KAFKA_BOOTSTRAP_SERVERS"):
        sensors.producer()
    with pytest.raises(stack.StackError, match="KAFKA_BOOTSTRAP_SERVERS"):
        streaming.start_pipeline()  # fails before any Spark session is made


def test_unreachable_mongodb_names_mongo_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONGO_URI", f"mongodb://127.0.0.1:{free_port()}/")
    with pytest.raises(stack.StackError, match=r"MongoDB is not answering at mongodb://127\.0\.0\.1:\d+/ .*MONGO_URI"):
        store.client()


def test_malformed_mongo_uri_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONGO_URI", "mongodb//127.0.0.1:27017")
    with pytest.raises(stack.StackError, match="InvalidURI.*MONGO_URI"):
        store.counts()


@pytest.mark.live
def test_pipeline_preflight_names_mongo_uri_when_only_mongodb_is_wrong(live: Settings,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONGO_URI", f"mongodb://127.0.0.1:{free_port()}/")
    with pytest.raises(stack.StackError, match="MONGO_URI"):
        streaming.start_pipeline()


def test_missing_java_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(jvm.JavaError, match="Java was not found. Install a JDK 17"):
        jvm.require_java()


def test_missing_java_on_the_command_line_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-jdk"), "PATH": str(tmp_path),
           "WORKSHOP_HOME": str(tmp_path / "home"), "WORKSHOP_KAFKA_PORT": str(free_port()),
           "WORKSHOP_KAFKA_CONTROLLER_PORT": str(free_port()), "WORKSHOP_MONGO_PORT": str(free_port())}
    for name in ("KAFKA_BOOTSTRAP_SERVERS", "MONGO_URI"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-m", "workshop", "up"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("error: Java was not found. Install a JDK 17+"), result.stderr
    assert "Traceback" not in result.stderr and "Exception in thread" not in result.stderr
