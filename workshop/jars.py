"""The pinned Maven jars: the lock file, downloads checked against their SHA-1, the jar cache, class paths."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .config import settings

LOCK_FILE = Path(__file__).with_name("artifacts.json")


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
