"""Each notebook's execution time under nbval, and the suite's total."""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from run import NBVAL
from workshop.config import PROJECT_ROOT

from .stats import Metric

NOTEBOOK = re.compile(r"([\w-]+)\.ipynb")


def per_notebook(junit_xml: str) -> dict[str, dict[str, float | int]]:
    """Seconds, cells and failures per notebook from a pytest junit XML report (pure)."""
    root = ET.fromstring(junit_xml)
    out: dict[str, dict[str, float | int]] = {}
    for case in root.iter("testcase"):
        where = " ".join(case.get(k, "") for k in ("file", "classname", "name"))
        match = NOTEBOOK.search(where)
        if not match:
            continue
        entry = out.setdefault(match.group(1) + ".ipynb", {"seconds": 0.0, "cells": 0, "failed": 0})
        entry["seconds"] = round(float(entry["seconds"]) + float(case.get("time", 0) or 0), 3)
        entry["cells"] = int(entry["cells"]) + 1
        if case.find("failure") is not None or case.find("error") is not None:
            entry["failed"] = int(entry["failed"]) + 1
    return dict(sorted(out.items()))


def run() -> list[Metric]:
    """Run `pytest notebooks/` (nbval, the repo's pytest.ini) in the benchmark environment; one row per notebook."""
    folder = PROJECT_ROOT / "notebooks"
    if not folder.is_dir() or not list(folder.glob("*.ipynb")):
        return [Metric("notebooks under nbval: total", None, "s", 300.0, "max", note="no notebooks/ yet")]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "nbval.xml"
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "pytest", *NBVAL, "notebooks", "-q", f"--junitxml={report}"],
                                cwd=PROJECT_ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - started
        notebooks = per_notebook(report.read_text()) if report.exists() else {}
    failed = sum(int(n["failed"]) for n in notebooks.values())
    metrics = [Metric(f"notebook {name}", float(n["seconds"]), "s",
                      note=f"{n['cells']} cells" + (f", {n['failed']} FAILED" if n["failed"] else ""))
               for name, n in notebooks.items()]
    metrics.append(Metric("notebooks under nbval: total", wall, "s", 300.0, "max",
                          note=f"pytest wall time, exit {result.returncode}, {failed} failed cells",
                          details={"notebooks": notebooks, "pytest_tail": result.stdout[-1500:]}))
    return metrics
