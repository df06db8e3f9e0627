"""Every workshop setting, read from the environment in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

KAFKA_VERSION = "3.9.0"
"""Apache Kafka line of the embedded broker and of the classroom image (confluentinc/cp-kafka:7.9.0).

Kafka 4.x removed the console producer's `--broker-list` option, which the seed types verbatim.
"""
KAFKA_IMAGE = "confluentinc/cp-kafka:7.9.0"
MONGO_SERVER_VERSION = "1.47.0"
"""de.bwaldvogel mongo-java-server release used as the embedded MongoDB wire-protocol server."""
MONGO_REPORTED_VERSION = (4, 4, 0)
MONGO_REPORTED_WIRE_VERSION = 9
"""MongoDB 4.4 speaks wire version 9, the oldest the current pymongo accepts."""

READING_FIELDS = ("sensor_id", "temperature", "timestamp")
TEMPERATURE_RANGE = (-60.0, 150.0)
"""Physically plausible air temperatures in °C; anything outside is quarantined."""
MAX_FUTURE_SECONDS = 24 * 3600
"""A reading stamped further in the future than this is quarantined."""
ALERTS_TOPIC = "sensor-alerts"
"""Kafka topic of the hot-reading alerts written by notebook 05's Real-time Mode query."""


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _env_int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a whole number; unset it or give e.g. {default}") from None


@dataclass(frozen=True)
class Settings:
    """The workshop's settings; build one with `settings()`."""

    home: Path
    kafka_port: int
    kafka_controller_port: int
    mongo_port: int
    bootstrap_servers: str
    mongo_uri: str
    kafka_external: bool
    mongo_external: bool
    spark_master: str
    topic: str
    partitions: int
    database: str
    kafka_heap: str
    mongo_heap: str
    jar_cache: Path
    lab_port: int
    bind_host: str
    mqtt_port: int = 1883
    mqtt_address: str = "127.0.0.1:1883"
    mqtt_external: bool = False
    mqtt_heap: str = "128m"
    spark_ui_port: int = 4040
    spark_cluster_port: int = 7077
    spark_cluster_ui_port: int = 8080
    spark_driver_memory: str = "1g"
    start_timeout: float = 120.0
    maven_repo: str = "https://repo1.maven.org/maven2"
    broker_ports: tuple[int, ...] = (9192, 9292, 9392)
    broker_heap: str = "256m"

    @property
    def cluster_dir(self) -> Path:
        """Data, config and logs of the three-broker Kafka cluster (`up --brokers 3`), one folder per node."""
        return self.home / "kafka-cluster"

    @property
    def cluster_bootstrap(self) -> str:
        """The bootstrap servers of the three-broker cluster: every node's client port on 127.0.0.1."""
        return ",".join(f"127.0.0.1:{port}" for port in self.broker_ports)

    @property
    def mqtt_dir(self) -> Path:
        """Sessions, queued messages and log of the embedded MQTT broker."""
        return self.home / "mqtt"

    @property
    def kafka_dir(self) -> Path:
        """Data, config and log of the embedded Kafka broker."""
        return self.home / "kafka"

    @property
    def mongo_dir(self) -> Path:
        """Data and log of the embedded MongoDB wire-protocol server."""
        return self.home / "mongo"

    @property
    def spark_cluster_url(self) -> str:
        """The master URL of the embedded Spark standalone cluster (`up --spark-cluster`)."""
        return f"spark://127.0.0.1:{self.spark_cluster_port}"

    @property
    def spark_dir(self) -> Path:
        """Spark's scratch space and streaming checkpoints."""
        return self.home / "spark"

    @property
    def checkpoints(self) -> Path:
        """Folder holding one checkpoint folder per streaming query."""
        return self.spark_dir / "checkpoints"


