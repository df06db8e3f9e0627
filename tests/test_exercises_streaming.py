"""Exercise checks of notebooks 05 and 06: right answers pass, wrong ones fail with the reason."""
from __future__ import annotations

import pytest

from workshop import store
from workshop.config import settings
from workshop.exercises import TODO
from workshop.exercises import streaming as ex


def test_replay_options_right_and_wrong(capsys: pytest.CaptureFixture) -> None:
    s = settings()
    right = {"kafka.bootstrap.servers": s.bootstrap_servers, "subscribe": s.topic, "startingOffsets": "earliest"}
    assert ex.check_replay_options(right)
    assert not ex.check_replay_options(TODO)
    assert "TODO" in capsys.readouterr().out
    latest = ex.check_replay_options({**right, "startingOffsets": "latest"})
    assert not latest and "'latest' starts at the end" in latest.why
    assert "localhost:9092" in ex.check_replay_options({**right, "kafka.bootstrap.servers": "localhost:9092"}).why \
        or s.bootstrap_servers == "localhost:9092"
    assert not ex.check_replay_options({**right, "subscribe": "other"})
    assert "missing option(s) subscribe" in ex.check_replay_options({"kafka.bootstrap.servers": s.bootstrap_servers,
                                                                      "startingOffsets": "earliest"}).why
    assert not ex.check_replay_options(["earliest"])


def test_watermark_verdict_is_window_end_against_watermark() -> None:
    verdict = ex.watermark_verdict(ex.LATE_READINGS)
    assert verdict == {"A": False, "B": False, "C": True, "D": True, "E": False}


def test_dropped_readings_right_and_wrong() -> None:
    assert ex.check_dropped_readings({"C", "D"})
    assert ex.check_dropped_readings(["D", "C"])
    missed = ex.check_dropped_readings({"D"})
    assert not missed and missed.why.startswith("C (10:05:50)") and "dropped" in missed.why
    too_many = ex.check_dropped_readings({"B", "C", "D"})
    assert not too_many and "B (10:06:10)" in too_many.why and "still updates" in too_many.why
    assert not ex.check_dropped_readings({"Z"}) and not ex.check_dropped_readings("CD")
    assert not ex.check_dropped_readings(TODO)


def test_realtime_writer_right_and_wrong() -> None:
    assert ex.check_realtime_writer("update", {"realTime": "5 seconds"})
    assert not ex.check_realtime_writer(TODO, {"realTime": "5 seconds"})
    assert not ex.check_realtime_writer("update", TODO)
    append = ex.check_realtime_writer("append", {"realTime": "5 seconds"})
    assert not append and "only 'update'" in append.why
    micro = ex.check_realtime_writer("update", {"processingTime": "5 seconds"})
    assert not micro and "not Real-time Mode" in micro.why
    short = ex.check_realtime_writer("update", {"realTime": "1 second"})
    assert not short and "5-second minimum" in short.why and "minBatchDuration" in short.why
    assert not ex.check_realtime_writer("update", {"realTime": "500 ms"})
    longer = ex.check_realtime_writer("update", {"realTime": "1 minute"})
    assert not longer and "every 60 s" in longer.why
    assert not ex.check_realtime_writer("update", {"realTime": 5})
    assert not ex.check_realtime_writer("update", {"realtime": "5 seconds"})
    assert not ex.check_realtime_writer("update", "realTime=5 seconds")
    assert not ex.check_realtime_writer("update", {"realTime": "5 seconds", "processingTime": "1 second"})


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
    assert ex.check_hottest(readings.find_one({"sensor_id": "sensor_2"}, sort=[("temperature", -1)]))
    colder = ex.check_hottest(readings.find_one({"sensor_id": "sensor_2"}, sort=[("temperature", 1)]))
    assert not colder and "30.25" in colder.why
    other = ex.check_hottest(readings.find_one({"sensor_id": "sensor_1"}))
    assert not other and "sensor_1" in other.why
    assert not ex.check_hottest(30.25) and not ex.check_hottest(TODO)


@pytest.mark.live
def test_average_pipeline_right_and_wrong(stored: str) -> None:
    group = {"$group": {"_id": "$sensor_id", "avg": {"$avg": "$temperature"}}}
    assert ex.check_average_pipeline([group, {"$sort": {"_id": 1}}])
    unsorted = ex.check_average_pipeline([group, {"$sort": {"_id": -1}}])
    assert not unsorted and "$sort" in unsorted.why
    wrong = ex.check_average_pipeline([{"$group": {"_id": "$sensor_id", "m": {"$max": "$temperature"}}},
                                       {"$sort": {"_id": 1}}])
    assert not wrong and "$avg" in wrong.why
    by_nothing = ex.check_average_pipeline([{"$group": {"_id": None, "avg": {"$avg": "$temperature"}}}])
    assert not by_nothing and "group by '$sensor_id'" in by_nothing.why
    assert not ex.check_average_pipeline({"$group": {}}) and not ex.check_average_pipeline(TODO)
