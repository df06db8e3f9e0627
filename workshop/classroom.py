"""One machine serves a class: `python -m workshop classroom start|stop|status|wipe` (JupyterHub, accounts, one stack)."""
from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path

from . import accounts, classroom_tools, hub, registry, stack
from .config import Settings
from .errors import StackError
from .hub import Hub
from .namespaces import INSTRUCTOR, Account, check_name, environment

LAN_NOTE = """
  !! The classroom listens on {ip}, not only on 127.0.0.1: anyone who can reach this machine at that address
  !! sees the login page. Only accounts on the sheet can log in, but the traffic is plain HTTP (passwords included):
  !! use it on a class network you trust, or put an HTTPS reverse proxy in front. The Kafka and MongoDB servers
  !! still listen on 127.0.0.1 only; the learners' servers reach them from this machine.
"""


def hub_of(s: Settings, ip: str = "127.0.0.1") -> Hub:
    """The classroom of this workshop home: its state folder (root only) and its public port."""
    return Hub(state=s.home / "classroom", port=s.hub_port, ip=ip)


def roster(learners: int | None, names: list[str] | None) -> list[Account]:
    """The instructor (hub admin) and the learners: the names given, or learner01..learnerNN."""
    if names:
        chosen = [check_name(n.strip().lower()) for n in names if n.strip()]
    elif learners is not None and learners < 1:
        raise StackError(f"--learners {learners}: a class has at least one learner")
    elif learners:
        chosen = [f"learner{i:02d}" for i in range(1, learners + 1)]
    else:
        raise StackError("say who is in the class: `classroom start --learners 30` or `--names alice,bob`")
    if len(set(chosen)) != len(chosen):
        raise StackError(f"a name is given twice: {', '.join(chosen)}")
    return [Account(INSTRUCTOR, 0, admin=True), *(Account(name, i) for i, name in enumerate(chosen, start=1))]


def load(h: Hub) -> list[Account]:
    """The accounts of the class recorded in this home (none before the first `start`)."""
    if not h.record.exists():
        return []
    record = json.loads(h.record.read_text(encoding="utf-8"))
    return [Account(a["name"], a["index"], a["admin"]) for a in record["accounts"]]


def _sheet(h: Hub, passwords: dict[str, str]) -> Path:
    """Write the printable sheet (root only): the address, then each account's user and password."""
    lines = [f"Workshop classroom: open {h.url} and log in with your user and password.", "",
             f"{'user':<22} password", f"{'-' * 22} {'-' * 10}"]
    lines += [f"{user:<22} {password}" for user, password in passwords.items()]
    path = h.state / "sheet.txt"
    hub.write_secret(path, "\n".join(lines) + "\n")
    return path


def _record(h: Hub, s: Settings, people: list[Account], lang: str, venv: Path, proxy: Path) -> None:
    """Write the class record the hub's configuration reads: accounts, ports, each learner's environment."""
    record = {
        "port": h.port, "ip": h.ip, "lang": lang, "proxy": str(proxy), "venv": str(venv),
        "default_url": "/lab/tree/notebooks" + ("/ko" if lang == "ko" else ""),
        "admins": [a.user for a in people if a.admin],
        "accounts": [{"name": a.name, "index": a.index, "admin": a.admin} for a in people],
        "environments": {a.user: environment(a, s, venv, lang) for a in people},
    }
    h.record.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def _create(people: list[Account], lang: str) -> dict[str, str]:
    """Create and furnish every account, each with a new password; on any failure remove those created here, and raise."""
    passwords: dict[str, str] = {}
    created: list[str] = []
    try:
        for account in people:
            password = accounts.new_password()
            accounts.create(account, password)
            created.append(account.user)
            passwords[account.user] = password
            accounts.furnish(account, lang)
    except BaseException:
        for user in created:
            accounts.remove(user)
        raise
    return passwords


def _lock_server_data(s: Settings) -> None:
    """Keep the learners' users out of the shared servers' files: only the servers' API reaches their data."""
    for server in registry.catalog(s):
        if not server.external and server.data.exists():
            server.data.chmod(0o700)


