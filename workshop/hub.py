"""The classroom's JupyterHub: its configuration (read from the class record), its process, and its REST API."""
from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import procs
from .errors import StackError

SERVICE = "workshop-classroom"
"""The hub service whose token `classroom status` (and the tests) read the hub's REST API with."""
SERVICE_SCOPES = ["list:users", "read:users", "read:servers", "admin:server_state"]
"""What that token may do: list users and their servers, with each server's state (its PID). Nothing more."""

LEARNER_SERVER_ARGS = ["--MappingKernelManager.cull_idle_timeout=3600", "--MappingKernelManager.cull_interval=300",
                       "--MappingKernelManager.cull_connected=False"]
"""A learner's kernel (and its Spark driver) idle for an hour with no notebook open on it is shut down (jupyter_server's
own culling): memory comes back from kernels left behind in closed tabs."""


@dataclass(frozen=True)
class Hub:
    """Where one classroom's hub keeps its state (a folder only root reads), and where it listens."""

    state: Path
    port: int
    """The proxy's public port: the address learners open."""
    ip: str = "127.0.0.1"

    @property
    def url(self) -> str:
        """The address learners open in their browser."""
        return f"http://{self.ip}:{self.port}/"

    @property
    def local_url(self) -> str:
        """The same address from this machine."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def config(self) -> Path:
        """The jupyterhub_config.py `start` writes: it hands the hub's `c` to `configure`."""
        return self.state / "jupyterhub_config.py"

    @property
    def record(self) -> Path:
        """The class record: accounts, language, ports, each learner's environment."""
        return self.state / "class.json"

    @property
    def log(self) -> Path:
        """The hub's (and its proxy's) log."""
        return self.state / "jupyterhub.log"

    @property
    def pid_file(self) -> Path:
        """The hub's PID, written by the hub."""
        return self.state / "jupyterhub.pid"

    @property
    def proxy_pid_file(self) -> Path:
        """The proxy's PID, written by the hub when it starts the proxy."""
        return self.state / "proxy.pid"

    @property
    def token_file(self) -> Path:
        """The service token for the REST API (readable by root only)."""
        return self.state / "api_token"


def write_secret(path: Path, text: str) -> None:
    """Write a file only its owner may read (the hub refuses a cookie secret others can read)."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def configure(c: Any, record_path: str) -> None:
    """Configure JupyterHub from the class record (called by the jupyterhub_config.py `start` writes)."""
    record = json.loads(Path(record_path).read_text(encoding="utf-8"))
    state = Path(record_path).parent
    port, ip = int(record["port"]), record["ip"]
    environments: dict[str, dict[str, str]] = record["environments"]
    c.JupyterHub.bind_url = f"http://{ip}:{port}"
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{port + 1}"
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    c.ConfigurableHTTPProxy.command = [record["proxy"]]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    c.JupyterHub.authenticator_class = "pam"
    c.PAMAuthenticator.open_sessions = False  # no login session bookkeeping (no systemd-logind here)
    c.Authenticator.allowed_users = set(environments)
    c.Authenticator.admin_users = set(record["admins"])
    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.cmd = [str(Path(record["venv"]) / "bin" / "jupyterhub-singleuser")]
    c.Spawner.args = LEARNER_SERVER_ARGS
    c.Spawner.env_keep = ["LANG", "LC_ALL"]
    c.Spawner.notebook_dir = "~/workshop"
    c.Spawner.default_url = record["default_url"]
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 120
    c.JupyterHub.services = [{"name": SERVICE, "api_token": (state / "api_token").read_text().strip()}]
    c.JupyterHub.load_roles = [{"name": SERVICE, "scopes": SERVICE_SCOPES, "services": [SERVICE]}]

    def learner_environment(spawner: Any) -> None:
        spawner.environment = {**spawner.environment, **environments[spawner.user.name]}

    c.Spawner.pre_spawn_hook = learner_environment


def start(hub: Hub, timeout: float) -> int:
    """Start the hub (which starts its proxy) and wait until it answers through the proxy; its PID."""
    procs.require_free_port(hub.port, "the classroom's hub", "WORKSHOP_HUB_PORT")
    for internal in (hub.port + 1, hub.port + 2):
        procs.require_free_port(internal, "the classroom's hub (internal)", "WORKSHOP_HUB_PORT")
    hub.config.write_text("from workshop.hub import configure\n\n"
                          f"configure(c, {str(hub.record)!r})  # noqa: F821 (c is jupyterhub's config object)\n")
    from .classroom_tools import hub_command

    with hub.log.open("a", encoding="utf-8") as log:
        proc = subprocess.Popen([*hub_command(), "-f", str(hub.config)], cwd=hub.state, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    procs.wait_ready("jupyterhub", lambda: answers(hub), proc, hub.log, timeout)
    return proc.pid


def answers(hub: Hub) -> bool:
    """Whether the hub answers through its proxy."""
    try:
        with urllib.request.urlopen(f"{hub.local_url}hub/api/", timeout=2) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def _pid(path: Path, needle: str) -> int | None:
    """The PID recorded in `path` if that process still runs and its command line contains `needle`."""
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    return pid if procs.alive(pid) and needle in cmdline else None


def hub_pid(hub: Hub) -> int | None:
    """The running hub's PID, if it runs."""
    return _pid(hub.pid_file, str(hub.config))


def proxy_pid(hub: Hub) -> int | None:
    """The running proxy's PID, if it runs."""
    return _pid(hub.proxy_pid_file, "configurable-http-proxy")


def stop(hub: Hub) -> list[str]:
    """Stop the hub (it stops the learners' servers and its proxy), then the proxy if it is still there; by PID."""
    lines = []
    for name, pid in (("jupyterhub", hub_pid(hub)), ("proxy", proxy_pid(hub))):
        if pid is None:
            lines.append(f"{name}: not running")
            continue
        procs.terminate(pid, grace=20.0 if name == "jupyterhub" else 5.0)
        lines.append(f"{name}: stopped (pid {pid})")
    return lines


def api(hub: Hub, path: str) -> Any:
    """GET one path of the hub's REST API (e.g. `users`) with the classroom's service token; the decoded JSON."""
    request = urllib.request.Request(f"{hub.local_url}hub/api/{path}",
                                     headers={"Authorization": f"token {hub.token_file.read_text().strip()}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
    except (OSError, urllib.error.URLError) as exc:
        raise StackError(f"the hub does not answer at {hub.local_url} ({exc}); is the classroom started?") from exc
