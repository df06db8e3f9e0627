"""The live partition-log pictures: offsets shown, the seed's text form, and figures drawn from the broker."""
from __future__ import annotations

import pytest

from workshop import logview, sensors, topics
from workshop.topics import PartitionInfo


def test_short_log_shows_every_offset() -> None:
    assert logview.shown_offsets(0, 5) == [0, 1, 2, 3, 4]


def test_long_log_keeps_start_end_and_marks() -> None:
    shown = logview.shown_offsets(0, 100, max_cells=12, marks=[50])
    assert shown == [0, 1, 2, None, 49, 50, 51, None, 97, 98, 99]


def test_seed_text_form() -> None:
    line = logview.log_line(PartitionInfo("sensor-stream", 0, 1, 0, 5))
    assert line == "Partition 0:  [0] [1] [2] [3] [4] → keeps being appended"


def test_deleted_offsets_are_marked() -> None:
    line = logview.log_line(PartitionInfo("t", 0, 1, 3, 5))
    assert line.startswith("Partition 0:  (0) (1) (2) [3] [4]") and line.endswith("(offsets 0..2 deleted)")


@pytest.mark.live
def test_live_log_and_group_picture(fresh: str, capsys) -> None:
    report = sensors.produce(8, topic=fresh)
    parts = logview.show_log(fresh)
    assert sum(p.latest for p in parts) == report.sent == 8
    assert f"Topic: {fresh}" in capsys.readouterr().out
    consumer = topics.consumer(group_id=f"workshop-{fresh}")
    consumer.subscribe([fresh])
    assert sum(1 for _ in consumer) == 8
    consumer.commit()
    consumer.close()
    fig = logview.draw_log(fresh, group=f"workshop-{fresh}")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("lag 0") == 0 and sum("lag 0" in t for t in texts) == 2
    topics.delete_groups([f"workshop-{fresh}"])
