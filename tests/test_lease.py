"""The lease: a bump stops every watcher's charge, and `wait_released` returns once they have stopped."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workshop import config, lease


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Settings:
    monkeypatch.setenv("WORKSHOP_HOME", str(tmp_path / "home"))
    return config.settings()


def test_wait_released_returns_once_every_watcher_has_stopped_its_charge(home: config.Settings) -> None:
    release = threading.Event()
    stopped: list[str] = []

    def slow_stop() -> None:
        release.wait(10)
        stopped.append("query")

    lease.watch(slow_stop, lambda: True, "query", home, interval=0.05)
    assert lease.holding(home) == [], "nothing is held under the current lease"
    lease.bump(home)
    assert lease.wait_released(home, timeout=0.5) == ["query"], "a charge still stopping is named"
    release.set()
    assert lease.wait_released(home, timeout=10) == []
    assert stopped == ["query"]


def test_a_watcher_of_a_dead_process_holds_nothing(home: config.Settings) -> None:
    folder = lease.path(home).with_name("lease.d")
    folder.mkdir(parents=True)
    (folder / "999999999-abcd1234-gone").write_text("0")
    lease.bump(home)
    assert lease.holding(home) == [] and lease.wait_released(home, timeout=1) == []
