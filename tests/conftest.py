"""Shared fixtures: the live servers, a topic and database of each test's own, and one Spark session."""
from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

from workshop import config, kafka_cluster, mqtt, procs, stack, streaming, topics
from workshop.config import Settings

SERVER_FIXTURES = {"live", "fresh", "spark", "own_home", "cluster", "broker"}
"""Fixtures that start or need the servers: a test using one is a live test."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the servers `live`, so `-m "not live"` (run.py test --quick) leaves exactly those out."""
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("live"):
            item.add_marker(pytest.mark.live)


@pytest.fixture
def defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """The settings with every WORKSHOP_* variable unset and a home in the test's own temporary folder."""
    for name in config.ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKSHOP_HOME", str(tmp_path))
    return config.settings()


@pytest.fixture(scope="session")
def live() -> Settings:
    """The servers the test command started (or start them now)."""
    if os.environ.get("WORKSHOP_QUICK"):
        pytest.fail("this test needs the servers but runs in the quick tier: mark it live")
    return stack.ensure_up()


@pytest.fixture
def fresh(live: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new 2-partition topic and an empty database of this test's own; yields the topic name."""
    name = f"workshop-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("WORKSHOP_TOPIC", name)
    monkeypatch.setenv("WORKSHOP_DATABASE", name.replace("-", "_"))
    topics.create_topic(name, partitions=2)
    yield name
    topics.delete_topics([name])


@pytest.fixture(scope="session")
def spark(live: Settings) -> Iterator[Any]:
    """One SparkSession for every test that needs it."""
    session = streaming.spark_session("workshop-tests")
    yield session
    streaming.stop_all(session)


@pytest.fixture(scope="module")
def cluster(live: Settings) -> Iterator[Settings]:
    """The three brokers of this test home, started for this module and stopped afterwards."""
    started = time.monotonic()
    lines = kafka_cluster.start(live)
    print(f"cluster: {len(lines)} brokers ready in {time.monotonic() - started:.1f} s")
    yield live
    kafka_cluster.stop(live)
    assert all(procs.running(kafka_cluster.name(n), live) is None for n in kafka_cluster.NODES)


@pytest.fixture(scope="module")
def broker(live: Settings) -> Iterator[None]:
    """The MQTT broker (notebook 07), started for this module unless one runs, and stopped afterwards if started here."""
    started = mqtt.ensure_broker()
    yield
    if started:
        mqtt.stop_broker()
