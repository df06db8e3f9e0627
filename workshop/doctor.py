"""Health checks of the learner's machine and servers, each with the fix when it fails."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata

from . import config, jars, jvm, probes, registry, servers
from .config import KAFKA_VERSION, Settings, settings
from .errors import JavaError
from .messages import EN, say
from .servers import Server


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
    return Check("Python", v >= (3, 11), f"{v.major}.{v.minor}.{v.micro}", say("doctor.python_fix"))


def check_java() -> Check:
    """A JDK 17+ (java and javac)."""
    try:
        java = jvm.require_java()
        jvm.javac_executable(java)
        return Check("Java", True, say("doctor.java_at", version=jvm.java_version(java), path=java))
    except JavaError as exc:
        return Check("Java", False, str(exc), say("doctor.java_fix"))


def check_packages() -> list[Check]:
    """The pinned Python packages are installed."""
    wanted = ("pyspark", "kafka-python", "pymongo", "jupyterlab", "ipywidgets", "matplotlib", "nbval")
    return [Check(f"package {p}", _version(p) is not None, _version(p) or say("doctor.missing"),
                  "pip install -r requirements.txt") for p in wanted]


def check_connector() -> Check:
    """The spark-sql-kafka connector version equals the installed pyspark version."""
    pyspark = _version("pyspark") or "missing"
    connector = next(a.coord.rsplit(":", 1)[1] for a in jars.artifacts("spark-kafka") if "spark-sql-kafka" in a.coord)
    return Check("pyspark ↔ spark-sql-kafka", pyspark == connector, say("doctor.connector", pyspark=pyspark, connector=connector),
                 f"pip install pyspark=={connector}")


def check_jars() -> list[Check]:
    """Every pinned jar is in the cache."""
    cache = settings().jar_cache
    checks = []
    for group in jars.artifact_groups():
        missing = [a.filename for a in jars.artifacts(group) if not (cache / a.filename).exists()]
        checks.append(Check(f"jars {group}", not missing,
                            say("doctor.jars_missing", count=len(missing)) if missing else say("doctor.jars_cached"),
                            say("doctor.prefetch_fix")))
    return checks


def check_server(server: Server, s: Settings) -> Check:
    """One server answers; a local one that does not is named with its port, and an optional one may be stopped."""
    optional = server.group != "core"
    name = say("doctor.optional", title=server.title) if optional else server.title
    port = server.ports[0]
    if server.external:
        if server.answers():
            return Check(name, True, say("doctor.answering", address=server.address))
        return Check(name, False, say("doctor.not_answering", address=server.address),
                     say("doctor.external_fix", variable=server.external))
    if not probes.port_in_use("127.0.0.1", port.number):
        if optional:
            key = f"doctor.group.{server.group}"
            how = say(key) if key in EN else servers.GROUPS[server.group]
            return Check(name, True, say("doctor.free_optional", port=port.number, how=how))
        return Check(name, False, say("doctor.not_running", port=port.number), "python -m workshop up")
    if server.answers():
        return Check(name, True, say("doctor.answering", address=server.address))
    return Check(name, False, say("doctor.port_taken", port=port.number), say("doctor.port_fix", variable=port.variable))


def check_servers() -> list[Check]:
    """Kafka and MongoDB answer (or their ports are free to start them)."""
    s = settings()
    return [check_server(server, s) for server in registry.group(s, "core")]


def check_optional_servers() -> list[Check]:
    """The optional servers (MQTT broker, Spark cluster, three-broker Kafka cluster) answer or may start."""
    s = settings()
    return [check_server(server, s) for server in registry.catalog(s) if server.group != "core"]


def checks() -> list[Check]:
    """Every check, in the order a learner should fix them."""
    return [check_python(), check_java(), *check_packages(), check_connector(), *check_jars(), *check_servers(),
            *check_optional_servers()]


def main() -> int:
    """Print each check with its fix; return 0 when all are fine."""
    results = checks()
    print(say("doctor.header", version=KAFKA_VERSION, home=settings().home))
    changed = config.changed()
    print(say("doctor.changed", settings=", ".join(f"{k}={v}" for k, v in changed.items()) or say("doctor.defaults")))
    for c in results:
        fix = "" if c.ok else f"\n         {say('doctor.fix')}: {c.fix}"
        print(f"  [{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}{fix}")
    bad = [c for c in results if not c.ok]
    print(say("doctor.all_good") if not bad else say("doctor.problems", count=len(bad)))
    return 0 if not bad else 1
