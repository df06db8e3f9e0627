"""ipywidgets controls and live views: the sensor producer panel (notebook 04) and a live plot (notebook 06)."""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

from . import plots, readings
from . import sensors as sensor_model
from .config import settings
from .errors import WaitTimeout
from .messages import say
from .waiting import wait_until

MALFORMED = b'{"sensor_id":"sensor_1","temperature":24.5'
"""The seed's example reading cut short: not valid JSON, so the pipeline quarantines it."""
ANOMALY_JUMP = 20.0
"""°C added to a sensor's current level for an injected anomaly (still a physically possible reading)."""


class ProducerPanel:
    """Sliders and buttons around a BackgroundProducer, with a live count of records per partition (notebook 04)."""

    def __init__(self, sensors: int = 4, rate: float = 20.0, seed: int = 42, limit: int | None = None,
                 topic: str | None = None) -> None:
        import ipywidgets as w

        self.seed, self.limit, self.topic = seed, limit, topic or settings().topic
        self.producer: sensor_model.BackgroundProducer | None = None
        self.counts: dict[int, int] = {}
        self.last_offsets: dict[int, int] = {}
        self.injected: list[tuple[str, int, int]] = []
        self._lock = threading.Lock()
        self._shown = 0.0
        self.sensors = w.IntSlider(value=sensors, min=1, max=12, description=say("widget.sensors"))
        self.rate = w.IntSlider(value=round(rate), min=1, max=200, description=say("widget.rate"))
        self.start_button = w.Button(description=say("widget.start"), button_style="success", icon="play")
        self.stop_button = w.Button(description=say("widget.stop"), button_style="warning", icon="stop", disabled=True)
        self.malformed_button = w.Button(description=say("widget.malformed"), icon="bug")
        self.anomaly_button = w.Button(description=say("widget.anomaly"), icon="fire")
        self.counter = w.HTML()
        self.sensors.observe(lambda change: self.set_sensors(change["new"]), names="value")
        self.rate.observe(lambda change: self.set_rate(change["new"]), names="value")
        self.start_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        self.malformed_button.on_click(lambda _: self.inject_malformed())
        self.anomaly_button.on_click(lambda _: self.inject_anomaly())
        self.widget = w.VBox([w.HBox([self.sensors, self.rate]),
                              w.HBox([self.start_button, self.stop_button, self.malformed_button, self.anomaly_button]),
                              self.counter])
        self.refresh()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    @property
    def running(self) -> bool:
        """Whether the background producer is sending."""
        return self.producer is not None and self.producer.running

    @property
    def total(self) -> int:
        """Records acknowledged by Kafka since the panel was made."""
        return sum(self.counts.values())

    def start(self) -> None:
        """Start a background producer with the sliders' settings (the Start button)."""
        if self.running:
            return
        self.stop()
        self.producer = sensor_model.BackgroundProducer(
            rate=self.rate.value, sensors=self.sensors.value, seed=self.seed, limit=self.limit, topic=self.topic,
            on_send=self._on_send).start()
        self.start_button.disabled, self.stop_button.disabled = True, False

    def stop(self) -> sensor_model.SendReport | None:
        """Stop the producer and wait for its acknowledgements (the Stop button); return its report."""
        report = None
        if self.producer is not None:
            report = self.producer.stop()
            self.producer = None
        self.start_button.disabled, self.stop_button.disabled = False, True
        self.refresh()
        return report

    def wait(self, timeout: float = 120.0) -> sensor_model.SendReport | None:
        """Block until a producer started with `limit` has sent everything, then stop it."""
        try:
            wait_until(lambda: not self.running, "the producer to send everything", timeout, interval=0.05)
        except WaitTimeout:
            raise WaitTimeout(say("widget.still_running", timeout=timeout)) from None
        return self.stop()

    def set_rate(self, rate: float) -> None:
        """Change the sending rate, live if running (the rate slider)."""
        if self.producer is not None:
            self.producer.rate = float(rate)

    def set_sensors(self, count: int) -> None:
        """Change the number of sensors, live if running (the sensors slider)."""
        if self.producer is not None:
            self.producer.set_sensors(int(count))

    def inject_malformed(self, value: bytes = MALFORMED, key: bytes = b"sensor_1") -> None:
        """Send one record that is not a valid reading (the Inject malformed button)."""
        self._inject(key, value, "malformed")

    def inject_anomaly(self, sensor_id: str = "sensor_1", jump: float = ANOMALY_JUMP) -> None:
        """Send one valid reading far above the sensor's level (the Inject anomaly button)."""
        level = self.producer.simulator.level(sensor_id) if self.producer is not None else None
        if level is None:
            level = 20.0
        reading = {"sensor_id": sensor_id, "temperature": round(level + jump, 2), "timestamp": int(time.time())}
        self._inject(sensor_id.encode(), readings.encode(reading), "anomaly")

    def _inject(self, key: bytes, value: bytes, kind: str) -> None:
        if self.running:
            assert self.producer is not None
            self.producer.inject(value, key)
            self.injected.append((kind, -1, -1))
            return
        prod = sensor_model.producer()
        try:
            meta = prod.send(self.topic, key=key, value=value).get(timeout=30)
        finally:
            prod.close()
        self.injected.append((kind, meta.partition, meta.offset))
        self._on_send(meta.partition, meta.offset)
        self.refresh()

    def _on_send(self, partition: int, offset: int) -> None:
        with self._lock:
            self.counts[partition] = self.counts.get(partition, 0) + 1
            self.last_offsets[partition] = max(offset, self.last_offsets.get(partition, -1))
        if time.monotonic() - self._shown > 0.25:
            self.refresh()

    def refresh(self) -> None:
        """Redraw the per-partition counter."""
        self._shown = time.monotonic()
        with self._lock:
            rows = "".join(f"<tr><td>{p}</td><td>{self.counts[p]}</td><td>{self.last_offsets[p]}</td></tr>"
                           for p in sorted(self.counts))
        state = "running" if self.running else "stopped"
        self.counter.value = (f"<b>{self.topic}</b> — producer {state}, {self.total} records acknowledged"
                              f"<table><tr><th>partition</th><th>records</th><th>last offset</th></tr>{rows}</table>")



