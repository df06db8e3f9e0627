"""The classroom server, live and as root: JupyterHub with two learners, one logged in through the login page in Chromium.

`classroom start` creates the accounts, starts the hub and its proxy on free ports and attaches to the test servers;
the test logs a learner in with the password from the sheet, sees their JupyterLab with their own copy of the
notebooks, checks that the server runs as their system user with their own names in its environment, then stops
and wipes the class and checks that no user, home or process is left. Skipped (with the reason) unless root.
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from helpers import free_port, wait_for
from workshop import accounts, classroom, classroom_tools, hub
from workshop.config import Settings, settings
from workshop.namespaces import INSTRUCTOR, Account

pytestmark = [pytest.mark.live, pytest.mark.classroom]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _rss_mib(pid: int) -> float:
    """A process's resident memory in MiB (from /proc)."""
    line = next(l for l in Path(f"/proc/{pid}/status").read_text().splitlines() if l.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _environ(pid: int) -> dict[str, str]:
    """A process's environment (as root, any process's /proc/<pid>/environ)."""
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(p.decode().split("=", 1) for p in pairs if b"=" in p)


def _hub_port() -> int:
    """A free port whose next two (the hub and the proxy's API) are free too."""
    while True:
        port = free_port()
        if all(not accounts.procs.port_in_use("127.0.0.1", p) for p in (port + 1, port + 2)):
            return port


@pytest.fixture(scope="module")
def room(live: Settings) -> Iterator[tuple[Settings, list[str], dict[str, str]]]:
    """A class of two learners on free ports: its settings, the learners' hub users, and the sheet's passwords."""
    if os.geteuid() != 0:
        pytest.skip("the classroom creates system users: run this test as root (CI does)")
    if CHROMIUM is None or shutil.which("npm") is None:
        pytest.skip("the classroom test needs Debian's chromium and Node.js with npm")
    if not classroom_tools.readable_by_all(classroom_tools.PROJECT_ROOT):
        pytest.skip(f"{classroom_tools.PROJECT_ROOT} cannot be read by other users, so learners' servers could not "
                    "import the workshop: test from a checkout others can read")
    if accounts.exists(Account(INSTRUCTOR, 0).user):
        pytest.skip("a classroom is set up on this machine (wl-instructor exists): the test would meet its accounts")
    tag = uuid.uuid4().hex[:4]
    names = [f"alice{tag}", f"bob{tag}"]
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKSHOP_HUB_PORT", str(_hub_port()))
    s = settings()
    started = time.monotonic()
    try:
        for line in classroom.start(s, names=names):
            print(line)
        print(f"classroom started in {time.monotonic() - started:.1f} s")
        sheet = (s.home / "classroom" / "sheet.txt").read_text().splitlines()
        passwords = dict(line.split() for line in sheet if line.startswith("wl-"))
        yield s, [f"wl-{n}" for n in names], passwords
    finally:
        for line in classroom.wipe(s):
            print(line)
        mp.undo()


def test_class_state_is_for_root_only(room: tuple[Settings, list[str], dict[str, str]]) -> None:
    s, users, passwords = room
    state = s.home / "classroom"
    assert set(passwords) == {"wl-instructor", *users} and len(set(passwords.values())) == 3
    for path in (state, state / "sheet.txt", state / "cookie_secret", state / "api_token"):
        assert path.stat().st_mode & 0o077 == 0, f"{path} is readable by others"
    for user in users:
        entry = pwd.getpwnam(user)
        home = Path(entry.pw_dir)
        assert home.stat().st_mode & 0o077 == 0 and home.stat().st_uid == entry.pw_uid
        copy = home / "workshop" / "notebooks" / "05_spark_structured_streaming.ipynb"
        assert copy.stat().st_uid == entry.pw_uid and (home / "workshop" / "images").is_dir()


def test_learner_logs_in_and_gets_their_own_lab(room: tuple[Settings, list[str], dict[str, str]]) -> None:
    from playwright.sync_api import sync_playwright

    s, (alice, bob), passwords = room
    h = classroom.hub_of(s)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{h.local_url}hub/login")
            page.fill("#username_input", bob)
            page.fill("#password_input", passwords[alice])
            page.click("#login_submit")
            page.wait_for_selector(".login_error", timeout=15_000)
            assert "/hub/login" in page.url, "bob got in with alice's password"
            started = time.monotonic()
            page.fill("#username_input", alice)
            page.fill("#password_input", passwords[alice])
            page.click("#login_submit")
            page.wait_for_url(f"**/user/{alice}/lab/**", timeout=90_000)
            page.get_by_text("05_spark_structured_streaming.ipynb").first.wait_for(timeout=60_000)
            print(f"{alice}: JupyterLab with their notebooks {time.monotonic() - started:.1f} s after logging in")
        finally:
            browser.close()
    users = {u["name"]: u for u in hub.api(h, "users")}
    server = users[alice]["servers"][""]
    assert server["ready"] and not users[bob]["servers"], users
    pid = int(server["state"]["pid"])
    status = Path(f"/proc/{pid}/status").read_text()
    uid = pwd.getpwnam(alice).pw_uid
    assert f"Uid:\t{uid}\t{uid}" in status, "the learner's server does not run as their own user"
    env = _environ(pid)
    assert all(arg in Path(f"/proc/{pid}/cmdline").read_bytes().decode() for arg in hub.LEARNER_SERVER_ARGS)
    name = alice.removeprefix("wl-")
    assert env["WORKSHOP_LEARNER"] == name
    assert env["WORKSHOP_TOPIC"] == f"{name}.{s.topic}" and env["WORKSHOP_DATABASE"] == f"{s.database}_{name}"
    assert env["WORKSHOP_HOME"] == f"/home/{alice}/.workshop"
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == s.bootstrap_servers and env["MONGO_URI"] == s.mongo_uri
    assert "WORKSHOP_KAFKA_PORT" not in env and "/root" not in env["PATH"], "root's environment leaked into theirs"
    hub_pid, proxy_pid = hub.hub_pid(h), hub.proxy_pid(h)
    assert hub_pid and proxy_pid
    print(f"memory (RSS): hub {_rss_mib(hub_pid):.0f} MiB, proxy {_rss_mib(proxy_pid):.0f} MiB, "
          f"{alice}'s server {_rss_mib(pid):.0f} MiB (before a kernel)")
    probe = ("from workshop import config, probes; s = config.settings(); "
             "print(s.topic, s.database, s.prefix, probes.kafka_answers(s.bootstrap_servers), "
             "probes.mongo_answers(s.mongo_uri), __import__('os').access(s.home.parent, 7), "
             f"[__import__('os').access(p, 4) for p in ({str(s.home / 'classroom' / 'sheet.txt')!r}, '/home/{bob}')])")
    pairs = [f"{k}={v}" for k, v in env.items()]
    seen = subprocess.run(["runuser", "-u", alice, "--", "env", "-i", *pairs, "python", "-c", probe], cwd="/",
                          capture_output=True, text=True, timeout=60)
    assert seen.stdout.split() == [f"{name}.{s.topic}", f"{s.database}_{name}", f"{name}.", "True", "True", "True",
                                 "[False,", "False]"], \
        seen.stderr
    ok, lines = classroom.status(s)
    assert ok and any(alice in line and "server ready" in line for line in lines), lines


def test_stop_and_wipe_leave_no_process_and_no_user(room: tuple[Settings, list[str], dict[str, str]]) -> None:
    s, users, _ = room
    h = classroom.hub_of(s)
    hub_pid, proxy_pid = hub.hub_pid(h), hub.proxy_pid(h)
    assert hub_pid and proxy_pid
    classroom.stop(s)
    assert not accounts.procs.alive(hub_pid) and not accounts.procs.alive(proxy_pid)
    assert all(not accounts.processes(u) for u in [*users, "wl-instructor"])
    assert all(accounts.exists(u) for u in users), "stop keeps the accounts"
    classroom.wipe(s)
    for user in [*users, "wl-instructor"]:
        assert not accounts.exists(user) and not Account(user.removeprefix("wl-"), 0).home.exists()
    assert not (s.home / "classroom").exists()
    wait_for(lambda: not hub.answers(h), "the hub's port to close", 10)
