"""Every workshop setting, read from the environment in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LAB_CONFIG_DIR = PROJECT_ROOT / "workshop" / "jupyter_config"
"""A Jupyter config folder (JUPYTER_CONFIG_PATH) whose labconfig/ sets the workshop's JupyterLab defaults (no news pop-up)."""

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

TEMPERATURE_RANGE = (-60.0, 150.0)
"""Physically plausible air temperatures in °C; anything outside is quarantined."""
MAX_FUTURE_SECONDS = 24 * 3600
"""A reading stamped further in the future than this is quarantined."""
CLASSROOM_PROXY_VERSION = "5.3.0"
"""configurable-http-proxy (npm), JupyterHub's proxy in `classroom start`: deploy/classroom/package.json pins it and
package-lock.json its whole tree; `npm ci` installs them into CLASSROOM_TOOLS/node_modules."""
CLASSROOM_TOOLS = PROJECT_ROOT / ".workshop-classroom"
"""The classroom's tools, readable by every learner's user: node_modules/ (the proxy) and learner-venv/ (their Python).

Apart from the servers' data (WORKSHOP_HOME), which the learners' users must not read.
"""
LEARNER_ACCOUNT_PREFIX = "wl-"
"""System (and hub) accounts `classroom start` creates begin with this, so they are recognisable and removable."""
ALERTS_TOPIC = "sensor-alerts"
"""Kafka topic of the hot-reading alerts written by notebook 05b's Real-time Mode query."""


@dataclass(frozen=True)
class Setting:
    """One environment variable the workshop reads: its default and what it means, in English and in Korean."""

    variable: str
    default: str
    """The value used when the variable is unset or empty; "" when it derives from another setting (see `meaning`)."""
    meaning: str
    meaning_ko: str = ""
    """The same meaning in Korean, for README.ko.md's table (tests/test_readmes.py fails when it is missing)."""


