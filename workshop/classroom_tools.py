"""The classroom's tools, installed once into CLASSROOM_TOOLS: JupyterHub's proxy (npm) and the learners' Python."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from .config import CLASSROOM_PROXY_VERSION, CLASSROOM_TOOLS, PROJECT_ROOT, Settings
from .errors import StackError

LEARNER_REQUIREMENTS = ("requirements.txt", "requirements-classroom.txt")
"""What a learner's environment holds: what a learner installs, and jupyterhub for their single-user server."""
PROXY_PACKAGE = PROJECT_ROOT / "deploy" / "classroom"
"""package.json and package-lock.json pinning the proxy and everything it needs (`npm ci` installs exactly that)."""
PROXY = CLASSROOM_TOOLS / "node_modules" / ".bin" / "configurable-http-proxy"
LEARNER_VENV = CLASSROOM_TOOLS / "learner-venv"


def readable_by_all(path: Path) -> bool:
    """Whether every user can reach `path` (every folder above it may be entered by others)."""
    return all(parent.stat().st_mode & 0o001 for parent in [path, *path.parents] if parent.exists())


def ensure_proxy() -> Path:
    """Install the pinned configurable-http-proxy (its whole tree, from deploy/classroom's lock) unless it is there."""
    lock = PROXY_PACKAGE / "package-lock.json"
    stamp = CLASSROOM_TOOLS / "package-lock.json"
    if PROXY.exists() and stamp.exists() and stamp.read_bytes() == lock.read_bytes():
        return PROXY
    npm = shutil.which("npm")
    if not npm:
        raise StackError("npm is not installed: the classroom's proxy (configurable-http-proxy) comes from npm. "
                         "Install Node.js 20+ with npm (e.g. `apt-get install nodejs npm`) and run again.")
    print(f"Installing configurable-http-proxy {CLASSROOM_PROXY_VERSION} into {CLASSROOM_TOOLS} ...", flush=True)
    CLASSROOM_TOOLS.mkdir(parents=True, exist_ok=True)
    CLASSROOM_TOOLS.chmod(0o755)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(PROXY_PACKAGE / name, CLASSROOM_TOOLS / name)
    subprocess.run([npm, "ci", "--prefix", str(CLASSROOM_TOOLS), "--no-audit", "--no-fund", "--omit=dev"], check=True)
    return PROXY


def _python_version(python: str) -> tuple[int, int]:
    out = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True, text=True)
    if out.returncode != 0:
        raise StackError(f"{python} does not run; set WORKSHOP_CLASSROOM_PYTHON to a Python 3.11+ every user can read")
    major, minor = out.stdout.split()
    return int(major), int(minor)


def ensure_learner_venv(s: Settings) -> Path:
    """Build the learners' environment from a system Python (readable by every user) when its requirements changed."""
    python = s.classroom_python
    if not readable_by_all(Path(python).resolve()):
        raise StackError(f"{python} lives where other users cannot read it (e.g. a pyenv Python under /root); learners' "
                         "servers could not start. Set WORKSHOP_CLASSROOM_PYTHON to a system Python such as /usr/bin/python3.")
    if _python_version(python) < (3, 11):
        raise StackError(f"{python} is older than Python 3.11; set WORKSHOP_CLASSROOM_PYTHON to a Python 3.11+")
    if not readable_by_all(PROJECT_ROOT):
        raise StackError(f"{PROJECT_ROOT} cannot be read by other users, and the learners' kernels import `workshop` "
                         "from it. Move the project (e.g. to /opt/workshop) or `chmod o+rx` the folders above it.")
    digest = hashlib.sha256(python.encode() + b"".join((PROJECT_ROOT / f).read_bytes() for f in LEARNER_REQUIREMENTS))
    stamp = LEARNER_VENV / ".requirements.sha256"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return LEARNER_VENV
    print(f"Building the learners' environment in {LEARNER_VENV} from {python} (once; a few minutes) ...", flush=True)
    CLASSROOM_TOOLS.mkdir(parents=True, exist_ok=True)
    CLASSROOM_TOOLS.chmod(0o755)
    subprocess.run([python, "-m", "venv", "--clear", str(LEARNER_VENV)], check=True)
    pip = [str(LEARNER_VENV / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, *(a for f in LEARNER_REQUIREMENTS for a in ("-r", str(PROJECT_ROOT / f)))], check=True)
    # `workshop` itself from the project folder, as the instructor's editable install: a .pth line, nothing built.
    site = next((LEARNER_VENV / "lib").glob("python3.*/site-packages"))
    (site / "workshop-project.pth").write_text(f"{PROJECT_ROOT}\n")
    subprocess.run(["chmod", "-R", "a+rX", str(LEARNER_VENV)], check=True)
    stamp.write_text(digest.hexdigest())
    return LEARNER_VENV


def hub_command() -> list[str]:
    """How the hub starts: this environment's jupyterhub (the hub runs as root, from the instructor's .venv)."""
    return [sys.executable, "-m", "jupyterhub"]
