"""Health checks of the learner's machine and servers, each with the fix when it fails."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata

from . import jvm, procs, stack
from .config import KAFKA_VERSION, settings


@dataclass(frozen=True)
class Check:
    """One check: what was looked at, whether it is fine, what was seen, and the fix."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def check_python() -> Check:
    """Python 3.11 or newer."""
    v = sys.version_info
    return Check("Python", v >= (3, 11), f"{v.major}.{v.minor}.{v.micro}", "install Python 3.11+ and rerun the set-up")


def check_java() -> Check:
    """A JDK 17+ (java and javac)."""
    try:
        java = jvm.require_java()
        jvm.javac_executable(java)
        return Check("Java", True, f"{jvm.java_version(java)} at {java}")
    except jvm.JavaError as exc:
        return Check("Java", False, str(exc), "install a JDK 17+ and set JAVA_HOME")


def check_packages() -> list[Check]:
    """The pinned Python packages are installed."""
    wanted = ("pyspark", "kafka-python", "pymongo", "jupyterlab", "ipywidgets", "matplotlib", "nbval")
    return [Check(f"package {p}", _version(p) is not None, _version(p) or "missing",
                  "pip install -r requirements.txt") for p in wanted]


def check_connector() -> Check:
    """The spark-sql-kafka connector version equals the installed pyspark version."""
    pyspark = _version("pyspark") or "missing"
    connector = next(a.coord.rsplit(":", 1)[1] for a in jvm.artifacts("spark-kafka") if "spark-sql-kafka" in a.coord)
    return Check("pyspark ↔ spark-sql-kafka", pyspark == connector, f"pyspark {pyspark}, connector {connector}",
                 f"pip install pyspark=={connector}")


def check_jars() -> list[Check]:
    """Every pinned jar is in the cache."""
    cache = settings().jar_cache
    checks = []
    for group in jvm.artifact_groups():
        missing = [a.filename for a in jvm.artifacts(group) if not (cache / a.filename).exists()]
        checks.append(Check(f"jars {group}", not missing, f"{len(missing)} missing" if missing else "all cached",
                            "python -m workshop prefetch (needs the network once)"))
    return checks


def check_servers() -> list[Check]:
    """Kafka and MongoDB answer (or their ports are free to start them)."""
    s = settings()
    out = []
    for name, address, answers, port, variable in (
        ("Kafka", s.bootstrap_servers, stack.kafka_answers, s.kafka_port, "KAFKA_BOOTSTRAP_SERVERS"),
        ("MongoDB", s.mongo_uri, stack.mongo_answers, s.mongo_port, "MONGO_URI"),
    ):
        if answers(address):
            out.append(Check(name, True, f"answering at {address}"))
            continue
        external = s.kafka_external if name == "Kafka" else s.mongo_external
        if external:
            out.append(Check(name, False, f"not answering at {address}", f"start that server or unset {variable}"))
        elif procs.port_in_use("127.0.0.1", port):
            out.append(Check(name, False, f"port {port} is taken by another program",
                             f"stop it, or choose another port (WORKSHOP_{'KAFKA' if name == 'Kafka' else 'MONGO'}_PORT)"))
        else:
            out.append(Check(name, False, f"not running (port {port} free)", "python -m workshop up"))
    return out


def check_mqtt() -> Check:
    """The optional MQTT broker of notebook 07 answers, or its port is free to start it."""
    from . import mqtt

    s = settings()
    if mqtt.broker_answers(s.mqtt_address):
        return Check("MQTT broker (optional)", True, f"answering at {s.mqtt_address}")
    if s.mqtt_external:
        return Check("MQTT broker (optional)", False, f"not answering at {s.mqtt_address}", "start it or unset MQTT_BROKER")
    if procs.port_in_use("127.0.0.1", s.mqtt_port):
        return Check("MQTT broker (optional)", False, f"port {s.mqtt_port} is taken by another program",
                     "stop it, or choose another port (WORKSHOP_MQTT_PORT)")
    return Check("MQTT broker (optional)", True, f"not running (port {s.mqtt_port} free; notebook 07 starts it)")


def checks() -> list[Check]:
    """Every check, in the order a learner should fix them."""
    return [check_python(), check_java(), *check_packages(), check_connector(), *check_jars(), *check_servers(), check_mqtt()]


def main() -> int:
    """Print each check with its fix; return 0 when all are fine."""
    results = checks()
    print(f"Kafka {KAFKA_VERSION} (embedded) · workshop home {settings().home}")
    for c in results:
        print(f"  [{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}" + ("" if c.ok else f"\n         fix: {c.fix}"))
    bad = [c for c in results if not c.ok]
    print("All good." if not bad else f"{len(bad)} problem(s) to fix.")
    return 0 if not bad else 1
