"""The local Java: find it, check its version, compile the workshop's launchers with it, start JVM processes."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .config import settings
from .errors import JavaError

JAVA_SOURCES = Path(__file__).with_name("java")
MIN_JAVA = 17
TOOL_HEAP = "256m"
"""Heap of the short-lived Kafka tools (kafka-storage format, kafka-topics, ...)."""
PRE_TOUCH = "-XX:+AlwaysPreTouch"
"""Touch every page of the heap at start: a server's memory is all in use from `up` on, not reached after minutes."""


def heap_flags(heap: str, fixed: bool = False) -> list[str]:
    """The JVM's heap flags: at most `heap`; `fixed` takes all of it at start, so the process does not grow mid-class."""
    return [f"-Xms{heap}", f"-Xmx{heap}", PRE_TOUCH] if fixed else [f"-Xmx{heap}"]


def java_executable() -> str:
    """Path of the `java` to use: $JAVA_HOME/bin/java, else the one on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.exists():
            return str(candidate)
    found = shutil.which("java")
    if not found:
        raise JavaError(
            f"Java was not found. Install a JDK {MIN_JAVA}+ (e.g. `sudo apt-get install openjdk-17-jdk-headless`, "
            "`brew install openjdk@17`, or Temurin from adoptium) and set JAVA_HOME."
        )
    return found


def java_version(java: str | None = None) -> int:
    """The feature version of the Java runtime (17 for 17.0.15)."""
    return _java_version(java or java_executable())


@lru_cache(maxsize=8)
def _java_version(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        raise JavaError(f"could not read the Java version from `{java} -version`: {out.strip()[:200]}")
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 else major


def require_java() -> str:
    """Return the java executable, or raise JavaError if it is older than 17."""
    java = java_executable()
    version = java_version(java)
    if version < MIN_JAVA:
        raise JavaError(
            f"Java {version} found at {java}, but the workshop needs Java {MIN_JAVA}+. "
            f"Install a JDK {MIN_JAVA}+ and point JAVA_HOME at it."
        )
    return java


def javac_executable(java: str) -> str:
    """The `javac` beside a `java`, needed once to build the workshop's own launchers."""
    candidate = Path(java).resolve().parent / "javac"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("javac")
    if not found:
        raise JavaError("javac was not found: the workshop needs a full JDK 17+, not only a JRE.")
    return found


def compile_launcher(name: str, cp: str) -> Path:
    """Compile `java/<name>.java` once into the workshop home; return the class folder."""
    source = JAVA_SOURCES / f"{name}.java"
    out = settings().home / "classes" / name
    marker = out / f"{name}.class"
    if marker.exists() and marker.stat().st_mtime >= source.stat().st_mtime:
        return out
    out.mkdir(parents=True, exist_ok=True)
    javac = javac_executable(require_java())
    result = subprocess.run([javac, "-nowarn", "-cp", cp, "-d", str(out), str(source)], capture_output=True, text=True)
    if result.returncode != 0:
        raise JavaError(f"compiling {source.name} failed:\n{result.stderr.strip()}")
    return out


def spawn(args: Sequence[str], log_file: Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start a detached JVM whose output goes to `log_file`; it outlives this Python process."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        return subprocess.Popen([require_java(), *args], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                cwd=str(cwd), env={**os.environ, **(env or {})}, start_new_session=True)
