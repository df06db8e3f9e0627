"""Notebook 07's exercise: the worked bridge step passes, and each typical mistake gets its own hint in both languages."""
from __future__ import annotations

import json
from typing import Any

import pytest

from workshop.exercises import TODO
from workshop.exercises import bridge as ex
from helpers import said_in_both

TOPIC = "workshop-test-ex-bridge"


def solution(kafka: Any, client: Any, message: Any) -> None:
    sensor_id = message.topic.rsplit("/", 1)[-1]
    future = kafka.send(TOPIC, key=sensor_id.encode(), value=message.payload)
    future.add_callback(lambda meta: client.ack(message.mid, message.qos))


def test_factory_topics() -> None:
    assert ex.factory_topic("sensor_3") == "factory/hall-2/sensor_3"
    assert ex.factory_topic("sensor_4") == "factory/hall-1/sensor_4"


def test_unanswered() -> None:
    assert said_in_both(ex.check_bridge_forward(TODO, TOPIC), "ex.not_answered")


@pytest.mark.live
def test_worked_solution_passes(broker: None) -> None:
    result = ex.check_bridge_forward(solution, TOPIC)
    assert result and said_in_both(result, "ex.bridge.right", count=ex.COUNT, topic=TOPIC), result.why


@pytest.mark.live
def test_puback_before_kafka(broker: None) -> None:
    def early(kafka: Any, client: Any, message: Any) -> None:
        client.ack(message.mid, message.qos)
        kafka.send(TOPIC, key=message.topic.rsplit("/", 1)[-1].encode(), value=message.payload)

    result = ex.check_bridge_forward(early, TOPIC)
    assert not result and said_in_both(result, "ex.bridge.early", reading="ex-0"), result.why


@pytest.mark.live
def test_no_puback(broker: None) -> None:
    def silent(kafka: Any, client: Any, message: Any) -> None:
        kafka.send(TOPIC, key=message.topic.rsplit("/", 1)[-1].encode(), value=message.payload)

    result = ex.check_bridge_forward(silent, TOPIC)
    assert not result and said_in_both(result, "ex.bridge.no_puback"), result.why


@pytest.mark.live
def test_wrong_key(broker: None) -> None:
    def hall_key(kafka: Any, client: Any, message: Any) -> None:
        hall = message.topic.split("/")[1]      # the hall, not the sensor
        kafka.send(TOPIC, key=hall.encode(), value=message.payload).add_callback(
            lambda meta: client.ack(message.mid, message.qos))

    result = ex.check_bridge_forward(hall_key, TOPIC)
    assert not result
    expected = [{"key": ex.factory_topic(f"sensor_{n}").split("/")[1], "sensor": f"sensor_{n}",
                 "mqtt_topic": ex.factory_topic(f"sensor_{n}")} for n in range(1, 5)]
    assert any(said_in_both(result, "ex.bridge.key", **values) for values in expected), result.why


@pytest.mark.live
def test_raises(broker: None) -> None:
    def broken(kafka: Any, client: Any, message: Any) -> None:
        json.loads(message.topic)

    result = ex.check_bridge_forward(broken, TOPIC)
    error = "JSONDecodeError: Expecting value: line 1 column 1 (char 0)"
    assert not result and said_in_both(result, "ex.bridge.raised", error=error), result.why
