"""Start, stop and inspect the embedded Kafka broker and MongoDB server, or attach to external ones."""
from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

from . import jvm, procs
from .config import (
    KAFKA_VERSION,
    MONGO_REPORTED_VERSION,
    MONGO_REPORTED_WIRE_VERSION,
    MONGO_SERVER_VERSION,
    Settings,
    settings,
)
from .procs import Running, StackError, launch, marker, require_free_port, state_file, terminate, wait_ready

SERVERS = ("kafka", "mongo")
MONGO_DATA_FILE = "data-v2.mv.db"
"""The MongoDB server's H2 file; v2 orders unique-index keys by value (java/MongoLauncher.java), so v1 files are not reopened."""


def running(name: str, s: Settings | None = None) -> Running | None:
    """The live process of server `name` started from this workshop home, if any."""
    return procs.running(name, s or settings())


def _advertised_host(s: Settings) -> str:
    return socket.gethostname() if s.bind_host in ("0.0.0.0", "::") else s.bind_host


def _kafka_properties(s: Settings) -> str:
    host = s.bind_host
    return "\n".join([
        "# Written by `python -m workshop up`: one KRaft node, broker and controller in one process.",
        "process.roles=broker,controller",
        "node.id=1",
        f"controller.quorum.voters=1@127.0.0.1:{s.kafka_controller_port}",
        f"listeners=PLAINTEXT://{host}:{s.kafka_port},CONTROLLER://127.0.0.1:{s.kafka_controller_port}",
        f"advertised.listeners=PLAINTEXT://{_advertised_host(s)}:{s.kafka_port}",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        f"log.dirs={(s.kafka_dir / 'data').as_posix()}",
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=4",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
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


def new_cluster_id() -> str:
    """A random KRaft cluster id: 16 bytes in URL-safe base64, never starting with '-' (read as an option)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def _prepare_kafka(s: Settings, cp: str) -> Path:
    """Write the broker's config and format its storage once; return the properties file."""
    s.kafka_dir.mkdir(parents=True, exist_ok=True)
    props = s.kafka_dir / "server.properties"
    props.write_text(_kafka_properties(s))
    (s.kafka_dir / "log4j.properties").write_text(_LOG4J.format(log=(s.kafka_dir / "kafka.log").as_posix()))
    if not (s.kafka_dir / "data" / "meta.properties").exists():
        cluster_id = new_cluster_id()
        result = subprocess.run(
            [jvm.require_java(), "-Xmx256m", "-cp", cp, f"-Dlog4j.configuration=file:{s.kafka_dir / 'log4j.properties'}",
             "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(props)],
            capture_output=True, text=True, timeout=120,
        )
        if result.returncode != 0:
            raise StackError(f"formatting Kafka's storage failed:\n{result.stdout}{result.stderr}")
    return props


def _class_cache(path: Path) -> str:
    """JVM flag for a class-data-sharing archive: written at the first clean stop, used by every later start."""
    return f"-XX:SharedArchiveFile={path}" if path.exists() else f"-XX:ArchiveClassesAtExit={path}"


def _kafka_args(s: Settings, cp: str, props: Path) -> list[str]:
    return [
        marker(s, "kafka"), f"-Xms{s.kafka_heap}", f"-Xmx{s.kafka_heap}", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
        _class_cache(s.kafka_dir / "classes.jsa"), "-Djava.awt.headless=true", f"-Dkafka.logs.dir={s.kafka_dir}",
        f"-Dlog4j.configuration=file:{s.kafka_dir / 'log4j.properties'}",
        "-cp", cp, "kafka.Kafka", str(props),
    ]


def _mongo_args(s: Settings, cp: str) -> list[str]:
    classes = jvm.compile_launcher("MongoLauncher", cp)
    s.mongo_dir.mkdir(parents=True, exist_ok=True)
    version = ".".join(map(str, MONGO_REPORTED_VERSION))
    return [
        marker(s, "mongo"), f"-Xmx{s.mongo_heap}", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
        "-cp", os.pathsep.join([str(classes), cp]), "MongoLauncher",
        s.bind_host, str(s.mongo_port), str(s.mongo_dir / MONGO_DATA_FILE), version, str(MONGO_REPORTED_WIRE_VERSION),
    ]


def kafka_answers(bootstrap: str, timeout: float = 2.0) -> bool:
    """Whether a Kafka broker answers a metadata request at `bootstrap`."""
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000),
                                 bootstrap_timeout_ms=int(timeout * 1000), client_id="workshop-probe")
    except (KafkaError, OSError, ValueError):
        return False
    try:
        admin.describe_cluster()
        return True
    except (KafkaError, OSError):
        return False
    finally:
        admin.close()


def mongo_answers(uri: str, timeout: float = 2.0) -> bool:
    """Whether a MongoDB server answers `ping` at `uri`."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=int(timeout * 1000), connectTimeoutMS=int(timeout * 1000))
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def _start(s: Settings, name: str) -> tuple[subprocess.Popen, Path]:
    if name == "kafka":
        external = " (or point the workshop at that server with KAFKA_BOOTSTRAP_SERVERS)"
        require_free_port(s.kafka_port, "kafka", "WORKSHOP_KAFKA_PORT", external)
        require_free_port(s.kafka_controller_port, "kafka controller", "WORKSHOP_KAFKA_CONTROLLER_PORT", external)
        cp = jvm.classpath("kafka")
        args, port, version, log = _kafka_args(s, cp, _prepare_kafka(s, cp)), s.kafka_port, KAFKA_VERSION, s.kafka_dir / "kafka.out"
    else:
        require_free_port(s.mongo_port, "mongo", "WORKSHOP_MONGO_PORT",
                          " (or point the workshop at that server with MONGO_URI)")
        cp = jvm.classpath("mongo")
        args, port, log = _mongo_args(s, cp), s.mongo_port, s.mongo_dir / "mongo.log"
        version = f"mongo-java-server {MONGO_SERVER_VERSION} (reports MongoDB {'.'.join(map(str, MONGO_REPORTED_VERSION))})"
    proc = launch(s, name, args, log, port, version)
    return proc, s.kafka_dir / "kafka.log" if name == "kafka" else log


def up(s: Settings | None = None, quiet: bool = False) -> list[str]:
    """Start whatever local servers are not running yet and wait until they answer; return what runs where."""
    s = s or settings()
    s.home.mkdir(parents=True, exist_ok=True)
    jvm.require_java()
    started: dict[str, tuple[subprocess.Popen, Path]] = {}
    lines: list[str] = []
    for name, external in (("kafka", s.kafka_external), ("mongo", s.mongo_external)):
        if external:
            continue
        current = running(name, s)
        if current:
            lines.append(f"{name}: already running (pid {current.pid}) on {s.bind_host}:{current.port}")
            continue
        started[name] = _start(s, name)
    checks = {"kafka": lambda: kafka_answers(s.bootstrap_servers), "mongo": lambda: mongo_answers(s.mongo_uri)}
    for name, (proc, log) in started.items():
        wait_ready(name, checks[name], proc, log, s.start_timeout)
        lines.append(f"{name}: started (pid {proc.pid}) on {s.bind_host}:{s.kafka_port if name == 'kafka' else s.mongo_port}")
    for name, external in (("kafka", s.kafka_external), ("mongo", s.mongo_external)):
        if external:
            address = s.bootstrap_servers if name == "kafka" else s.mongo_uri
            if not checks[name]():
                variable = "KAFKA_BOOTSTRAP_SERVERS" if name == "kafka" else "MONGO_URI"
                raise StackError(f"{name} is not answering at {address} ({variable}); start it or unset {variable}")
            lines.append(f"{name}: external at {address}")
    return lines


def down(s: Settings | None = None) -> list[str]:
    """Stop the servers this workshop home started (by recorded PID) and end the lease of producers and queries; data stays."""
    from . import lease

    s = s or settings()
    lease.bump(s)
    lines = []
    for name in SERVERS:
        current = running(name, s)
        if current:
            terminate(current.pid)
            lines.append(f"{name}: stopped (pid {current.pid})")
        else:
            lines.append(f"{name}: not running")
        state_file(s, name).unlink(missing_ok=True)
    return lines


def kill(name: str, s: Settings | None = None) -> int:
    """Kill a server hard (SIGKILL), as a crash would; return its former PID."""
    s = s or settings()
    current = running(name, s)
    if not current:
        raise StackError(f"{name} is not running")
    procs.kill(current.pid)
    return current.pid


def stop(name: str, s: Settings | None = None) -> int:
    """Stop one server cleanly (SIGTERM, as `down` does), leaving the other running; return its former PID."""
    s = s or settings()
    current = running(name, s)
    if not current:
        raise StackError(f"{name} is not running")
    terminate(current.pid)
    return current.pid


def status(s: Settings | None = None) -> dict[str, dict]:
    """Which servers run, with version, address, PID and data folder."""
    s = s or settings()
    report: dict[str, dict] = {}
    for name, external, address in (("kafka", s.kafka_external, s.bootstrap_servers), ("mongo", s.mongo_external, s.mongo_uri)):
        if external:
            answers = kafka_answers(address) if name == "kafka" else mongo_answers(address)
            report[name] = {"state": "external, answering" if answers else "external, NOT answering", "address": address}
            continue
        current = running(name, s)
        report[name] = {
            "state": "running" if current else "stopped",
            "address": address,
            "pid": current.pid if current else None,
            "version": current.version if current else None,
            "data": str(s.kafka_dir / "data" if name == "kafka" else s.mongo_dir),
        }
    return report


def ensure_up() -> Settings:
    """Start the stack if it is not running (used by notebook 00 and the tests); return the settings."""
    s = settings()
    needed = [n for n, ext in (("kafka", s.kafka_external), ("mongo", s.mongo_external)) if not ext and not running(n, s)]
    if needed:
        for line in up(s):
            print(line, file=sys.stderr)
    return s
