"""Each classroom learner's own names, set through the existing settings: topic, database, groups, queries, home."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .config import LAB_CONFIG_DIR, LEARNER_ACCOUNT_PREFIX, Settings

NAME = re.compile(r"^[a-z][a-z0-9]{0,15}$")
"""A learner's name: it becomes a Kafka name prefix, a MongoDB database name and (after the prefix) a system user."""
INSTRUCTOR = "instructor"
"""The hub admin's name (its account: wl-instructor)."""


@dataclass(frozen=True)
class Account:
    """One classroom account: a learner (or the instructor), their system and hub user, and their home."""

    name: str
    index: int
    """Its place in the class (0: the instructor); moves per-learner ports apart."""
    admin: bool = False

    @property
    def user(self) -> str:
        """The system user, which is also the hub user a learner logs in as (wl-alice)."""
        return f"{LEARNER_ACCOUNT_PREFIX}{self.name}"

    @property
    def home(self) -> Path:
        """The home folder `useradd` creates: the learner's notebooks, checkpoints and Spark scratch live here."""
        return Path("/home") / self.user


def check_name(name: str) -> str:
    """The name if it can be a learner's name, else ValueError saying what is allowed."""
    if not NAME.match(name) or name == INSTRUCTOR:
        raise ValueError(f"{name!r} cannot be a learner's name: use 1-16 lower-case letters and digits, starting with a "
                         f"letter (and not {INSTRUCTOR!r})")
    return name


def environment(account: Account, shared: Settings, venv: Path, lang: str) -> dict[str, str]:
    """The environment of a learner's server: their names through the workshop's settings, the class's shared servers."""
    workshop_home = account.home / ".workshop"
    return {
        "WORKSHOP_LEARNER": account.name,
        "WORKSHOP_TOPIC": f"{account.name}.{shared.topic}",
        "WORKSHOP_DATABASE": f"{shared.database}_{account.name}",
        "WORKSHOP_HOME": str(workshop_home),
        "WORKSHOP_JARS": str(shared.jar_cache),
        "KAFKA_BOOTSTRAP_SERVERS": shared.bootstrap_servers,
        "MONGO_URI": shared.mongo_uri,
        "SPARK_MASTER": shared.spark_master,
        "WORKSHOP_SPARK_UI_PORT": str(shared.spark_ui_port + 1 + account.index),
        "WORKSHOP_LANG": lang,
        "JUPYTER_CONFIG_PATH": str(LAB_CONFIG_DIR),
        "VIRTUAL_ENV": str(venv),
        "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    }
