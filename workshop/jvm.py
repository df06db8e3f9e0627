"""Find Java, fetch the pinned Maven artifacts, and run JVM processes."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .config import settings
from .errors import JavaError  # noqa: F401  (re-exported: jvm.JavaError)

LOCK_FILE = Path(__file__).with_name("artifacts.json")
JAVA_SOURCES = Path(__file__).with_name("java")
MIN_JAVA = 17
TOOL_HEAP = "256m"
"""Heap of the short-lived Kafka tools (kafka-storage format, kafka-topics, ...)."""

def heap_flags(heap: str, fixed: bool = False) -> list[str]:
    """The JVM's heap flags: at most `heap`; `fixed` commits it at start (Kafka's brokers, as its own scripts do)."""
    return [f"-Xms{heap}", f"-Xmx{heap}"] if fixed else [f"-Xmx{heap}"]


@dataclass(frozen=True)
class Artifact:
    """One pinned jar from Maven Central."""

    coord: str
    sha1: str
    size: int

    @property
    def filename(self) -> str:
        """The jar's file name in the cache, `artifact-version.jar`."""
        _, artifact, version = self.coord.split(":")
        return f"{artifact}-{version}.jar"

    @property
    def url(self) -> str:
        """Where Maven Central keeps the jar."""
        group, artifact, version = self.coord.split(":")
        return f"{settings().maven_repo}/{group.replace('.', '/')}/{artifact}/{version}/{self.filename}"


def artifacts(group: str) -> list[Artifact]:
    """The pinned artifacts of one group: `kafka`, `mongo` or `spark-kafka`."""
    lock = json.loads(LOCK_FILE.read_text())
    if group not in lock:
        raise KeyError(f"unknown artifact group {group!r}; known: {', '.join(lock)}")
    return [Artifact(**entry) for entry in lock[group]]


def artifact_groups() -> list[str]:
    """Names of all artifact groups in the lock file."""
    return list(json.loads(LOCK_FILE.read_text()))


def file_sha1(path: Path) -> str:
    """The SHA-1 of a file, as Maven Central publishes it beside each jar."""
    digest = hashlib.sha1()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(artifact: Artifact, target: Path, progress: bool) -> None:
    part = target.with_suffix(".part")
    try:
        with urllib.request.urlopen(artifact.url, timeout=60) as response, part.open("wb") as out:
            shutil.copyfileobj(response, out, 1 << 20)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise RuntimeError(
            f"could not download {artifact.coord} from {artifact.url}: {exc}. "
            "Check the network (or WORKSHOP_MAVEN_REPO), or copy a prefetched jar cache into WORKSHOP_JARS."
        ) from exc
    if file_sha1(part) != artifact.sha1:
        part.unlink(missing_ok=True)
        raise RuntimeError(f"{artifact.coord}: checksum mismatch after download; run the command again")
    part.replace(target)
    if progress:
        print(f"  fetched {artifact.filename} ({artifact.size / 1e6:.1f} MB)", file=sys.stderr, flush=True)


def fetch(group: str, progress: bool = True) -> list[Path]:
    """Make sure every jar of a group is in the jar cache; return their paths."""
    cache = settings().jar_cache
    cache.mkdir(parents=True, exist_ok=True)
    wanted = artifacts(group)
    missing = [a for a in wanted if not (cache / a.filename).exists()]
    if missing and progress:
        total = sum(a.size for a in missing) / 1e6
        print(f"Downloading {len(missing)} {group} jars ({total:.0f} MB) into {cache} ...", file=sys.stderr, flush=True)
    for artifact in missing:
        _download(artifact, cache / artifact.filename, progress)
    return [cache / a.filename for a in wanted]


def classpath(group: str, progress: bool = True) -> str:
    """The class path of a group's jars, fetching what is missing."""
    return os.pathsep.join(str(p) for p in fetch(group, progress))


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