def start(s: Settings, learners: int | None = None, names: list[str] | None = None, lang: str = "en",
          ip: str = "127.0.0.1") -> list[str]:
    """Set up the class (accounts, homes, tools) on first use, start the shared stack and the hub; what runs where."""
    accounts.require_root("classroom start")
    h = hub_of(s, ip)
    if hub.hub_pid(h):
        raise StackError(f"the classroom runs already ({h.local_url}); `classroom stop` first")
    proxy = classroom_tools.ensure_proxy()
    venv = classroom_tools.ensure_learner_venv(s)
    lines = stack.up(s)
    h.state.mkdir(parents=True, exist_ok=True)
    h.state.chmod(0o700)
    _lock_server_data(s)
    people = load(h)
    if people and (learners or names) and [a.name for a in people] != [a.name for a in roster(learners, names)]:
        raise StackError(f"a class is set up here already ({', '.join(a.user for a in people)}); "
                         "`classroom start` without names restarts it, `classroom wipe` removes it")
    if not people:
        people = roster(learners, names)
        passwords = _create(people, lang)
        lines.append(f"accounts: {len(people)} created ({people[0].user}, admin; "
                     f"{', '.join(a.user for a in people[1:])})")
        _sheet(h, passwords)
    else:
        lang = json.loads(h.record.read_text(encoding="utf-8"))["lang"]
    _record(h, s, people, lang, venv, proxy)
    hub.write_secret(h.token_file, secrets.token_hex(32) + "\n")
    hub.write_secret(h.state / "cookie_secret", secrets.token_hex(32) + "\n")
    pid = hub.start(h, s.start_timeout)
    lines += [f"jupyterhub: started (pid {pid}), learners open {h.url}",
              f"proxy: configurable-http-proxy (pid {hub.proxy_pid(h)}) on {h.ip}:{h.port}, its API on 127.0.0.1:{h.port + 2}",
              f"hub: on 127.0.0.1:{h.port + 1} (behind the proxy)",
              f"sheet of users and passwords (root only): {h.state / 'sheet.txt'}"]
    if ip != "127.0.0.1":
        lines.append(LAN_NOTE.format(ip=ip))
    return lines


def _halt(s: Settings, verb: str) -> tuple[Hub, list[str], list[Account]]:
    """Stop the hub, the proxy and whatever the class's users still run, by PID: the hub, what was said, the accounts."""
    accounts.require_root(verb)
    h = hub_of(s)
    lines = hub.stop(h)
    members = load(h)
    for account in members:
        lines += accounts.remove_processes(account.user)
    return h, lines, members


def stop(s: Settings) -> list[str]:
    """Stop the hub, the learners' servers and the proxy, by PID; accounts, homes and the shared stack stay."""
    _, lines, _ = _halt(s, "classroom stop")
    lines.append("accounts and their homes are kept (`classroom wipe` removes them); "
                 "the shared Kafka and MongoDB keep running (`python -m workshop down` stops them)")
    return lines


def wipe(s: Settings) -> list[str]:
    """Stop the class, then remove every account it created (user, group, home) and its state (sheet, tokens, hub db)."""
    h, lines, members = _halt(s, "classroom wipe")
    for account in members:
        lines += accounts.remove(account.user)
    shutil.rmtree(h.state, ignore_errors=True)
    lines.append(f"removed {h.state}")
    return lines


def status(s: Settings) -> tuple[bool, list[str]]:
    """Whether the hub runs, and one line per account: logged in, server running (from the hub's REST API)."""
    accounts.require_root("classroom status")  # the class record and the API token are root's only
    h = hub_of(s)
    people = load(h)
    pid = hub.hub_pid(h)
    if not people:
        return False, ["classroom: not set up here (`classroom start --learners N`)"]
    if not pid:
        return False, [f"classroom: hub stopped; {len(people)} accounts ({', '.join(a.user for a in people)})"]
    users = {u["name"]: u for u in hub.api(h, "users")}
    lines = [f"classroom: hub running (pid {pid}, proxy pid {hub.proxy_pid(h)}) at {h.local_url}"]
    for account in people:
        user = users.get(account.user, {})
        server = (user.get("servers") or {}).get("")
        state = "never logged in" if not user.get("last_activity") else "logged in, no server"
        if server:
            state = f"server {'ready' if server.get('ready') else 'starting'} (pid {server.get('state', {}).get('pid')})"
        role = "instructor" if account.admin else f"learner {account.name}"
        lines.append(f"  {account.user:<22} {role:<20} {state}")
    return True, lines

