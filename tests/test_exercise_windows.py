"""Notebook 05b's windowed-aggregation exercise: the model of append mode, the worked answer and each typical mistake."""
from __future__ import annotations

from typing import Any

import pytest

from workshop.exercises import TODO
from workshop.exercises import windows as ex
from helpers import said_in_both


def solution(valid: Any, window: str = "30 seconds", delay: str | None = "1 minute", top: str = "max") -> Any:
    """The worked answer of notebook 05b, or it with one mistake (another window, another delay, no watermark)."""
    from pyspark.sql import functions as F

    source = valid.withWatermark("event_time", delay) if delay else valid
    return (source.groupBy(F.window("event_time", window), "sensor_id")
            .agg(F.count("*").alias("readings"), getattr(F, top)("temperature").alias("max_temperature")))


def test_append_mode_emits_the_closed_windows_once() -> None:
    outcome = ex.append_outcome()
    assert len(outcome.windows) == 13 and outcome.still_open == 2
    assert outcome.windows[("sensor_1", 30)] == (4, 35.5), "the reading 45 s late is counted"
    assert outcome.windows[("sensor_2", 90)] == (1, 30.5), "a late reading whose window is still open is counted"
    assert [(r.sensor, r.second) for r in outcome.dropped] == [("sensor_1", 50), ("sensor_2", 110)]


def test_the_windows_do_not_depend_on_which_batches_spark_runs() -> None:
    assert ex.append_outcome(lag=True) == ex.append_outcome(), "late rows judged by the previous batch's watermark"
    hurried = tuple(p for p in ex.PHASES if p not in (ex.PHASES[3], ex.PHASES[6]))   # no calm phase after a push
    assert ex.append_outcome(hurried, lag=True) != ex.append_outcome(hurried), "the calm phases are what makes it so"


def test_a_longer_watermark_keeps_more_windows_open_and_drops_nothing() -> None:
    outcome = ex.append_outcome(delay=120)
    assert outcome.dropped == [] and len(outcome.windows) == 8 and ("sensor_1", 60) not in outcome.windows


def test_unanswered_and_not_a_function() -> None:
    assert said_in_both(ex.check_windows(TODO), "ex.not_answered")
    assert said_in_both(ex.check_windows("valid.groupBy(...)"), "ex.windows.shape", kind="str")


@pytest.mark.live
def test_worked_solution_passes(spark: Any) -> None:
    result = ex.check_windows(solution)
    assert result, result.why
    assert said_in_both(result, "ex.windows.right", windows=13, dropped=2, late="sensor_1 05:25:50, sensor_2 05:26:50",
                        still_open=2)


@pytest.mark.live
def test_missing_column_and_not_a_frame(spark: Any) -> None:
    from pyspark.sql import functions as F

    result = ex.check_windows(lambda valid: valid.withWatermark("event_time", "1 minute")
                              .groupBy(F.window("event_time", "30 seconds"), "sensor_id").count())
    assert said_in_both(result, "ex.windows.columns", missing="readings, max_temperature",
                        have="window, sensor_id, count")
    assert said_in_both(ex.check_windows(lambda valid: None), "ex.windows.not_frame", kind="NoneType")
    assert said_in_both(ex.check_windows(lambda valid: TODO), "ex.not_answered"), "the cell as it starts"


@pytest.mark.live
def test_without_a_watermark_append_mode_is_refused(spark: Any) -> None:
    result = ex.check_windows(lambda valid: solution(valid, delay=None))
    assert said_in_both(result, "ex.windows.no_watermark", error=result.verdict.values["error"])
    assert "watermark" in str(result.verdict.values["error"]).lower()


@pytest.mark.live
def test_a_two_minute_watermark_is_named(spark: Any) -> None:
    result = ex.check_windows(lambda valid: solution(valid, delay="2 minutes"))
    assert said_in_both(result, "ex.windows.delay", watermark="05:26:20", behind=120, newest="05:28:20")


@pytest.mark.live
def test_one_minute_windows_are_named(spark: Any) -> None:
    assert said_in_both(ex.check_windows(lambda valid: solution(valid, window="1 minute")), "ex.windows.length",
                        length=60)
