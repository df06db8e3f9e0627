"""The seed's Kafka commands, typed after `python -m workshop`, work against the embedded broker."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workshop import config, topics

SEED_READING = '{"sensor_id":"sensor_1","temperature":24.5,"timestamp":1713763500}'


def workshop(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workshop", *args], input=stdin, capture_output=True, text=True,
                          timeout=180, cwd=config.PROJECT_ROOT)


@pytest.mark.live
def test_seed_commands_create_produce_consume(live: config.Settings) -> None:
    server = live.bootstrap_servers.replace("127.0.0.1", "localhost")
    topic = "workshop-seed-cli"
    topics.delete_topics([topic])
    created = workshop("kafka-topics", "--create", "--bootstrap-server", server, "--replication-factor", "1",
                       "--partitions", "2", "--topic", topic)
    assert created.returncode == 0, created.stderr
    assert f"Created topic {topic}." in created.stdout
    assert [p.partition for p in topics.partitions(topic)] == [0, 1]

    produced = workshop("kafka-console-producer", "--broker-list", server, "--topic", topic, stdin=SEED_READING + "\n")
    assert produced.returncode == 0, produced.stderr
    assert topics.total_records(topic) == 1

    consumed = workshop("kafka-console-consumer", "--bootstrap-server", server, "--topic", topic, "--from-beginning",
                        "--max-messages", "1", "--timeout-ms", "30000")
    assert consumed.returncode == 0, consumed.stderr
    assert json.loads(consumed.stdout.strip()) == json.loads(SEED_READING)


@pytest.mark.live
def test_tool_names_as_in_the_container(live: config.Settings) -> None:
    listed = workshop("/usr/bin/kafka-topics", "--bootstrap-server", live.bootstrap_servers, "--list")
    assert listed.returncode == 0, listed.stderr
    assert set(topics.list_topics()) <= set(listed.stdout.split())
    assert workshop("kafka-topics.sh", "--version").stdout.startswith(config.KAFKA_VERSION)


def test_help_and_unknown_verb() -> None:
    assert workshop("--help").returncode == 0
    assert workshop("no-such-verb").returncode == 2
