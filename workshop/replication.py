"""Replication on the three-broker cluster: a continuous producer, reading a topic back, the cluster drawn (notebook 09)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from . import fonts, topics
from .config import language
from .errors import WaitTimeout
from .messages import say
from .waiting import wait_until

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass
class Tally:
    """What a continuous producer did: sequence numbers sent, acknowledged, and the errors of those that failed."""

    sent: int = 0
    acked: list[int] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


class ContinuousSender:
    """Send records numbered 0, 1, 2, ... (value = the number) from a background thread until stopped (notebook 09).

    The loop a learner writes in notebook 09's exercise (send, add_callback, add_errback), kept here on a thread.
    """

    def __init__(self, producer: Any, topic: str, keys: int = 8, pause: float = 0.004) -> None:
        self.producer, self.topic, self.keys, self.pause = producer, topic, keys, pause
        self.tally = Tally()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"sender-{topic}", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            n = self.tally.sent
            future = self.producer.send(self.topic, key=str(n % self.keys).encode(), value=str(n).encode())
            future.add_callback(lambda _meta, n=n: self._ack(n))
            future.add_errback(lambda exc: self._fail(repr(exc)))
            self.tally.sent += 1
            time.sleep(self.pause)

    def _ack(self, n: int) -> None:
        with self._lock:
            self.tally.acked.append(n)

    def _fail(self, error: str) -> None:
        with self._lock:
            self.tally.failed.append(error)

    def start(self) -> "ContinuousSender":
        """Begin sending in the background."""
        self._thread.start()
        return self

    def stop(self, timeout: float = 120.0) -> Tally:
        """Stop sending, wait until every record sent is acknowledged or failed, and return the tally."""
        self._stop.set()
        self._thread.join(timeout=30)
        self.producer.flush(timeout=timeout)
        unanswered = lambda: self.tally.sent - len(self.tally.acked) - len(self.tally.failed)
        try:
            wait_until(lambda: unanswered() <= 0, "every record sent to be answered", timeout, interval=0.1)
        except WaitTimeout:
            raise WaitTimeout(say("err.unanswered", count=unanswered(), timeout=timeout)) from None
        return self.tally


def read_values(bootstrap: str, topic: str, timeout: float = 60.0) -> list[int]:
    """Every record's value (a sequence number) in `topic`, read from the beginning of each partition to its end."""
    return [int(r.value) for r in topics.read_all(topic, timeout, bootstrap=bootstrap)]


def draw_cluster(states: Sequence[Any], alive: set[int], title: str, nodes: Sequence[int] = (1, 2, 3)) -> Figure:
    """The cluster from live metadata: one column per broker, one box per replica (leader, in sync, or out of sync)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    fonts.use(language())

    colors = {"leader": ("#2B2B2B", "white"), "follower": ("#E3EEFB", "#1b4f8a"), "out": ("#FCE4E4", "#C62828")}
    fig = Figure(figsize=(8.0, 1.6 + 0.75 * len(states)), dpi=100, layout="constrained")
    ax = fig.subplots()
    ax.set_xlim(0, 3 * len(nodes))
    ax.set_ylim(-0.2, len(states) + 0.9)
    ax.axis("off")
    for col, node in enumerate(nodes):
        x = 3 * col
        down = node not in alive
        ax.add_patch(FancyBboxPatch((x + 0.15, -0.1), 2.7, len(states) + 0.85, boxstyle="round,pad=0.02",
                                    fc="#f4f4f4" if down else "white", ec="#8a8a8a", ls="--" if down else "-", lw=1.5))
        ax.text(x + 1.5, len(states) + 0.45, say("cluster.broker_down" if down else "cluster.broker", node=node), ha="center",
                va="center", fontsize=14, weight="bold", color="#C62828" if down else "#222222")
        for row, p in enumerate(states):
            if node not in p.replicas:
                continue
            y = len(states) - 1 - row
            kind = "leader" if node == p.leader else ("follower" if node in p.isr else "out")
            fc, tc = colors[kind]
            text = say(f"cluster.{kind}")
            ax.add_patch(FancyBboxPatch((x + 0.35, y + 0.05), 2.3, 0.6, boxstyle="round,pad=0.02", fc=fc,
                                        ec=colors["out"][1] if kind == "out" else "#2B2B2B",
                                        ls="--" if kind == "out" else "-", lw=1.3))
            ax.text(x + 1.5, y + 0.35, f"P{p.partition} {text}", ha="center", va="center", fontsize=14, color=tc)
    fig.suptitle(title, fontsize=14)
    return fig


def describe_lines(states: Sequence[Any]) -> list[str]:
    """One line per partition: leader, replicas (the first is the preferred leader) and ISR, as `kafka-topics` names them."""
    return [f"partition {p.partition}: leader {p.leader}, replicas {list(p.replicas)}, ISR {sorted(p.isr)}"
            for p in states]
