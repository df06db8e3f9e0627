"""The same pipeline on a Spark standalone cluster (master + worker on 127.0.0.1) chosen by SPARK_MASTER alone."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Iterator

import pytest

from workshop import config, procs, sensors, sparkcluster, store, topics
from workshop.config import PROJECT_ROOT
from helpers import free_port, listening, on_loopback, readings_stored

pytestmark = pytest.mark.live

DRIVER = """
import json, sys
from workshop import sparkcluster, streaming
spark = streaming.spark_session("cluster-test")
streaming.run_until_caught_up(name=sys.argv[1], topic=sys.argv[1])
print(json.dumps({"master": spark.sparkContext.master, "executors": sparkcluster.executors(spark)}))
spark.stop()
"""


@pytest.fixture(scope="module")
def cluster(live: config.Settings) -> Iterator[config.Settings]:
    """A running standalone cluster of this test home, stopped afterwards."""
    sparkcluster.start(live)
    yield live
    sparkcluster.stop(live)
    assert procs.running("spark-master", live) is None and procs.running("spark-worker", live) is None


def test_pipeline_on_a_standalone_cluster_stores_every_reading_once(cluster: config.Settings, fresh: str) -> None:
    assert "running" in sparkcluster.status(cluster)
    assert sparkcluster.start(cluster)[0].startswith("spark cluster: already running"), "started nothing twice"
    report = sensors.produce(3_000, seed=77, sensors=5)
    env = {**os.environ, "SPARK_MASTER": cluster.spark_cluster_url, "WORKSHOP_SPARK_UI_PORT": str(free_port())}
    run = subprocess.run([sys.executable, "-c", DRIVER, fresh], cwd=PROJECT_ROOT, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["master"] == cluster.spark_cluster_url
    assert result["executors"] and sum(result["executors"].values()) > 0, "the worker's executor ran the tasks"
    assert readings_stored() == report.sent == 3_000
    assert store.per_partition() == topics.end_offsets(fresh)


def test_cluster_listens_on_loopback_only(cluster: config.Settings) -> None:
    pids = {p.pid for p in (procs.running("spark-master", cluster), procs.running("spark-worker", cluster)) if p}
    ours = listening(pids)
    assert len(pids) == 2 and len(ours) >= 3, ours  # master RPC + master UI, worker RPC + worker UI
    for local in ours:
        assert on_loopback(local), local


def test_taken_cluster_port_is_named(live: config.Settings, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("WORKSHOP_HOME", str(tmp_path))
    monkeypatch.setenv("WORKSHOP_SPARK_CLUSTER_PORT", str(live.kafka_port))
    with pytest.raises(procs.StackError, match=f"port {live.kafka_port} is already taken.*WORKSHOP_SPARK_CLUSTER_PORT"):
        sparkcluster.start(config.settings())
