"""Widgets of notebooks 04 and 06 driven through their own callbacks against the real broker and MongoDB."""
from __future__ import annotations

import time

import pytest

from workshop import plots, readings, topics, widgets


@pytest.mark.live
def test_panel_buttons_produce_count_and_inject(fresh: str) -> None:
    panel = widgets.ProducerPanel(sensors=4, rate=200, seed=1, limit=60)
    panel.start_button.click()
    assert panel.running and panel.stop_button.disabled is False
    report = panel.wait()
    assert report is not None and report.sent == 60 and panel.total == 60
    assert topics.end_offsets(fresh) == panel.counts
    panel.malformed_button.click()
    panel.anomaly_button.click()
    assert [kind for kind, _, _ in panel.injected] == ["malformed", "anomaly"]
    assert topics.total_records(fresh) == 62 and panel.total == 62
    assert "62 records acknowledged" in panel.counter.value
    _, partition, offset = panel.injected[0]
    consumer = topics.consumer()
    from kafka import TopicPartition
    tp = TopicPartition(fresh, partition)
    consumer.assign([tp])
    consumer.seek(tp, offset)
    malformed, anomaly = next(consumer), next(consumer)
    consumer.close()
    assert malformed.value == widgets.MALFORMED
    with pytest.raises(readings.InvalidReading):
        readings.parse_reading(malformed.value)
    assert readings.parse_reading(anomaly.value)["temperature"] == 20.0 + widgets.ANOMALY_JUMP


@pytest.mark.live
def test_sliders_change_a_running_producer(fresh: str) -> None:
    panel = widgets.ProducerPanel(sensors=2, rate=20, seed=1)
    panel.start_button.click()
    try:
        panel.rate.value = 150
        panel.sensors.value = 5
        assert panel.producer is not None and panel.producer.rate == 150 and panel.producer.simulator.sensors == 5
        panel.malformed_button.click()          # while running: queued into the producer thread
    finally:
        panel.stop_button.click()
    assert not panel.running and panel.start_button.disabled is False
    assert topics.total_records(fresh) == panel.total > 0


def test_live_plot_redraws_until_its_limit_then_stops() -> None:
    fig = plots.draw([])
    live = widgets.LivePlot(lambda: fig, every=0.01, limit=3).start()
    deadline = time.monotonic() + 30
    while live.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert live.redraws == 3 and bytes(live.image.value).startswith(b"\x89PNG") and not live.errors
    live.stop_button.click()
    assert not live.running and "3 redraws" in live.label.value


def test_live_plot_reports_a_failing_redraw() -> None:
    def broken():
        raise RuntimeError("no data")
    live = widgets.LivePlot(broken, every=0.01, limit=None).start()
    deadline = time.monotonic() + 30
    while not live.errors and time.monotonic() < deadline:
        time.sleep(0.01)
    live.stop()
    assert live.errors[0] == "RuntimeError: no data" and not live.running
