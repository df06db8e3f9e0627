"""The notebooks' SparkSession: local mode unless SPARK_MASTER says otherwise, with the Kafka and MongoDB connectors."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from . import jars, jvm
from .config import settings

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

SPARK_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = {log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{{yy/MM/dd HH:mm:ss}} %p %c{{1}}: %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = error
logger.spark.name = org.apache.spark
logger.spark.level = warn
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
"""
"""Spark's log4j2 configuration: everything to a log file ({log}), errors only from Kafka's client."""

CHECKPOINT_FILES = "org.apache.spark.sql.execution.streaming.checkpointing.FileSystemBasedCheckpointFileManager"
"""Checkpoint files written through Hadoop's FileSystem: its local rename is atomic, and without Hadoop's native
library the default FileContext manager starts a `readlink` and a `chmod` process per file (≈ 100 ms a micro-batch)."""

UI_RETAINED = 100
"""Finished jobs, stages and SQL executions the Spark UI keeps (Spark: 1,000 each): a micro-batch adds one of each."""

_session: SparkSession | None = None


def current() -> SparkSession | None:
    """The session this process started, if it is still running."""
    if _session is not None and not _session.sparkContext._jsc.sc().isStopped():
        return _session
    return None


def spark_session(app: str = "workshop") -> SparkSession:
    """The SparkSession: local mode unless SPARK_MASTER says otherwise, Kafka and MongoDB connectors attached (notebook 05)."""
    global _session
    from pyspark.sql import SparkSession

    running = current()
    if running is not None:
        return running
    s = settings()
    jvm.require_java()
    s.spark_dir.mkdir(parents=True, exist_ok=True)
    log_config = s.spark_dir / "log4j2.properties"
    log_config.write_text(SPARK_LOG4J.format(log=(s.spark_dir / "spark.log").as_posix()))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    java_options = f"-Dlog4j2.configurationFile={log_config.as_uri()} -Dlog4j.configurationFile={log_config.as_uri()}"
    driver_options = f"-Xms{s.spark_driver_memory} {jvm.PRE_TOUCH} {java_options}"  # Spark sets -Xmx: the same
    builder = (
        SparkSession.builder.master(s.spark_master).appName(app)
        .config("spark.jars", ",".join(str(p) for group in ("spark-kafka", "spark-mongo") for p in jars.fetch(group)))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.ui.port", str(s.spark_ui_port))
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.local.dir", str(s.spark_dir / "tmp"))
        .config("spark.sql.warehouse.dir", str(s.spark_dir / "warehouse"))
        .config("spark.driver.memory", s.spark_driver_memory)
        .config("spark.driver.extraJavaOptions", driver_options)
        .config("spark.executor.extraJavaOptions", java_options)
        .config("spark.sql.streaming.stopGracefullyOnShutdown", "true")
        .config("spark.sql.streaming.checkpointFileManagerClass", CHECKPOINT_FILES)
        .config("spark.ui.retainedJobs", str(UI_RETAINED))
        .config("spark.ui.retainedStages", str(UI_RETAINED))
        .config("spark.sql.ui.retainedExecutions", str(UI_RETAINED))
    )
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    with _jvm_output_to(s.spark_dir / "spark-jvm.out"):
        _session = builder.getOrCreate()
    _session.sparkContext.setLogLevel("ERROR")
    return _session


@contextmanager
def _jvm_output_to(path: Path) -> Iterator[None]:
    """Point file descriptors 1 and 2 at a log file while the JVM starts, so it inherits the file, not the notebook."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = [os.dup(1), os.dup(2)]
    with path.open("ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)
