"""Exercise checks of notebooks 05, 05b and 06: right answers pass, wrong ones fail with the reason."""
from __future__ import annotations

import pytest

from workshop import store
from workshop.config import settings
from workshop.exercises import TODO
from workshop.exercises import streaming as ex
from workshop.messages import Phrase
from helpers import said_in_both


def test_replay_options_right_and_wrong(capsys: pytest.CaptureFixture) -> None:
    s = settings()
    right = {"kafka.bootstrap.servers": s.bootstrap_servers, "subscribe": s.topic, "startingOffsets": "earliest"}
    passed = ex.check_replay_options(right)
    assert passed and said_in_both(passed, "ex.options.right")
    unanswered = ex.check_replay_options(TODO)
    assert not unanswered and said_in_both(unanswered, "ex.not_answered")
    assert "TODO" in capsys.readouterr().out
    latest = ex.check_replay_options({**right, "startingOffsets": "latest"})
    assert not latest and "'latest' starts at the end" in latest.why and said_in_both(latest, "ex.options.latest")
    servers = ex.check_replay_options({**right, "kafka.bootstrap.servers": "localhost:9092"})
    assert "localhost:9092" in servers.why and said_in_both(servers, "ex.options.servers", given="localhost:9092") \
        or s.bootstrap_servers == "localhost:9092"
    other = ex.check_replay_options({**right, "subscribe": "other"})
    assert not other and said_in_both(other, "ex.options.subscribe", topic=s.topic, given="other")
    missing = ex.check_replay_options({"kafka.bootstrap.servers": s.bootstrap_servers, "startingOffsets": "earliest"})
    assert "missing option(s) subscribe" in missing.why and said_in_both(missing, "ex.options.missing", missing="subscribe")
    listed = ex.check_replay_options(["earliest"])
    assert not listed and said_in_both(listed, "ex.options.shape", kind="list")


def test_watermark_verdict_is_window_end_against_watermark() -> None:
    verdict = ex.watermark_verdict(ex.LATE_READINGS)
    assert verdict == {"A": False, "B": False, "C": True, "D": True, "E": False}


def test_dropped_readings_right_and_wrong() -> None:
    watermark = ex.LATEST_EVENT - ex.WATERMARK_DELAY
    for answer in ({"C", "D"}, ["D", "C"]):
        right = ex.check_dropped_readings(answer)
        assert right and said_in_both(right, "ex.dropped.right", latest=ex.LATEST_EVENT, watermark=watermark)
    missed = ex.check_dropped_readings({"D"})
    assert not missed and missed.why.startswith("C (10:05:50)") and "dropped" in missed.why
    dropped = Phrase("ex.dropped.is_dropped", {"window": "10:05–10:06", "watermark": watermark})
    assert said_in_both(missed, "ex.dropped.wrong", label="C", event=ex.LATE_READINGS["C"], why=dropped)
    too_many = ex.check_dropped_readings({"B", "C", "D"})
    assert not too_many and "B (10:06:10)" in too_many.why and "still updates" in too_many.why
    kept = Phrase("ex.dropped.kept", {"window": "10:06–10:07", "watermark": watermark})
    assert said_in_both(too_many, "ex.dropped.wrong", label="B", event=ex.LATE_READINGS["B"], why=kept)
    unknown, word = ex.check_dropped_readings({"Z"}), ex.check_dropped_readings("CD")
    assert not unknown and said_in_both(unknown, "ex.dropped.unknown", unknown="Z", labels="A, B, C, D, E")
    assert not word and said_in_both(word, "ex.dropped.shape", kind="str")
    unanswered = ex.check_dropped_readings(TODO)
    assert not unanswered and said_in_both(unanswered, "ex.not_answered")


