"""A Spark standalone cluster on 127.0.0.1 (one master, one worker) from the installed pyspark's own jars (notebook 08)."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from . import procs
from .config import Settings, settings
from .streaming import SPARK_LOG4J

WORKER_CORES = 2
WORKER_MEMORY = "1g"
"""What the one worker offers; an application's executor takes Spark's default 1g of it."""


def spark_home() -> Path:
    """The pyspark package folder: it holds Spark's jars and is SPARK_HOME for the worker's executors."""
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def _pyspark_version() -> str:
    import pyspark

    return pyspark.__version__


def _scala_version() -> str:
    """Spark's Scala line, read from its core jar's name (the worker's executor launcher asks for it)."""
    core = next((spark_home() / "jars").glob("spark-core_*.jar"))
    return core.name.split("_", 1)[1].split("-", 1)[0]


def _java_args(s: Settings, name: str, main: str, *args: str) -> list[str]:
    log_config = s.spark_dir / "cluster" / "log4j2.properties"
    return [procs.marker(s, name), "-Xmx256m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={log_config.as_uri()}", "-Dspark.master.rest.enabled=false",
            "-cp", str(spark_home() / "jars" / "*"), main, *args]


def master_answers(s: Settings | None = None) -> bool:
    """Whether the master's web UI reports it ALIVE with at least one worker."""
    s = s or settings()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{s.spark_cluster_ui_port}/json/", timeout=2) as response:
            state = json.load(response)
    except (OSError, ValueError):
        return False
    return state.get("status") == "ALIVE" and state.get("aliveworkers", 0) >= 1


def start(s: Settings | None = None) -> list[str]:
    """Start the master and its worker on 127.0.0.1 unless they run; wait until the worker has registered."""
    s = s or settings()
    master, worker = procs.running("spark-master", s), procs.running("spark-worker", s)
    if master and worker:
        return [f"spark cluster: already running (master pid {master.pid}, worker pid {worker.pid}) at {s.spark_cluster_url}"]
    for pid in (p.pid for p in (master, worker) if p):
        procs.terminate(pid)
    for port, variable in ((s.spark_cluster_port, "WORKSHOP_SPARK_CLUSTER_PORT"),
                           (s.spark_cluster_ui_port, "WORKSHOP_SPARK_CLUSTER_UI_PORT"),
                           (s.spark_cluster_ui_port + 1, "WORKSHOP_SPARK_CLUSTER_UI_PORT")):
        procs.require_free_port(port, "Spark cluster", variable)
    folder = s.spark_dir / "cluster"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "log4j2.properties").write_text(SPARK_LOG4J.format(log=(folder / "cluster.log").as_posix()))
    # SPARK_LOCAL_IP keeps the web UIs on 127.0.0.1 too; SPARK_HOME and SPARK_SCALA_VERSION tell the worker
    # where its executors' jars are, as Spark's own start scripts would.
    env = {"SPARK_LOCAL_IP": "127.0.0.1", "SPARK_HOME": str(spark_home()), "SPARK_SCALA_VERSION": _scala_version()}
    version = f"Spark {_pyspark_version()} standalone"
    master_args = _java_args(s, "spark-master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                             "--port", str(s.spark_cluster_port), "--webui-port", str(s.spark_cluster_ui_port))
    procs.launch(s, "spark-master", master_args, folder / "master.out", s.spark_cluster_port, version, env)
    worker_args = _java_args(s, "spark-worker", "org.apache.spark.deploy.worker.Worker", s.spark_cluster_url,
                             "--host", "127.0.0.1", "--webui-port", str(s.spark_cluster_ui_port + 1),
                             "--cores", str(WORKER_CORES), "--memory", WORKER_MEMORY, "--work-dir", str(folder / "work"))
    worker_proc = procs.launch(s, "spark-worker", worker_args, folder / "worker.out", s.spark_cluster_ui_port + 1, version, env)
    procs.wait_ready("spark cluster", lambda: master_answers(s), worker_proc, folder / "cluster.log", s.start_timeout)
    return [f"spark cluster: started at {s.spark_cluster_url} (web UI http://127.0.0.1:{s.spark_cluster_ui_port}), "
            f"one worker with {WORKER_CORES} cores; use it with SPARK_MASTER={s.spark_cluster_url}"]


def stop(s: Settings | None = None) -> list[str]:
    """Stop the worker, then the master (by recorded PID)."""
    s = s or settings()
    lines = []
    for name in ("spark-worker", "spark-master"):
        current = procs.running(name, s)
        procs.state_file(s, name).unlink(missing_ok=True)
        if current:
            procs.terminate(current.pid)
            lines.append(f"{name}: stopped (pid {current.pid})")
    return lines or ["spark cluster: not running"]


def status(s: Settings | None = None) -> str:
    """One line: whether the cluster runs, where, with which PIDs."""
    s = s or settings()
    master, worker = procs.running("spark-master", s), procs.running("spark-worker", s)
    if not master and not worker:
        return f"spark cluster: stopped (address {s.spark_cluster_url})"
    pids = ", ".join(f"{p.name} pid {p.pid}" for p in (master, worker) if p)
    return f"spark cluster: running ({s.spark_cluster_url}, web UI http://127.0.0.1:{s.spark_cluster_ui_port}, {pids})"


def executors(spark) -> dict[str, int]:
    """The executors of a running SparkSession and how many tasks each has finished (the driver left out)."""
    sc = spark.sparkContext
    url = f"{sc.uiWebUrl}/api/v1/applications/{sc.applicationId}/executors"
    with urllib.request.urlopen(url, timeout=5) as response:
        rows = json.load(response)
    return {row["id"]: int(row["completedTasks"]) for row in rows if row["id"] != "driver"}

