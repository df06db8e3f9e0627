"""Settings come from the environment, with local defaults."""
from __future__ import annotations

import pytest

from workshop import config


def test_defaults_are_local(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in config.ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    s = config.settings()
    assert s.bootstrap_servers == "127.0.0.1:9092"
    assert s.mongo_uri == "mongodb://127.0.0.1:27017/"
    assert not s.kafka_external and not s.mongo_external
    assert s.topic == "sensor-stream" and s.partitions == 2
    assert s.spark_master.startswith("local")
    assert s.bind_host == "127.0.0.1"
    assert s.home == config.PROJECT_ROOT / ".workshop"


def test_external_servers_named_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:29092")
    monkeypatch.setenv("MONGO_URI", "mongodb://mongo:27017/")
    monkeypatch.setenv("SPARK_MASTER", "spark://master:7077")
    s = config.settings()
    assert (s.bootstrap_servers, s.kafka_external) == ("kafka:29092", True)
    assert (s.mongo_uri, s.mongo_external) == ("mongodb://mongo:27017/", True)
    assert s.spark_master == "spark://master:7077"


def test_ports_move_the_local_addresses(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("MONGO_URI", raising=False)
    monkeypatch.delenv("WORKSHOP_KAFKA_CONTROLLER_PORT", raising=False)
    monkeypatch.setenv("WORKSHOP_KAFKA_PORT", "29092")
    monkeypatch.setenv("WORKSHOP_MONGO_PORT", "47017")
    monkeypatch.setenv("WORKSHOP_HOME", str(tmp_path))
    s = config.settings()
    assert s.bootstrap_servers == "127.0.0.1:29092" and s.kafka_controller_port == 29093
    assert s.mongo_uri == "mongodb://127.0.0.1:47017/"
    assert s.checkpoints == tmp_path / "spark" / "checkpoints"


def test_bad_number_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSHOP_PARTITIONS", "two")
    with pytest.raises(ValueError, match="WORKSHOP_PARTITIONS"):
        config.settings()


def test_each_variable_is_declared_once() -> None:
    # both READMEs' tables are generated from the declarations: tests/test_readmes.py
    assert len(config.ENVIRONMENT_VARIABLES) == len(set(config.ENVIRONMENT_VARIABLES)) == len(config.DECLARED)


def test_every_declared_variable_changes_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    for name in config.ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    base = config.settings()
    for setting in config.DECLARED:
        value = str(tmp_path) if setting.variable in ("WORKSHOP_HOME", "WORKSHOP_JARS") else \
            "12345" if setting.variable.endswith(("_PORT", "_PARTITIONS", "_TIMEOUT")) else \
            "ko" if setting.variable == "WORKSHOP_LANG" else "host:1"
        monkeypatch.setenv(setting.variable, value)
        assert config.settings() != base, f"{setting.variable} is declared but settings() ignores it"
        assert config.changed() == {setting.variable: value}
        monkeypatch.delenv(setting.variable)
