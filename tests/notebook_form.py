#!/usr/bin/env python3
"""Rewrite notebooks in the form JupyterLab saves them, so opening one in the lab does not mark it modified.

    python3 tests/notebook_form.py [notebook or folder ...]     (default: every notebook under notebooks/)

JupyterLab marks a notebook modified on open when its kernelspec differs from the kernel it starts
(ipykernel's display name is "Python 3 (ipykernel)"), and on save it writes every number through
JavaScript, where 200.0 becomes 200 (ipywidgets' saved state is full of such floats). Standard library only.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
"""The kernelspec ipykernel installs, as JupyterLab writes it into a notebook whose kernel started."""


def _as_javascript(value: Any) -> Any:
    """The value after a round trip through JavaScript's JSON: integral floats become integers."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {key: _as_javascript(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_javascript(item) for item in value]
    return value


def _merged_streams(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive outputs of one stream as one, as JupyterLab's output area keeps (and saves) them."""
    merged: list[dict[str, Any]] = []
    for output in outputs:
        last = merged[-1] if merged else None
        if last and output["output_type"] == last["output_type"] == "stream" and output["name"] == last["name"]:
            lines = "".join(last["text"]) + "".join(output["text"])
            last["text"] = lines.splitlines(keepends=True)
        else:
            merged.append(output)
    return merged


def lab_form(text: str) -> str:
    """A notebook's text as JupyterLab would save it, unchanged, after opening it and starting its kernel."""
    notebook = json.loads(text)
    notebook["metadata"]["kernelspec"] = dict(KERNELSPEC)
    for cell in notebook["cells"]:
        cell.get("metadata", {}).pop("execution", None)
        if "outputs" in cell:
            cell["outputs"] = _merged_streams(cell["outputs"])
    return json.dumps(_as_javascript(notebook), sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def notebooks(paths: list[str]) -> list[Path]:
    """The notebooks named, or found under the folders named (default: notebooks/)."""
    found: list[Path] = []
    for name in paths or [str(ROOT / "notebooks")]:
        path = Path(name)
        found += sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts) if path.is_dir() else [path]
    return found


def main(argv: list[str]) -> int:
    """Rewrite the notebooks that are not yet in JupyterLab's form; print their names."""
    for path in notebooks(argv):
        text = path.read_text(encoding="utf-8")
        if lab_form(text) != text:
            path.write_text(lab_form(text), encoding="utf-8")
            print(f"rewritten: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
