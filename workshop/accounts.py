"""The classroom's system accounts: create them with a password each, furnish their homes, and remove them."""
from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import subprocess
from pathlib import Path

from . import procs
from .config import PROJECT_ROOT
from .errors import StackError
from .namespaces import Account

PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
"""Letters and digits a learner can read off paper without doubt (no 0/O, 1/l)."""
KOREAN_MENUS = {"locale": "ko_KR"}
"""JupyterLab's translation setting for a learner of the Korean edition (the language pack is in their environment)."""


def require_root(what: str) -> None:
    """Raise StackError unless this process is root: `what` creates or removes system users."""
    if os.geteuid() != 0:
        raise StackError(f"`{what}` needs root: the classroom creates (and removes) one system user per learner. "
                         f"Run it with sudo, e.g. `sudo .venv/bin/python -m workshop {what}`.")


def exists(user: str) -> bool:
    """Whether the system user exists."""
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True


def new_password(length: int = 10) -> str:
    """A random password for one learner, easy to copy from a printed sheet."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def create(account: Account, password: str) -> None:
    """Create the system user (own group, home readable by them only) and set its password."""
    if exists(account.user):
        raise StackError(f"system user {account.user} exists already; remove it (`classroom wipe`) or choose other names")
    comment = "workshop instructor" if account.admin else "workshop learner"
    subprocess.run(["useradd", "--create-home", "--home-dir", str(account.home), "--shell", "/bin/bash",
                    "--user-group", "--comment", comment, account.user], check=True, capture_output=True)
    account.home.chmod(0o700)
    subprocess.run(["chpasswd"], input=f"{account.user}:{password}\n", text=True, check=True, capture_output=True)


def furnish(account: Account, lang: str) -> Path:
    """Copy the edition's notebooks and their pictures into the learner's home (theirs to edit); return the folder."""
    folder = account.home / "workshop"
    source = PROJECT_ROOT / "notebooks"
    edition = source / lang if lang != "en" else source
    shutil.copytree(PROJECT_ROOT / "images", folder / "images", dirs_exist_ok=True)
    target = folder / "notebooks" / (lang if lang != "en" else "")
    target.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(edition.glob("[0-9]*.ipynb")):
        shutil.copy2(notebook, target / notebook.name)
    if lang == "ko":
        plugin = account.home / ".jupyter/lab/user-settings/@jupyterlab/translation-extension/plugin.jupyterlab-settings"
        plugin.parent.mkdir(parents=True, exist_ok=True)
        plugin.write_text(json.dumps(KOREAN_MENUS) + "\n", encoding="utf-8")
    entry = pwd.getpwnam(account.user)
    for path in [account.home, *account.home.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
    return folder


def processes(user: str) -> list[int]:
    """PIDs of the processes the user runs (from /proc)."""
    if not exists(user):
        return []
    uid = pwd.getpwnam(user).pw_uid
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        uids = next((line.split()[1:] for line in lines if line.startswith("Uid:")), [])
        if str(uid) in uids:
            found.append(int(status.parent.name))
    return found


def remove_processes(user: str) -> list[str]:
    """Stop whatever the user still runs (a kernel its server left behind), by PID; one line each."""
    lines = []
    for pid in processes(user):
        procs.terminate(pid, grace=5.0)
        lines.append(f"{user}: stopped process {pid}")
    return lines


def remove(user: str) -> list[str]:
    """Stop the user's processes (by PID), then remove the user, their group and their home; one line each."""
    lines = remove_processes(user)
    if exists(user):
        subprocess.run(["userdel", "--remove", user], check=True, capture_output=True)
        lines.append(f"{user}: removed (user, group, home)")
    return lines
