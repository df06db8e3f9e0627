"""Nothing outlives `reset`/`down`, nothing listens beyond 127.0.0.1, and JupyterLab keeps its token."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from workshop import config, lease, stack, store
from workshop.config import PROJECT_ROOT
from helpers import free_port, listening, on_loopback, wait_for

NOTEBOOK_LEFTOVERS = """
import sys, time
from workshop import sensors, streaming
producer = sensors.BackgroundProducer(rate=20).start()
query = streaming.start_pipeline(name=sys.argv[1], trigger={"processingTime": "500 milliseconds"})
print("running", flush=True)
deadline = time.monotonic() + 180
while (producer.running or query.isActive) and time.monotonic() < deadline:
    time.sleep(0.2)
print(f"producer running={producer.running} query active={query.isActive} sent={producer.report.sent}", flush=True)
"""


def test_down_ends_the_lease(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSHOP_HOME", str(tmp_path / "home"))
    s = config.settings()
    assert lease.generation(s) == 0
    stack.down(s)
    assert lease.generation(s) == 1
    stopped: list[str] = []
    lease.watch(lambda: stopped.append("stopped"), lambda: True, "test", s, interval=0.05)
    lease.bump(s)
    wait_for(lambda: stopped == ["stopped"], "the watcher to stop its charge", 10)


@pytest.mark.live
def test_reset_in_another_process_stops_a_notebooks_producer_and_query(fresh: str, tmp_path: Path) -> None:
    log = tmp_path / "notebook.log"
    env = dict(os.environ)
    with log.open("wb") as out:
        notebook = subprocess.Popen([sys.executable, "-c", NOTEBOOK_LEFTOVERS, fresh], cwd=PROJECT_ROOT, env=env,
                                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: "running" in log.read_text() or notebook.poll() is not None, "the notebook's query to start")
        wait_for(lambda: store.collection().count_documents({}) > 0, "the query to store readings")
        reset = subprocess.run([sys.executable, "-m", "workshop", "reset", "--yes"], cwd=PROJECT_ROOT, env=env,
                               capture_output=True, text=True, timeout=120)
        assert reset.returncode == 0, reset.stderr
        assert "ended the lease" in reset.stdout
        notebook.wait(timeout=60)
    finally:
        if notebook.poll() is None:
            os.killpg(notebook.pid, signal.SIGKILL)
            notebook.wait()
    last = log.read_text().strip().splitlines()[-1]
    assert re.fullmatch(r"producer running=False query active=False sent=\d+", last), log.read_text()[-2000:]


@pytest.mark.live
def test_spark_driver_and_ui_listen_on_loopback_only(spark) -> None:
    jvm_pid = spark.sparkContext._gateway.proc.pid
    ours = listening({jvm_pid})
    ui_port = spark.sparkContext.uiWebUrl.rsplit(":", 1)[1]
    assert any(local.endswith(f":{ui_port}") for local in ours), ours
    assert len(ours) >= 2, ours  # the UI and the driver's RPC endpoint at least
    for local in ours:
        assert on_loopback(local), local


@pytest.mark.live
def test_jupyterlab_keeps_token_authentication(live: config.Settings, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "lab.log"
    env = {**os.environ, "WORKSHOP_LAB_PORT": str(port),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    with log.open("wb") as out:
        lab = subprocess.Popen([sys.executable, "-m", "workshop", "lab", "--no-browser"], cwd=PROJECT_ROOT, env=env,
                               stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        pattern = rf"http://127\.0\.0\.1:{port}/lab/tree/notebooks\?token=([0-9a-f]+)"
        wait_for(lambda: re.search(pattern, log.read_text()) is not None or lab.poll() is not None, "JupyterLab", 120)
        found = re.search(pattern, log.read_text())
        assert found, log.read_text()[-2000:]
        token = found.group(1)
        url = f"http://127.0.0.1:{port}/api/contents"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=30)
        assert refused.value.code == 403
        request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGTERM)
            try:
                lab.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(lab.pid, signal.SIGKILL)
                lab.wait()