DECLARED: tuple[Setting, ...] = (
    Setting("KAFKA_BOOTSTRAP_SERVERS", "",
            "an external Kafka (host:port,...) to use instead of the embedded broker; `up` then starts none. "
            "Unset: 127.0.0.1:$WORKSHOP_KAFKA_PORT",
            "내장 브로커 대신 쓸 외부 Kafka(host:port,...). 설정하면 `up`은 브로커를 띄우지 않음. "
            "설정하지 않으면: 127.0.0.1:$WORKSHOP_KAFKA_PORT"),
    Setting("MONGO_URI", "",
            "an external MongoDB to use instead of the embedded server; `up` then starts none. "
            "Unset: mongodb://127.0.0.1:$WORKSHOP_MONGO_PORT/",
            "내장 서버 대신 쓸 외부 MongoDB. 설정하면 `up`은 서버를 띄우지 않음. "
            "설정하지 않으면: mongodb://127.0.0.1:$WORKSHOP_MONGO_PORT/"),
    Setting("MQTT_BROKER", "",
            "an external MQTT broker (host:port) for notebook 07. Unset: 127.0.0.1:$WORKSHOP_MQTT_PORT",
            "노트북 07이 쓸 외부 MQTT 브로커(host:port). 설정하지 않으면: 127.0.0.1:$WORKSHOP_MQTT_PORT"),
    Setting("SPARK_MASTER", "local[2]",
            "where Spark runs: e.g. spark://127.0.0.1:7077 (the cluster of `up --spark-cluster`) or spark://host:7077",
            "Spark가 도는 곳. 예: spark://127.0.0.1:7077(`up --spark-cluster`의 클러스터) 또는 "
            "spark://host:7077"),
    Setting("WORKSHOP_TOPIC", "sensor-stream", "the sensor topic", "센서 토픽"),
    Setting("WORKSHOP_PARTITIONS", "2", "partitions of the sensor topic", "센서 토픽의 파티션 수"),
    Setting("WORKSHOP_DATABASE", "workshop", "MongoDB database for readings, quarantine and window averages",
            "측정값, 격리(quarantine), 윈도 평균을 담는 MongoDB 데이터베이스"),
    Setting("WORKSHOP_HOME", ".workshop", "server data, logs and Spark checkpoints (the default is in the project folder)",
            "서버 데이터, 로그, Spark 체크포인트(기본값은 프로젝트 폴더 안)"),
    Setting("WORKSHOP_JARS", "", "the jar cache. Unset: $WORKSHOP_HOME/jars",
            "jar 캐시. 설정하지 않으면: $WORKSHOP_HOME/jars"),
    Setting("WORKSHOP_BIND_HOST", "127.0.0.1", "where the embedded servers listen; change only on purpose",
            "내장 서버가 연결을 받는 주소. 꼭 필요할 때만 바꾸세요"),
    Setting("WORKSHOP_KAFKA_PORT", "9092", "the embedded Kafka broker's port", "내장 Kafka 브로커의 포트"),
    Setting("WORKSHOP_KAFKA_CONTROLLER_PORT", "", "its KRaft controller's port. Unset: $WORKSHOP_KAFKA_PORT + 1",
            "그 브로커의 KRaft 컨트롤러 포트. 설정하지 않으면: $WORKSHOP_KAFKA_PORT + 1"),
    Setting("WORKSHOP_MONGO_PORT", "27017", "the embedded MongoDB server's port", "내장 MongoDB 서버의 포트"),
    Setting("WORKSHOP_MQTT_PORT", "1883", "the embedded MQTT broker's port (`up --mqtt`, notebook 07)",
            "내장 MQTT 브로커의 포트(`up --mqtt`, 노트북 07)"),
    Setting("WORKSHOP_LAB_PORT", "8888", "JupyterLab's port (`python -m workshop lab`)",
            "JupyterLab의 포트(`python -m workshop lab`)"),
    Setting("WORKSHOP_SPARK_UI_PORT", "4040", "the Spark UI of the notebooks' session",
            "노트북이 쓰는 Spark 세션의 Spark UI"),
    Setting("WORKSHOP_SPARK_CLUSTER_PORT", "7077", "the Spark standalone master of `up --spark-cluster`",
            "`up --spark-cluster`의 Spark 독립 실행형(standalone) 마스터"),
    Setting("WORKSHOP_SPARK_CLUSTER_UI_PORT", "8080", "its web UI (the worker's: this + 1)",
            "그 마스터의 웹 UI(워커의 웹 UI는 이 값 + 1)"),
    Setting("WORKSHOP_BROKER1_PORT", "9192", "broker 1 of `up --brokers 3` (its controller: this + 1)",
            "`up --brokers 3`의 브로커 1(그 컨트롤러는 이 값 + 1)"),
    Setting("WORKSHOP_BROKER2_PORT", "9292", "broker 2 of `up --brokers 3` (its controller: this + 1)",
            "`up --brokers 3`의 브로커 2(그 컨트롤러는 이 값 + 1)"),
    Setting("WORKSHOP_BROKER3_PORT", "9392", "broker 3 of `up --brokers 3` (its controller: this + 1)",
            "`up --brokers 3`의 브로커 3(그 컨트롤러는 이 값 + 1)"),
    Setting("WORKSHOP_KAFKA_HEAP", "384m", "heap of the embedded Kafka broker, taken whole at its start",
            "내장 Kafka 브로커의 힙. 시작할 때 한꺼번에 잡음"),
    Setting("WORKSHOP_BROKER_HEAP", "256m", "heap of each broker of `up --brokers 3`, taken whole at its start",
            "`up --brokers 3`의 브로커 하나하나의 힙. 시작할 때 한꺼번에 잡음"),
    Setting("WORKSHOP_MONGO_HEAP", "384m", "heap of the embedded MongoDB server, taken whole at its start",
            "내장 MongoDB 서버의 힙. 시작할 때 한꺼번에 잡음"),
    Setting("WORKSHOP_MQTT_HEAP", "128m", "heap of the embedded MQTT broker", "내장 MQTT 브로커의 힙"),
    Setting("WORKSHOP_SPARK_DRIVER_MEMORY", "768m", "heap of the notebooks' Spark driver, taken whole at its start",
            "노트북이 쓰는 Spark 드라이버의 힙. 시작할 때 한꺼번에 잡음"),
    Setting("WORKSHOP_START_TIMEOUT", "120", "seconds a server may take to answer after `up` starts it",
            "`up`이 서버를 시작한 뒤 응답을 기다려 주는 시간(초)"),
    Setting("WORKSHOP_MAVEN_REPO", "https://repo1.maven.org/maven2", "where the pinned jars are downloaded from",
            "고정된 버전의 jar를 내려받는 곳"),
    Setting("WORKSHOP_LEARNER", "",
            "the classroom learner these settings belong to (`classroom start` sets it in each learner's server, with "
            "their topic, database and home): their consumer groups and streaming queries are named `<learner>.`..., "
            "and `reset` deletes only topics and groups with that prefix. Unset: one learner, no prefix",
            "이 설정의 주인인 교실 학습자(`classroom start`가 학습자마다 그 서버에 토픽, 데이터베이스, "
            "홈과 함께 설정함). 그 학습자의 컨슈머 그룹과 스트리밍 쿼리 이름은 `<learner>.`로 시작하고, "
            "`reset`은 이 접두어가 붙은 토픽과 그룹만 지움. 설정하지 않으면: 학습자 한 명, 접두어 없음"),
    Setting("WORKSHOP_HUB_PORT", "8000",
            "the classroom's address for learners (JupyterHub's proxy, `classroom start`); the hub itself listens on "
            "this + 1 and the proxy's API on this + 2, both on 127.0.0.1",
            "학습자가 접속하는 교실 주소(JupyterHub의 프록시, `classroom start`). 허브 자체는 이 값 + 1, "
            "프록시의 API는 이 값 + 2에서 받으며 둘 다 127.0.0.1"),
    Setting("WORKSHOP_CLASSROOM_PYTHON", "/usr/bin/python3",
            "the Python (3.11+) the learners' environment is built from; it must be readable by every user (a pyenv "
            "Python under /root is not)",
            "학습자 환경을 만들 Python(3.11 이상). 모든 사용자가 읽을 수 있어야 함(/root 아래의 pyenv "
            "Python은 안 됨)"),
    Setting("WORKSHOP_LANG", "",
            "the learner's language, en or ko: exercise feedback, checks, `doctor`, plots and widgets "
            "(workshop/messages.py). Unset: ko in a kernel started in notebooks/ko/, else en",
            "학습자의 언어, en 또는 ko: 연습 문제 피드백, 확인 셀, `doctor`, 그래프, 위젯"
            "(workshop/messages.py). 설정하지 않으면: notebooks/ko/에서 시작한 커널은 ko, 그 밖에는 en"),
)
"""Every setting, declared once: `settings()`, both READMEs' tables (tools/readmes.py) and `doctor` read this."""

