"""Apache Kafka in KRaft mode from the pinned jars: a node's config, its storage format, and the single broker's description."""
from __future__ import annotations

import base64
import socket
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import jars, jvm, probes
from .config import KAFKA_VERSION, Settings
from .errors import StackError
from .servers import Launch, Port, Server

_LOG4J = """log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File={log}
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
"""
JVM_OPTIONS = ("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20")
"""Garbage collector flags of every broker (Kafka's own start script uses G1 with a 20 ms pause goal)."""


@dataclass(frozen=True)
class Node:
    """One KRaft node: broker and controller in one process, with its ports, quorum and folder."""

    node_id: int
    port: int
    controller_port: int
    voters: str
    """controller.quorum.voters: id@host:port of every controller of the cluster."""
    folder: Path
    bind_host: str = "127.0.0.1"
    advertised_host: str = "127.0.0.1"
    replication: int = 1
    """Replication factor of Kafka's internal topics (consumer offsets, transactions)."""

    @property
    def data(self) -> Path:
        """The node's log.dirs."""
        return self.folder / "data"


def new_cluster_id() -> str:
    """A random KRaft cluster id: 16 bytes in URL-safe base64, never starting with '-' (read as an option)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def properties(node: Node) -> str:
    """The node's server.properties."""
    return "\n".join([
        "# Written by `python -m workshop up`: a KRaft node, broker and controller in one process.",
        "process.roles=broker,controller",
        f"node.id={node.node_id}",
        f"controller.quorum.voters={node.voters}",
        f"listeners=PLAINTEXT://{node.bind_host}:{node.port},CONTROLLER://127.0.0.1:{node.controller_port}",
        f"advertised.listeners=PLAINTEXT://{node.advertised_host}:{node.port}",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        f"log.dirs={node.data.as_posix()}",
        "num.partitions=1",
        f"offsets.topic.replication.factor={node.replication}",
        "offsets.topic.num.partitions=4",
        f"transaction.state.log.replication.factor={node.replication}",
        f"transaction.state.log.min.isr={min(node.replication, 2)}",
        "group.initial.rebalance.delay.ms=0",
        "log.retention.hours=168",
        "# Check retention every 5 s so the retention lesson shows old segments going away.",
        "log.retention.check.interval.ms=5000",
        "log.segment.delete.delay.ms=1000",
        "num.network.threads=2",
        "num.io.threads=2",
        "background.threads=2",
        "",
    ])


def _class_cache(path: Path, write: bool) -> list[str]:
    """JVM flags for a class-data-sharing archive: written at the first clean stop, used by every later start."""
    if path.exists():
        return [f"-XX:SharedArchiveFile={path}"]
    return [f"-XX:ArchiveClassesAtExit={path}"] if write else []


def prepare(node: Node, cluster_id: Callable[[], str], class_cache: Path, write_cache: bool = True) -> Launch:
    """Write the node's config, format its storage once (with `cluster_id()`), and return its command."""
    node.folder.mkdir(parents=True, exist_ok=True)
    props = node.folder / "server.properties"
    props.write_text(properties(node))
    log4j = node.folder / "log4j.properties"
    log4j.write_text(_LOG4J.format(log=(node.folder / "kafka.log").as_posix()))
    cp = jars.classpath("kafka")
    if not (node.data / "meta.properties").exists():
        result = subprocess.run(
            [jvm.require_java(), *jvm.heap_flags(jvm.TOOL_HEAP), "-cp", cp, f"-Dlog4j.configuration=file:{log4j}",
             "kafka.tools.StorageTool", "format", "-t", cluster_id(), "-c", str(props)],
            capture_output=True, text=True, timeout=120,
        )
        if result.returncode != 0:
            raise StackError(f"formatting Kafka's storage in {node.data} failed:\n{result.stdout}{result.stderr}")
    args = [*_class_cache(class_cache, write_cache), f"-Dkafka.logs.dir={node.folder}",
            f"-Dlog4j.configuration=file:{log4j}", "-cp", cp, "kafka.Kafka", str(props)]
    return Launch(args, KAFKA_VERSION)


def _advertised_host(s: Settings) -> str:
    return socket.gethostname() if s.bind_host in ("0.0.0.0", "::") else s.bind_host


def class_cache(s: Settings) -> Path:
    """The class-data-sharing archive of the single broker (the cluster's nodes read it too: same jars)."""
    return s.kafka_dir / "classes.jsa"


def describe(s: Settings) -> Server:
    """The default single Kafka broker (node 1, its own controller)."""
    node = Node(1, s.kafka_port, s.kafka_controller_port, f"1@127.0.0.1:{s.kafka_controller_port}", s.kafka_dir,
                s.bind_host, _advertised_host(s))
    return Server(
        name="kafka", title="Kafka", group="core",
        ports=(Port(s.kafka_port, "WORKSHOP_KAFKA_PORT"), Port(s.kafka_controller_port, "WORKSHOP_KAFKA_CONTROLLER_PORT")),
        host=s.bind_host, address=s.bootstrap_servers,
        answers=lambda: probes.kafka_answers(s.bootstrap_servers),
        prepare=lambda: prepare(node, new_cluster_id, class_cache(s)),
        log=s.kafka_dir / "kafka.log", out=s.kafka_dir / "kafka.out", data=node.data,
        heap=s.kafka_heap, jvm_options=JVM_OPTIONS, fixed_heap=True,
        external="KAFKA_BOOTSTRAP_SERVERS" if s.kafka_external else "",
        alternative=" (or point the workshop at that server with KAFKA_BOOTSTRAP_SERVERS)",
    )
