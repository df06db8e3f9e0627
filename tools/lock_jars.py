#!/usr/bin/env python3
"""Regenerate workshop/artifacts.json from the wanted top-level coordinates in tools/jars.json (contributors; needs `mvn`).

    python tools/lock_jars.py            # resolve every group with Maven and rewrite the lock
    python tools/lock_jars.py --check    # resolve and compare: exit 1 and print the differences if the lock is stale
    python tools/lock_jars.py kafka      # only some groups (the others are kept as they are)

Maven resolves each group's roots (runtime scope, nearest version wins, the group's exclusions applied) and downloads
the jars with checksum verification (--strict-checksums); the lock records each jar's coordinate, SHA-1 and size.
Learners never run this: `python -m workshop prefetch` fetches exactly what the lock names, checking each SHA-1.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from workshop.jars import file_sha1

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tools" / "jars.json"
LOCK = ROOT / "workshop" / "artifacts.json"


def pom(roots: list[str], exclude: list[str]) -> str:
    """A throwaway POM depending on `roots`, each with `exclude` (group:artifact, `*` allowed) left out."""
    exclusions = "".join(
        f"<exclusion><groupId>{escape(g)}</groupId><artifactId>{escape(a)}</artifactId></exclusion>"
        for g, a in (e.split(":") for e in exclude))
    deps = "".join(
        f"<dependency><groupId>{escape(g)}</groupId><artifactId>{escape(a)}</artifactId><version>{escape(v)}</version>"
        f"<exclusions>{exclusions}</exclusions></dependency>"
        for g, a, v in (r.split(":") for r in roots))
    return ('<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
            "<groupId>workshop</groupId><artifactId>jar-lock</artifactId><version>0</version>"
            f"<dependencies>{deps}</dependencies></project>")


def resolve(roots: list[str], exclude: list[str], mvn: str) -> list[dict[str, Any]]:
    """The jars Maven resolves for a group, as lock entries sorted by coordinate."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "pom.xml").write_text(pom(roots, exclude))
        listing = folder / "list.txt"
        result = subprocess.run([mvn, "-B", "-q", "--strict-checksums", "-f", str(folder / "pom.xml"),
                                 "dependency:list", "-DincludeScope=runtime", "-DoutputAbsoluteArtifactFilename=true",
                                 f"-DoutputFile={listing}"], capture_output=True, text=True, timeout=1800)
        if result.returncode != 0:
            sys.exit(f"mvn could not resolve {roots}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
        entries = []
        for line in listing.read_text().splitlines():
            # group:artifact:jar[:classifier]:version:scope:/path/to.jar[ -- module name]
            parts = line.strip().split(":")
            scope = next((i for i, p in enumerate(parts) if p in ("compile", "runtime")), None)
            if scope is None or parts[2] != "jar" or scope != 4:  # classified jars (natives) are not locked
                continue
            group, artifact, version = parts[0], parts[1], parts[3]
            jar = Path(":".join(parts[scope + 1:]).split(" -- ")[0].strip())
            entries.append({"coord": f"{group}:{artifact}:{version}", "sha1": file_sha1(jar), "size": jar.stat().st_size})
    return sorted(entries, key=lambda e: str(e["coord"]))


def main(argv: list[str] | None = None) -> int:
    """Resolve the chosen groups and write (or, with --check, compare with) the lock file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help="groups to resolve (default: all in tools/jars.json)")
    parser.add_argument("--check", action="store_true", help="compare with the lock instead of writing it")
    args = parser.parse_args(argv)
    mvn = shutil.which("mvn")
    if not mvn:
        sys.exit("Maven (`mvn`, 3.8+) is needed to resolve the jars: e.g. `sudo apt-get install maven`.")
    spec = {k: v for k, v in json.loads(SPEC.read_text()).items() if not k.startswith("_")}
    lock = json.loads(LOCK.read_text())
    unknown = set(args.groups) - set(spec)
    if unknown:
        sys.exit(f"unknown group(s) {sorted(unknown)}; known: {', '.join(spec)}")
    resolved = {name: resolve(spec[name]["roots"], spec[name].get("exclude", []), mvn)
                for name in (args.groups or spec)}
    new: dict[str, list[dict[str, Any]]] = {name: resolved[name] if name in resolved else lock[name]
                                            for name in spec if name in resolved or name in lock}
    if args.check:
        stale = False
        for name in resolved:
            old = {e["coord"]: e for e in lock.get(name, [])}
            now = {str(e["coord"]): e for e in resolved[name]}
            for coord in sorted(set(old) | set(now)):
                if old.get(coord) != now.get(coord):
                    stale = True
                    print(f"{name}: {coord}: lock {old.get(coord)} resolved {now.get(coord)}")
        print("the lock is stale" if stale else "the lock matches the resolution")
        return 1 if stale else 0
    LOCK.write_text(json.dumps(new, indent=2) + "\n")
    for name, entries in new.items():
        print(f"{name}: {len(entries)} jars, {sum(int(e['size']) for e in entries) / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
