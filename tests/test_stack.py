"""`up`, `down` and `status` on a workshop home of their own: one server each, data kept."""
from __future__ import annotations

import socket
from pathlib import Path
from typing import Iterator

import pytest

from workshop import config, procs, stack
from helpers import free_port, listening, on_loopback


@pytest.fixture
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[config.Settings]:
    """Settings for a second, private stack on free ports; stopped afterwards."""
    shared_jars = config.settings().jar_cache
    for name in ("KAFKA_BOOTSTRAP_SERVERS", "MONGO_URI"):
        monkeypatch.delenv(name, raising=False)
    kafka_port = free_port()
    monkeypatch.setenv("WORKSHOP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("WORKSHOP_JARS", str(shared_jars))
    monkeypatch.setenv("WORKSHOP_KAFKA_PORT", str(kafka_port))
    monkeypatch.setenv("WORKSHOP_KAFKA_CONTROLLER_PORT", str(free_port()))
    monkeypatch.setenv("WORKSHOP_MONGO_PORT", str(free_port()))
    s = config.settings()
    yield s
    stack.down(s)


@pytest.mark.live
def test_up_twice_down_up_keeps_data(own_home: config.Settings) -> None:
    from workshop import sensors, store, topics

    first = stack.up(own_home)
    assert all("started" in line for line in first)
    pids = {n: getattr(stack.running(n, own_home), "pid", None) for n in stack.SERVERS}
    assert None not in pids.values()

    again = stack.up(own_home)
    assert all("already running" in line for line in again)
    assert {n: getattr(stack.running(n, own_home), "pid", None) for n in stack.SERVERS} == pids

    topics.create_topic("workshop-keep", partitions=2)
    report = sensors.produce(20, topic="workshop-keep")
    ids = [0, 1, 2.5, "sensor-stream:1:10", "sensor-stream:0:9", {"sensor": "a", "n": 1}, True]
    assert store.insert_once("keep", [{"_id": i} for i in ids]) == 7

    assert [line.split(":")[1].strip().split()[0] for line in stack.down(own_home)] == ["stopped", "stopped"]
    assert stack.running("kafka", own_home) is None and stack.running("mongo", own_home) is None
    assert not procs.port_in_use("127.0.0.1", own_home.kafka_port)

    stack.up(own_home)
    after = {n: getattr(stack.running(n, own_home), "pid", None) for n in stack.SERVERS}
    assert None not in after.values() and after != pids
    assert topics.total_records("workshop-keep") == report.sent == 20
    docs = store.collection("keep")
    assert docs.count_documents({}) == 7
    assert all(docs.find_one({"_id": i}) is not None for i in ids), "the _id index answers after a restart"
    assert store.insert_once("keep", [{"_id": i} for i in [*ids, 1.0]]) == 0, "every stored _id is still a duplicate"
    assert docs.count_documents({}) == 7
    status = stack.status(own_home)
    assert status["kafka"]["state"] == status["mongo"]["state"] == "running"
    assert status["kafka"]["version"] == config.KAFKA_VERSION


@pytest.mark.live
def test_taken_port_is_named(own_home: config.Settings) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", own_home.mongo_port))
        blocker.listen()
        with pytest.raises(stack.StackError, match=f"port {own_home.mongo_port} is already taken.*WORKSHOP_MONGO_PORT"):
            stack.up(own_home)
    assert stack.running("mongo", own_home) is None


@pytest.mark.live
def test_servers_listen_on_loopback_only(live: config.Settings) -> None:
    ours = listening({getattr(stack.running(n), "pid", 0) for n in stack.SERVERS})
    assert len(ours) >= 3, ours  # Kafka broker + controller, MongoDB
    for local in ours:
        assert on_loopback(local), local


@pytest.mark.live
def test_unreachable_external_kafka_is_named(live: config.Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{free_port()}")
    monkeypatch.setenv("MONGO_URI", live.mongo_uri)
    with pytest.raises(stack.StackError, match="not answering at 127.0.0.1:.*KAFKA_BOOTSTRAP_SERVERS"):
        stack.up()


def test_cluster_id_never_starts_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    import uuid

    from workshop import kafka_broker

    drawn = iter([uuid.UUID(bytes=b"\xf8" * 16), uuid.UUID(bytes=b"\x01" * 16)])
    monkeypatch.setattr(kafka_broker.uuid, "uuid4", lambda: next(drawn))
    assert kafka_broker.new_cluster_id() == "AQEBAQEBAQEBAQEBAQEBAQ", "an id read as an option by kafka-storage is drawn again"