ENVIRONMENT_VARIABLES = tuple(setting.variable for setting in DECLARED)
"""Every environment variable `settings()` reads (docker-compose may set only these)."""
_DEFAULTS = {setting.variable: setting.default for setting in DECLARED}


def _env(name: str) -> str:
    """The variable's value, or its declared default when unset or empty."""
    return os.environ.get(name, "").strip() or _DEFAULTS[name]


def _env_int(name: str, default: int | None = None) -> int:
    raw = _env(name) or str(default)
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a whole number; unset it or give e.g. {_DEFAULTS[name] or default}") from None


def changed() -> dict[str, str]:
    """The settings the environment sets to something other than their default (what `doctor` shows)."""
    values = {name: os.environ.get(name, "").strip() for name in ENVIRONMENT_VARIABLES}
    return {name: value for name, value in values.items() if value and value != _DEFAULTS[name]}


_TABLE_WORDS = {"en": ("| Variable | Default | Meaning |", "(see meaning)"), "ko": ("| 변수 | 기본값 | 뜻 |", "(뜻 참고)")}


def markdown_table(lang: str = "en") -> str:
    """The README's configuration table, from DECLARED: README.md's in English, README.ko.md's with lang="ko"."""
    header, derived = _TABLE_WORDS[lang]
    rows = [f"| `{s.variable}` | {f'`{s.default}`' if s.default else derived} | {s.meaning_ko if lang == 'ko' else s.meaning} |"
            for s in DECLARED]
    return "\n".join([header, "|----------|---------|---------|", *rows])


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
    mqtt_port: int
    mqtt_address: str
    mqtt_external: bool
    mqtt_heap: str
    spark_ui_port: int
    spark_cluster_port: int
    spark_cluster_ui_port: int
    spark_driver_memory: str
    start_timeout: float
    maven_repo: str
    broker_ports: tuple[int, ...]
    broker_heap: str
    lang: str
    """The learner's language (`language()`): en, or ko in the Korean edition."""
    learner: str
    """The classroom learner (WORKSHOP_LEARNER), or "" outside a classroom."""
    hub_port: int
    classroom_python: str

    @property
    def prefix(self) -> str:
        """What a learner's own consumer groups and query names begin with: `<learner>.`, or "" outside a classroom."""
        return f"{self.learner}." if self.learner else ""

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
    raw_home = os.environ.get("WORKSHOP_HOME", "").strip()
    home = (Path(raw_home).expanduser() if raw_home else PROJECT_ROOT / _DEFAULTS["WORKSHOP_HOME"]).resolve()
    kafka_port = _env_int("WORKSHOP_KAFKA_PORT")
    mongo_port = _env_int("WORKSHOP_MONGO_PORT")
    mqtt_port = _env_int("WORKSHOP_MQTT_PORT")
    external_kafka, external_mongo, external_mqtt = _env("KAFKA_BOOTSTRAP_SERVERS"), _env("MONGO_URI"), _env("MQTT_BROKER")
    return Settings(
        home=home,
        kafka_port=kafka_port,
        kafka_controller_port=_env_int("WORKSHOP_KAFKA_CONTROLLER_PORT", kafka_port + 1),
        mongo_port=mongo_port,
        bootstrap_servers=external_kafka or f"127.0.0.1:{kafka_port}",
        mongo_uri=external_mongo or f"mongodb://127.0.0.1:{mongo_port}/",
        kafka_external=bool(external_kafka),
        mongo_external=bool(external_mongo),
        spark_master=_env("SPARK_MASTER"),
        topic=_env("WORKSHOP_TOPIC"),
        partitions=_env_int("WORKSHOP_PARTITIONS"),
        database=_env("WORKSHOP_DATABASE"),
        kafka_heap=_env("WORKSHOP_KAFKA_HEAP"),
        mongo_heap=_env("WORKSHOP_MONGO_HEAP"),
        jar_cache=Path(_env("WORKSHOP_JARS") or str(home / "jars")).expanduser().resolve(),
        lab_port=_env_int("WORKSHOP_LAB_PORT"),
        bind_host=_env("WORKSHOP_BIND_HOST"),
        mqtt_port=mqtt_port,
        mqtt_address=external_mqtt or f"127.0.0.1:{mqtt_port}",
        mqtt_external=bool(external_mqtt),
        mqtt_heap=_env("WORKSHOP_MQTT_HEAP"),
        spark_ui_port=_env_int("WORKSHOP_SPARK_UI_PORT"),
        spark_cluster_port=_env_int("WORKSHOP_SPARK_CLUSTER_PORT"),
        spark_cluster_ui_port=_env_int("WORKSHOP_SPARK_CLUSTER_UI_PORT"),
        spark_driver_memory=_env("WORKSHOP_SPARK_DRIVER_MEMORY"),
        start_timeout=float(_env_int("WORKSHOP_START_TIMEOUT")),
        maven_repo=_env("WORKSHOP_MAVEN_REPO").rstrip("/"),
        broker_ports=tuple(_env_int(f"WORKSHOP_BROKER{n}_PORT") for n in (1, 2, 3)),
        broker_heap=_env("WORKSHOP_BROKER_HEAP"),
        lang=language(),
        learner=_env("WORKSHOP_LEARNER"),
        hub_port=_env_int("WORKSHOP_HUB_PORT"),
        classroom_python=_env("WORKSHOP_CLASSROOM_PYTHON"),
    )


LANGUAGES = ("en", "ko")
"""The learner's languages: English (the source) and the Korean edition (notebooks/ko/)."""


def language() -> str:
    """The learner's language: WORKSHOP_LANG (en or ko) if set, else ko in a kernel started in notebooks/ko/, else en."""
    chosen = os.environ.get("WORKSHOP_LANG", "").strip().lower()
    if chosen:
        if chosen not in LANGUAGES:
            raise ValueError(f"WORKSHOP_LANG={chosen!r} is not one of {', '.join(LANGUAGES)}; unset it or give ko")
        return chosen
    cwd = Path.cwd()
    return cwd.name if cwd.name in LANGUAGES and cwd.parent.name == "notebooks" else "en"
