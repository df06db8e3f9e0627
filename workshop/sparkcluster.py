"""A Spark standalone cluster on 127.0.0.1 (one master, one worker) from the installed pyspark's own jars (notebook 08)."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from . import probes, procs, servers
from .config import Settings, settings
from .servers import Launch, Port, Server

WORKER_CORES = 2
WORKER_MEMORY = "1g"
"""What the one worker offers; an application's executor takes Spark's default 1g of it."""
DAEMON_HEAP = "256m"
"""Heap of the master and of the worker process itself (executors get WORKER_MEMORY)."""


def spark_home() -> Path:
    """The pyspark package folder: it holds Spark's jars and is SPARK_HOME for the worker's executors."""
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def _pyspark_version() -> str:
    import pyspark

    return str(pyspark.__version__)


def _scala_version() -> str:
    """Spark's Scala line, read from its core jar's name (the worker's executor launcher asks for it)."""
    core = next((spark_home() / "jars").glob("spark-core_*.jar"))
    return core.name.split("_", 1)[1].split("-", 1)[0]


def _folder(s: Settings) -> Path:
    return s.spark_dir / "cluster"


def _prepare(s: Settings, main: str, *args: str) -> Launch:
    from .spark_session import SPARK_LOG4J

    folder = _folder(s)
    folder.mkdir(parents=True, exist_ok=True)
    log_config = folder / "log4j2.properties"
    log_config.write_text(SPARK_LOG4J.format(log=(folder / "cluster.log").as_posix()))
    # SPARK_LOCAL_IP keeps the web UIs on 127.0.0.1 too; SPARK_HOME and SPARK_SCALA_VERSION tell the worker
    # where its executors' jars are, as Spark's own start scripts would.
    env = {"SPARK_LOCAL_IP": "127.0.0.1", "SPARK_HOME": str(spark_home()), "SPARK_SCALA_VERSION": _scala_version()}
    java_args = [f"-Dlog4j2.configurationFile={log_config.as_uri()}", "-Dspark.master.rest.enabled=false",
                 "-cp", str(spark_home() / "jars" / "*"), main, *args]
    return Launch(java_args, f"Spark {_pyspark_version()} standalone", env)


def master_answers(s: Settings | None = None) -> bool:
    """Whether the master's web UI reports it ALIVE with at least one worker."""
    state = probes.spark_master_state((s or settings()).spark_cluster_ui_port)
    return state.get("status") == "ALIVE" and state.get("aliveworkers", 0) >= 1


def describe(s: Settings) -> list[Server]:
    """The master and its one worker."""
    folder = _folder(s)
    ui = s.spark_cluster_ui_port
    master = Server(
        name="spark-master", title="Spark master", group="spark-cluster",
        ports=(Port(s.spark_cluster_port, "WORKSHOP_SPARK_CLUSTER_PORT"), Port(ui, "WORKSHOP_SPARK_CLUSTER_UI_PORT")),
        host="127.0.0.1", address=s.spark_cluster_url,
        answers=lambda: probes.spark_master_state(ui).get("status") == "ALIVE",
        prepare=lambda: _prepare(s, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                                 "--port", str(s.spark_cluster_port), "--webui-port", str(ui)),
        log=folder / "cluster.log", out=folder / "master.out", data=folder, heap=DAEMON_HEAP,
    )
    worker = Server(
        name="spark-worker", title="Spark worker", group="spark-cluster",
        ports=(Port(ui + 1, "WORKSHOP_SPARK_CLUSTER_UI_PORT"),), host="127.0.0.1", address=f"http://127.0.0.1:{ui + 1}",
        answers=lambda: master_answers(s),
        prepare=lambda: _prepare(s, "org.apache.spark.deploy.worker.Worker", s.spark_cluster_url, "--host", "127.0.0.1",
                                 "--webui-port", str(ui + 1), "--cores", str(WORKER_CORES), "--memory", WORKER_MEMORY,
                                 "--work-dir", str(folder / "work")),
        log=folder / "cluster.log", out=folder / "worker.out", data=folder / "work", heap=DAEMON_HEAP,
    )
    return [master, worker]


def start(s: Settings | None = None) -> list[str]:
    """Start the master and its worker on 127.0.0.1 unless they run; wait until the worker has registered."""
    s = s or settings()
    lines = servers.start(describe(s), s)
    if all("already running" in line for line in lines):   # no PIDs here: a notebook prints it (`status` has them)
        return [f"spark cluster: already running at {s.spark_cluster_url} (web UI http://127.0.0.1:{s.spark_cluster_ui_port})"]
    return [f"spark cluster: started at {s.spark_cluster_url} (web UI http://127.0.0.1:{s.spark_cluster_ui_port}), "
            f"one worker with {WORKER_CORES} cores; use it with SPARK_MASTER={s.spark_cluster_url}"]


def stop(s: Settings | None = None) -> list[str]:
    """Stop the worker, then the master (by recorded PID)."""
    s = s or settings()
    return servers.stop(describe(s), s, quiet_if_stopped=True) or ["spark cluster: not running"]


def status(s: Settings | None = None) -> str:
    """One line: whether the cluster runs, where, with which PIDs."""
    s = s or settings()
    master, worker = procs.running("spark-master", s), procs.running("spark-worker", s)
    if not master and not worker:
        return f"spark cluster: stopped (address {s.spark_cluster_url})"
    pids = ", ".join(f"{p.name} pid {p.pid}" for p in (master, worker) if p)
    return f"spark cluster: running ({s.spark_cluster_url}, web UI http://127.0.0.1:{s.spark_cluster_ui_port}, {pids})"


def executors(spark: Any) -> dict[str, int]:
    """The executors of a running SparkSession and how many tasks each has finished (the driver left out)."""
    sc = spark.sparkContext
    url = f"{sc.uiWebUrl}/api/v1/applications/{sc.applicationId}/executors"
    with urllib.request.urlopen(url, timeout=30) as response:  # a busy driver can take seconds to answer
        rows = json.load(response)
    return {row["id"]: int(row["completedTasks"]) for row in rows if row["id"] != "driver"}


def executor_work(spark: Any) -> dict[str, dict[str, int]]:
    """Per executor (and "driver"): tasks finished and their summed time in ms, from the driver's REST API (notebook 08)."""
    sc = spark.sparkContext
    url = f"{sc.uiWebUrl}/api/v1/applications/{sc.applicationId}/executors"
    with urllib.request.urlopen(url, timeout=30) as response:
        rows = json.load(response)
    return {row["id"]: {"tasks": int(row["completedTasks"]), "task_ms": int(row["totalDuration"])} for row in rows}
