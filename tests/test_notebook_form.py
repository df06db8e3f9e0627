"""Every committed notebook is already in the form JupyterLab saves, so opening it does not mark it modified."""
from __future__ import annotations

import json

import pytest

from notebook_form import KERNELSPEC, ROOT, lab_form, notebooks

NOTEBOOKS = notebooks([])


def test_notebooks_are_found() -> None:
    assert len(NOTEBOOKS) >= 9, NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_notebook_is_in_jupyterlab_form(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert lab_form(text) == text, f"{path.name} changes when JupyterLab opens it: run `python3 tests/notebook_form.py`"


def test_lab_form_is_what_jupyterlab_writes() -> None:
    written = json.loads(lab_form(json.dumps({
        "cells": [{"cell_type": "code", "metadata": {"execution": {"iopub.status.busy": "2026"}}, "source": "", "outputs": []}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "widgets": {"state": {"slider": {"max": 200.0, "step": 0.5, "value": 100}}}},
        "nbformat": 4, "nbformat_minor": 5})))
    assert written["metadata"]["kernelspec"] == KERNELSPEC
    assert written["cells"][0]["metadata"] == {}
    state = written["metadata"]["widgets"]["state"]["slider"]
    assert state == {"max": 200, "step": 0.5, "value": 100} and isinstance(state["max"], int)
