"""workshop.unclean: numbered ranges, the comparison table and the tally of refusals (notebook 09); live in test_cluster."""
from __future__ import annotations

from workshop import unclean


def test_span_names_consecutive_runs() -> None:
    assert unclean.span([]) == "none"
    assert unclean.span(range(100, 200)) == "100-199"
    assert unclean.span([5, 1, 2, 3, 9, 10]) == "1-3, 5, 9-10"


def test_table_aligns_labels_left_and_counts_right() -> None:
    text = unclean.table(["", "acks=1", "acks=all"], [("acknowledged", 100, 0), ("lost", 100, 0)])
    assert text.splitlines() == [
        "              acks=1  acks=all",
        "------------  ------  --------",
        "acknowledged     100         0",
        "lost             100         0",
    ]


def test_delivery_counts_refusals_by_error() -> None:
    delivery = unclean.Delivery(acked={0: 0}, refused={1: "NotEnoughReplicasError", 2: "NotEnoughReplicasError",
                                                       3: "KafkaTimeoutError"})
    assert delivery.errors() == {"NotEnoughReplicasError": 2, "KafkaTimeoutError": 1}