def test_realtime_writer_right_and_wrong() -> None:
    right = ex.check_realtime_writer("update", {"realTime": "5 seconds"})
    assert right and said_in_both(right, "ex.realtime.right")
    for mode, trigger in ((TODO, {"realTime": "5 seconds"}), ("update", TODO)):
        unanswered = ex.check_realtime_writer(mode, trigger)
        assert not unanswered and said_in_both(unanswered, "ex.not_answered")
    append = ex.check_realtime_writer("append", {"realTime": "5 seconds"})
    assert not append and "only 'update'" in append.why and said_in_both(append, "ex.realtime.mode", mode="append")
    micro = ex.check_realtime_writer("update", {"processingTime": "5 seconds"})
    assert not micro and "not Real-time Mode" in micro.why and said_in_both(micro, "ex.realtime.other", name="processingTime")
    short = ex.check_realtime_writer("update", {"realTime": "1 second"})
    assert not short and "5-second minimum" in short.why and "minBatchDuration" in short.why
    assert said_in_both(short, "ex.realtime.short", value="1 second")
    shorter = ex.check_realtime_writer("update", {"realTime": "500 ms"})
    assert not shorter and said_in_both(shorter, "ex.realtime.short", value="500 ms")
    longer = ex.check_realtime_writer("update", {"realTime": "1 minute"})
    assert not longer and "every 60 s" in longer.why and said_in_both(longer, "ex.realtime.seconds", value="1 minute",
                                                                      seconds=60.0)
    number = ex.check_realtime_writer("update", {"realTime": 5})
    assert not number and said_in_both(number, "ex.realtime.duration", value=5)
    lowercase = ex.check_realtime_writer("update", {"realtime": "5 seconds"})
    assert not lowercase and said_in_both(lowercase, "ex.realtime.unknown", name="realtime")
    for trigger in ("realTime=5 seconds", {"realTime": "5 seconds", "processingTime": "1 second"}):
        shape = ex.check_realtime_writer("update", trigger)
        assert not shape and said_in_both(shape, "ex.realtime.shape")


@pytest.fixture
def stored(fresh: str) -> str:
    readings = [{"_id": f"{fresh}:0:{i}", "sensor_id": sensor, "temperature": temp, "timestamp": 1713763500 + i}
                for i, (sensor, temp) in enumerate([("sensor_1", 20.0), ("sensor_2", 21.5), ("sensor_2", 30.25),
                                                     ("sensor_1", 22.0), ("sensor_2", 25.0)])]
    store.collection(store.READINGS).insert_many(readings)
    return fresh


@pytest.mark.live
def test_hottest_right_and_wrong(stored: str) -> None:
    readings = store.collection(store.READINGS)
    hottest = ex.check_hottest(readings.find_one({"sensor_id": "sensor_2"}, sort=[("temperature", -1)]))
    assert hottest and said_in_both(hottest, "ex.hottest.right", sensor="sensor_2", top=30.25), hottest.why
    colder = ex.check_hottest(readings.find_one({"sensor_id": "sensor_2"}, sort=[("temperature", 1)]))
    assert not colder and "30.25" in colder.why
    assert said_in_both(colder, "ex.hottest.hotter", sensor="sensor_2", top=30.25, given=21.5), colder.why
    other = ex.check_hottest(readings.find_one({"sensor_id": "sensor_1"}))
    assert not other and "sensor_1" in other.why
    assert said_in_both(other, "ex.hottest.sensor", given="sensor_1", sensor="sensor_2"), other.why
    number, unanswered = ex.check_hottest(30.25), ex.check_hottest(TODO)
    assert not number and said_in_both(number, "ex.hottest.shape", kind="float")
    assert not unanswered and said_in_both(unanswered, "ex.not_answered")


@pytest.mark.live
def test_average_pipeline_right_and_wrong(stored: str) -> None:
    group = {"$group": {"_id": "$sensor_id", "avg": {"$avg": "$temperature"}}}
    right = ex.check_average_pipeline([group, {"$sort": {"_id": 1}}])
    assert right and said_in_both(right, "ex.pipeline.right"), right.why
    unsorted = ex.check_average_pipeline([group, {"$sort": {"_id": -1}}])
    assert not unsorted and "$sort" in unsorted.why and said_in_both(unsorted, "ex.pipeline.sort"), unsorted.why
    wrong = ex.check_average_pipeline([{"$group": {"_id": "$sensor_id", "m": {"$max": "$temperature"}}},
                                       {"$sort": {"_id": 1}}])
    assert not wrong and "$avg" in wrong.why
    assert said_in_both(wrong, "ex.pipeline.mean", sensor="sensor_1", mean=21.0), wrong.why   # sensor_1: 20.0 and 22.0
    by_nothing = ex.check_average_pipeline([{"$group": {"_id": None, "avg": {"$avg": "$temperature"}}}])
    assert not by_nothing and "group by '$sensor_id'" in by_nothing.why
    assert said_in_both(by_nothing, "ex.pipeline.ids", sensors="sensor_1, sensor_2", ids=[None]), by_nothing.why
    stage, unanswered = ex.check_average_pipeline({"$group": {}}), ex.check_average_pipeline(TODO)
    assert not stage and said_in_both(stage, "ex.pipeline.shape")
    assert not unanswered and said_in_both(unanswered, "ex.not_answered")
