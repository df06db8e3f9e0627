"""A streaming query's checkpoint folder: where it is, clearing it, and reading the offsets it committed."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from . import topics
from .config import settings


def checkpoint_dir(name: str) -> Path:
    """Where a named streaming query keeps its offsets and state."""
    return settings().checkpoints / name


def clear_checkpoint(name: str) -> bool:
    """Delete a query's checkpoint so its next start obeys startingOffsets again; return whether one existed."""
    path = checkpoint_dir(name)
    existed = path.exists()
    shutil.rmtree(path, ignore_errors=True)
    return existed


def committed_offsets(name: str = "readings") -> dict[str, dict[int, int]]:
    """Per topic and partition, the next offset a restarted query reads: the end of its last committed batch."""
    return committed_in(checkpoint_dir(name))


def committed_in(folder: Path) -> dict[str, dict[int, int]]:
    """committed_offsets of the checkpoint in `folder`: per topic and partition, the end of its last committed batch."""
    commits = [int(p.name) for p in (folder / "commits").glob("[0-9]*") if p.name.isdigit()]
    if not commits:
        return {}
    lines = (folder / "offsets" / str(max(commits))).read_text().splitlines()
    offsets: dict[str, dict[int, int]] = {}
    for line in lines[2:]:
        for topic, parts in json.loads(line).items():
            offsets[topic] = {int(p): int(o) for p, o in parts.items()}
    return offsets


def deleted_ranges(name: str = "readings") -> dict[str, dict[int, tuple[int, int]]]:
    """Offsets a query's checkpoint still needs but retention already deleted, per topic and partition."""
    lost: dict[str, dict[int, tuple[int, int]]] = {}
    for topic, parts in committed_offsets(name).items():
        for info in topics.partitions(topic):
            start = parts.get(info.partition, 0)
            if start < info.earliest:
                lost.setdefault(topic, {})[info.partition] = (start, info.earliest - 1)
    return lost
