"""Kafka's own command-line tools, run from the pinned jars against the configured broker."""
from __future__ import annotations

import subprocess
from typing import Sequence

from . import jars, jvm
from .config import settings

TOOLS = {
    "kafka-topics": "org.apache.kafka.tools.TopicCommand",
    "kafka-console-producer": "kafka.tools.ConsoleProducer",
    "kafka-console-consumer": "org.apache.kafka.tools.consumer.ConsoleConsumer",
    "kafka-consumer-groups": "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
    "kafka-configs": "kafka.admin.ConfigCommand",
    "kafka-get-offsets": "org.apache.kafka.tools.GetOffsetShell",
    "kafka-delete-records": "org.apache.kafka.tools.DeleteRecordsCommand",
    "kafka-log-dirs": "org.apache.kafka.tools.LogDirsCommand",
    "kafka-dump-log": "kafka.tools.DumpLogSegments",
    "kafka-producer-perf-test": "org.apache.kafka.tools.ProducerPerformance",
    "kafka-consumer-perf-test": "org.apache.kafka.tools.ConsumerPerformance",
    "kafka-storage": "kafka.tools.StorageTool",
}
"""The seed's command names (Confluent style, no `.sh`) and the Kafka 3.9 classes behind them."""

_TOOLS_LOG4J = """log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.appender.stderr.Target=System.err
"""


def tool_name(name: str) -> str | None:
    """The canonical tool name for `kafka-topics`, `kafka-topics.sh` or `/usr/bin/kafka-topics`; None if unknown."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = base[:-3] if base.endswith(".sh") else base
    return base if base in TOOLS else None


def tool_command(name: str, args: Sequence[str]) -> list[str]:
    """The full java command line that runs a Kafka tool with `args`."""
    canonical = tool_name(name)
    if canonical is None:
        raise KeyError(f"unknown Kafka tool {name!r}; known: {', '.join(sorted(TOOLS))}")
    s = settings()
    log_config = s.home / "kafka-tools-log4j.properties"
    s.home.mkdir(parents=True, exist_ok=True)
    if not log_config.exists():
        log_config.write_text(_TOOLS_LOG4J)
    return [jvm.require_java(), *jvm.heap_flags(jvm.TOOL_HEAP), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            f"-Dlog4j.configuration={log_config.as_uri()}", "-cp", jars.classpath("kafka"), TOOLS[canonical], *args]


def run_tool(name: str, args: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a Kafka tool as the seed types it, e.g. run_tool("kafka-topics", ["--list", "--bootstrap-server", ...])."""
    return subprocess.run(tool_command(name, args), **kwargs)


def broker_configs(names: Sequence[str], broker: int = 1) -> dict[str, tuple[str, str | None]]:
    """(value, Kafka's default) of broker settings, as `kafka-configs --describe --all` reports them (notebooks 01, 03)."""
    import re

    out = run_tool("kafka-configs", ["--bootstrap-server", settings().bootstrap_servers, "--entity-type", "brokers",
                                     "--entity-name", str(broker), "--describe", "--all"],
                   capture_output=True, text=True, check=True).stdout
    found: dict[str, tuple[str, str | None]] = {}
    for line in out.splitlines():
        name, _, rest = line.strip().partition("=")
        if name in names:
            value = rest.split(" sensitive=")[0]
            default = re.search(r"DEFAULT_CONFIG:" + re.escape(name) + r"=([^,}]*)", rest)
            found[name] = (value, default.group(1) if default else None)
    missing = [n for n in names if n not in found]
    if missing:
        raise KeyError(f"broker {broker} does not report {missing}")
    return found


def dump_records(folder) -> list[tuple[int, str, str]]:
    """(offset, key, payload) of every record in a partition folder's segment files, as kafka-dump-log prints them."""
    import re
    from pathlib import Path

    files = sorted(str(f) for f in Path(folder).glob("*.log"))
    out = run_tool("kafka-dump-log", ["--files", ",".join(files), "--print-data-log"],
                   capture_output=True, text=True, check=True).stdout
    return sorted((int(o), k, p) for o, k, p in re.findall(r"offset: (\d+) .*? key: (\S+) payload: (.*)", out))
