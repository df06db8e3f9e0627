"""Shared fixtures: the live servers, a topic and database of each test's own, and one Spark session."""
from __future__ import annotations

import uuid
from typing import Iterator

import pytest

from workshop import stack, streaming, topics
from workshop.config import Settings


@pytest.fixture(scope="session")
def live() -> Settings:
    """The servers the test command started (or start them now)."""
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
def spark(live: Settings):
    """One SparkSession for every test that needs it."""
    session = streaming.spark_session("workshop-tests")
    yield session
    streaming.stop_all(session)