def settings() -> Settings:
    """Read the settings from the environment (defaults: everything local on 127.0.0.1)."""
    home = Path(_env("WORKSHOP_HOME", str(PROJECT_ROOT / ".workshop"))).expanduser().resolve()
    kafka_port = _env_int("WORKSHOP_KAFKA_PORT", 9092)
    mongo_port = _env_int("WORKSHOP_MONGO_PORT", 27017)
    external_kafka = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "").strip()
    external_mongo = os.environ.get("MONGO_URI", "").strip()
    mqtt_port = _env_int("WORKSHOP_MQTT_PORT", 1883)
    external_mqtt = os.environ.get("MQTT_BROKER", "").strip()
    return Settings(
        home=home,
        kafka_port=kafka_port,
        kafka_controller_port=_env_int("WORKSHOP_KAFKA_CONTROLLER_PORT", kafka_port + 1),
        mongo_port=mongo_port,
        bootstrap_servers=external_kafka or f"127.0.0.1:{kafka_port}",
        mongo_uri=external_mongo or f"mongodb://127.0.0.1:{mongo_port}/",
        kafka_external=bool(external_kafka),
        mongo_external=bool(external_mongo),
        spark_master=_env("SPARK_MASTER", "local[2]"),
        topic=_env("WORKSHOP_TOPIC", "sensor-stream"),
        partitions=_env_int("WORKSHOP_PARTITIONS", 2),
        database=_env("WORKSHOP_DATABASE", "workshop"),
        kafka_heap=_env("WORKSHOP_KAFKA_HEAP", "512m"),
        mongo_heap=_env("WORKSHOP_MONGO_HEAP", "384m"),
        jar_cache=Path(_env("WORKSHOP_JARS", str(home / "jars"))).expanduser().resolve(),
        lab_port=_env_int("WORKSHOP_LAB_PORT", 8888),
        bind_host=_env("WORKSHOP_BIND_HOST", "127.0.0.1"),
        mqtt_port=mqtt_port,
        mqtt_address=external_mqtt or f"127.0.0.1:{mqtt_port}",
        mqtt_external=bool(external_mqtt),
        mqtt_heap=_env("WORKSHOP_MQTT_HEAP", "128m"),
        spark_ui_port=_env_int("WORKSHOP_SPARK_UI_PORT", 4040),
        spark_cluster_port=_env_int("WORKSHOP_SPARK_CLUSTER_PORT", 7077),
        spark_cluster_ui_port=_env_int("WORKSHOP_SPARK_CLUSTER_UI_PORT", 8080),
        spark_driver_memory=_env("WORKSHOP_SPARK_DRIVER_MEMORY", "1g"),
        start_timeout=float(_env_int("WORKSHOP_START_TIMEOUT", 120)),
        maven_repo=_env("WORKSHOP_MAVEN_REPO", "https://repo1.maven.org/maven2").rstrip("/"),
        broker_ports=tuple(_env_int(f"WORKSHOP_BROKER{n}_PORT", 9092 + 100 * n) for n in (1, 2, 3)),
        broker_heap=_env("WORKSHOP_BROKER_HEAP", "256m"),
    )


ENVIRONMENT_VARIABLES = (
    "WORKSHOP_HOME", "WORKSHOP_KAFKA_PORT", "WORKSHOP_KAFKA_CONTROLLER_PORT", "WORKSHOP_MONGO_PORT",
    "KAFKA_BOOTSTRAP_SERVERS", "MONGO_URI", "SPARK_MASTER", "WORKSHOP_TOPIC", "WORKSHOP_PARTITIONS",
    "WORKSHOP_DATABASE", "WORKSHOP_KAFKA_HEAP", "WORKSHOP_MONGO_HEAP", "WORKSHOP_JARS", "WORKSHOP_LAB_PORT", "WORKSHOP_BIND_HOST",
    "WORKSHOP_MQTT_PORT", "MQTT_BROKER", "WORKSHOP_MQTT_HEAP", "WORKSHOP_SPARK_UI_PORT", "WORKSHOP_SPARK_DRIVER_MEMORY",
    "WORKSHOP_SPARK_CLUSTER_PORT", "WORKSHOP_SPARK_CLUSTER_UI_PORT",
    "WORKSHOP_START_TIMEOUT", "WORKSHOP_MAVEN_REPO",
    "WORKSHOP_BROKER1_PORT", "WORKSHOP_BROKER2_PORT", "WORKSHOP_BROKER3_PORT", "WORKSHOP_BROKER_HEAP",
)
"""Every environment variable `settings()` reads (docker-compose may set only these)."""
