"""The notebooks run unchanged against external servers named by environment variables alone."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workshop import stack
from workshop.config import PROJECT_ROOT, Settings


@pytest.mark.live
def test_a_notebook_runs_against_external_servers(live: Settings, tmp_path: Path) -> None:
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": live.bootstrap_servers, "MONGO_URI": live.mongo_uri,
           "WORKSHOP_HOME": str(tmp_path / "home"), "WORKSHOP_JARS": str(live.jar_cache)}
    out = tmp_path / "run.ipynb"
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--output", str(out),
         "--ExecutePreprocessor.timeout=600", str(PROJECT_ROOT / "notebooks" / "02_producers_and_partitions.ipynb")],
        env=env, capture_output=True, text=True, cwd=PROJECT_ROOT / "notebooks", timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Kafka 3.9.0: external" in out.read_text()
    assert not (tmp_path / "home" / "kafka").exists() and not (tmp_path / "home" / "mongo").exists(), \
        "no local server was started for an external address"
    assert stack.running("kafka", live) is not None
