"""A classroom's accounts and each learner's own names (no servers, no root: the quick tier)."""
from __future__ import annotations

from pathlib import Path

import pytest

from workshop import classroom, config, namespaces
from workshop.errors import StackError
from workshop.namespaces import Account


def test_roster_names_the_instructor_and_the_learners() -> None:
    people = classroom.roster(3, None)
    assert [a.user for a in people] == ["wl-instructor", "wl-learner01", "wl-learner02", "wl-learner03"]
    assert [a.admin for a in people] == [True, False, False, False]
    assert [a.user for a in classroom.roster(None, ["Alice", "bob"])][1:] == ["wl-alice", "wl-bob"]
    for bad in (["instructor"], ["al ice"], ["1bob"], ["alice", "alice"]):
        with pytest.raises((ValueError, StackError)):
            classroom.roster(None, bad)
    with pytest.raises(StackError, match="--learners"):
        classroom.roster(None, None)


def test_learner_environment_sets_their_names_through_the_settings(defaults: config.Settings,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    alice = Account("alice", 1)
    env = namespaces.environment(alice, defaults, Path("/opt/venv"), "ko")
    assert set(env) - {"VIRTUAL_ENV", "PATH"} <= set(config.ENVIRONMENT_VARIABLES) | {"JUPYTER_CONFIG_PATH"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    mine = config.settings()
    assert (mine.learner, mine.prefix, mine.topic, mine.database) == ("alice", "alice.", "alice.sensor-stream",
                                                                     "workshop_alice")
    assert mine.home == Path("/home/wl-alice/.workshop") and mine.checkpoints.is_relative_to(alice.home)
    assert (mine.bootstrap_servers, mine.mongo_uri) == (defaults.bootstrap_servers, defaults.mongo_uri)
    assert mine.kafka_external and mine.mongo_external, "a learner's `up` must attach to the class's servers"
    assert mine.jar_cache == defaults.jar_cache and mine.lang == "ko"
    assert mine.spark_ui_port != defaults.spark_ui_port
    assert env["PATH"].startswith("/opt/venv/bin:") and "/root" not in env["PATH"]


def test_commands_that_create_users_need_root(defaults: config.Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    for verb in (classroom.start, classroom.stop, classroom.wipe, classroom.status):
        with pytest.raises(StackError, match="needs root"):
            verb(defaults)


def test_proxy_pin_is_one_version() -> None:
    import json

    from workshop import classroom_tools

    package = json.loads((classroom_tools.PROXY_PACKAGE / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((classroom_tools.PROXY_PACKAGE / "package-lock.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["configurable-http-proxy"] == config.CLASSROOM_PROXY_VERSION
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == config.CLASSROOM_PROXY_VERSION


def test_reset_keeps_to_a_learners_own_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from workshop import reset, topics

    monkeypatch.setattr(topics, "list_topics", lambda: ["alice.sensor-stream", "alice.workshop-x", "bob.sensor-stream",
                                                         "workshop-demo", "sensor-stream"])
    monkeypatch.setattr(topics, "list_groups", lambda: ["alice.readers", "bob.readers", "workshop-latest",
                                                         "spark-kafka-source-1"])
    monkeypatch.setenv("WORKSHOP_LEARNER", "alice")
    monkeypatch.setenv("WORKSHOP_TOPIC", "alice.sensor-stream")
    assert reset._topics() == ["alice.sensor-stream", "alice.workshop-x"] and reset._groups() == ["alice.readers"]
    monkeypatch.delenv("WORKSHOP_LEARNER")
    monkeypatch.setenv("WORKSHOP_TOPIC", "sensor-stream")
    assert reset._topics() == ["workshop-demo", "sensor-stream"]
    assert reset._groups() == ["workshop-latest", "spark-kafka-source-1"]


def test_a_failed_start_removes_only_the_accounts_it_created(monkeypatch: pytest.MonkeyPatch) -> None:
    from workshop import accounts

    removed: list[str] = []

    def create(account: Account, password: str) -> None:
        if account.name == "bob":
            raise StackError("system user wl-bob exists already")

    monkeypatch.setattr(accounts, "create", create)
    monkeypatch.setattr(accounts, "furnish", lambda account, lang: account.home)
    def remove(user: str) -> list[str]:
        removed.append(user)
        return []

    monkeypatch.setattr(accounts, "remove", remove)
    with pytest.raises(StackError, match="wl-bob"):
        classroom._create(classroom.roster(None, ["alice", "bob", "carol"]), "en")
    assert removed == ["wl-instructor", "wl-alice"], "wl-bob was there before: it is not ours to remove"