class LivePlot:
    """A figure redrawn every `every` seconds by a background thread, until stopped or `limit` redraws (notebook 06)."""

    def __init__(self, figure: Callable[[], Any], every: float = 2.0, limit: int | None = None) -> None:
        import ipywidgets as w

        self.figure, self.every, self.limit = figure, every, limit
        self.redraws = 0
        self.errors: list[str] = []
        self.image = w.Image(format="png")
        self.label = w.Label("not started")
        self.stop_button = w.Button(description=say("widget.stop_refreshing"), icon="stop")
        self.stop_button.on_click(lambda _: self.stop())
        self.widget = w.VBox([self.image, w.HBox([self.stop_button, self.label])])
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    @property
    def running(self) -> bool:
        """Whether the refresh thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def refresh(self) -> None:
        """Draw the figure once into the image."""
        fig = self.figure()
        self.image.value = plots.png(fig)
        self.redraws += 1
        self.label.value = f"redrawn {self.redraws} times, every {self.every:g} s"

    def _run(self) -> None:
        while not self._stop.is_set() and (self.limit is None or self.redraws < self.limit):
            try:
                self.refresh()
            except Exception as exc:  # shown in the widget, the thread keeps going
                self.errors.append(f"{type(exc).__name__}: {exc}")
                self.label.value = f"redraw failed: {self.errors[-1]}"
            self._stop.wait(self.every)

    def start(self) -> "LivePlot":
        """Start redrawing in the background."""
        if not self.running:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="live-plot", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> int:
        """Stop redrawing; return how many redraws were made."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.label.value = f"stopped after {self.redraws} redraws"
        return self.redraws
