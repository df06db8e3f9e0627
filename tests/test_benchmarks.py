"""The benchmarks' pure parts: percentiles, the keeps-up rule, the results document and its tables, report parsing."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from benchmarks import stats
from benchmarks.loadgen import payloads
from benchmarks.notebooks import per_notebook
from benchmarks.producer import PERF_LINE, record_size

LATEST = Path(__file__).resolve().parent.parent / "benchmarks" / "results" / "latest.json"


def test_percentiles_interpolate_between_ranks() -> None:
    values = [4.0, 1.0, 3.0, 2.0, 5.0]
    assert stats.percentile(values, 0) == 1.0
    assert stats.percentile(values, 50) == stats.median(values) == 3.0
    assert stats.percentile(values, 100) == 5.0
    assert stats.percentile([1.0, 2.0], 95) == pytest.approx(1.95)
    assert math.isnan(stats.percentile([], 50))
    with pytest.raises(ValueError):
        stats.percentile(values, 101)


def test_summary_of_a_sample() -> None:
    summary = stats.summary([0.5, 1.5, 1.0])
    assert summary["n"] == 3 and summary["min"] == 0.5 and summary["max"] == 1.5
    assert summary["p50"] == 1.0 and summary["mean"] == pytest.approx(1.0)


def test_slope_and_keeps_up() -> None:
    assert stats.slope([(0, 1), (1, 3), (2, 5)]) == pytest.approx(2.0)
    assert stats.slope([(1, 5)]) == 0.0
    flat = [(t, 1_000.0) for t in range(60)]
    growing = [(t, 500.0 * t) for t in range(60)]
    assert stats.keeps_up(flat, rate=5_000)
    assert not stats.keeps_up(growing, rate=5_000), "a backlog growing 500/s at 5,000/s falls behind"
    assert not stats.keeps_up([(0, 0.0), (59, 30_000.0)], rate=5_000), "ends more than 5 s of input behind"
    assert stats.keeps_up([(t, 12_000.0 + (t % 2) * 4_000) for t in range(60)], rate=5_000), "batches in flight"
    assert not stats.keeps_up([], rate=5_000)


def test_rises_judges_the_second_half() -> None:
    assert not stats.rises([(t, 500.0) for t in range(0, 600, 5)]), "flat"
    assert not stats.rises([(t, 300.0 + min(t, 200)) for t in range(0, 600, 5)]), "grew while warming up, then flat"
    assert stats.rises([(t, 500.0 + t / 5) for t in range(0, 600, 5)]), "grows 60 MiB over the second half's ~560"
    assert not stats.rises([(t, 500.0 + t / 100) for t in range(0, 600, 5)]), "3 MiB over the second half: noise"
    assert not stats.rises([(0, 1.0)]) and not stats.rises([])
    assert stats.second_half([(0, 1.0), (5, 2.0), (10, 3.0)]) == [(5, 2.0), (10, 3.0)]


def test_metric_met_against_its_target() -> None:
    assert stats.Metric("up", 3.0, "s", 5.0, "max").met is True
    assert stats.Metric("rate", 9_000.0, "readings/s", 10_000, "min").met is False
    assert stats.Metric("info", 1.0, "s").met is None
    assert stats.Metric("skipped", None, "s", 5.0, "max").met is None
    with pytest.raises(ValueError):
        stats.Metric("half a target", 1.0, "s", 5.0)


def _doc() -> dict:
    metrics = [stats.Metric("up", 3.2, "s", 5.0, "max", details={"runs_s": [3.1, 3.2]}),
               stats.Metric("ratio", 0.25, "×", 0.5, "min"), stats.Metric("spark", None, "s", note="skipped")]
    return stats.document(metrics, {"cores": 2}, "quick", "2024-01-01T00:00:00+00:00", 12.34)


def test_results_document_is_valid_json_with_its_schema() -> None:
    doc = json.loads(json.dumps(_doc()))
    assert stats.validate(doc) == []
    assert [m["met"] for m in doc["metrics"]] == [True, False, None]
    broken = json.loads(json.dumps(doc))
    broken["metrics"].append(dict(broken["metrics"][0]))
    del broken["metrics"][1]["unit"]
    problems = stats.validate(broken)
    assert any("'unit'" in p for p in problems) and any("appears twice" in p for p in problems)
    assert stats.validate({"schema": 1}) != []


def test_committed_latest_results_follow_the_schema() -> None:
    if not LATEST.exists():
        pytest.skip("no benchmarks/results/latest.json yet")
    assert stats.validate(json.loads(LATEST.read_text())) == []


def test_tables_show_value_target_and_verdict() -> None:
    text = stats.text_table(_doc()["metrics"])
    lines = text.splitlines()
    assert lines[0].split() == ["name", "value", "unit", "target", "met?"]
    assert "≤ 5" in lines[2] and lines[2].rstrip().endswith("yes")
    assert lines[3].rstrip().endswith("NO") and "≥ 0.500" in lines[3]
    assert "—" in lines[4]
    markdown = stats.markdown_table(_doc()["metrics"])
    assert markdown.splitlines()[2] == "| up | 3.20 | s | ≤ 5 | yes |"


def test_nbval_junit_report_is_summed_per_notebook() -> None:
    xml = """<testsuites><testsuite name="pytest">
      <testcase classname="notebooks.01_topics.ipynb" name="Cell 0" time="1.5"/>
      <testcase classname="notebooks.01_topics.ipynb" name="Cell 1" time="2.0"><failure message="x"/></testcase>
      <testcase classname="notebooks.02_producer.ipynb" name="Cell 0" time="0.25"/>
      <testcase classname="tests.test_other" name="test_x" time="9"/>
    </testsuite></testsuites>"""
    assert per_notebook(xml) == {"01_topics.ipynb": {"seconds": 3.5, "cells": 2, "failed": 1},
                                 "02_producer.ipynb": {"seconds": 0.25, "cells": 1, "failed": 0}}


def test_producer_perf_line_and_record_size() -> None:
    line = "200000 records sent, 84495.1 records/sec (5.66 MB/sec), 12.34 ms avg latency, 250.00 ms max latency."
    match = PERF_LINE.search(line)
    assert match and float(match.group(2)) == 84495.1
    key, value = payloads(1)[0]
    assert key == b"sensor_1" and len(value) == record_size()
    assert set(json.loads(value)) == {"sensor_id", "temperature", "timestamp"}
