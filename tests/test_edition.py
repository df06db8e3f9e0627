"""The Korean edition is built from the English notebooks and the catalogs, and never drifts from them (no servers)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workshop import edition

LANG = "ko"
NOTEBOOKS = edition.translated(LANG)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _committed(notebook: Path) -> dict:
    return json.loads((edition.edition_dir(LANG) / notebook.name).read_text(encoding="utf-8"))


def test_every_english_notebook_has_a_korean_edition() -> None:
    untranslated = [nb.name for nb in edition.english_notebooks() if nb not in NOTEBOOKS]
    assert not untranslated, f"no Korean catalog for {untranslated}: translate them (README.md, 'The Korean edition')"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_every_cell_that_needs_a_translation_has_a_current_one(notebook: Path) -> None:
    report = edition.Report()
    edition.build_notebook(LANG, notebook, report)
    assert report.lines() == [], "\n".join(report.lines()) + "\n" + "".join(d for _, _, d in report.stale)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_committed_korean_notebook_is_what_the_build_writes(notebook: Path) -> None:
    def strip(nb: dict) -> dict:
        cells = [{k: v for k, v in c.items() if k not in ("outputs", "execution_count")} for c in nb["cells"]]
        return {**nb, "cells": cells, "metadata": {k: v for k, v in nb["metadata"].items() if k != "widgets"}}

    built = strip(edition.build_notebook(LANG, notebook))
    assert strip(_committed(notebook)) == built, (
        f"notebooks/{LANG}/{notebook.name} differs from its build: run python -m workshop.edition {LANG}")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_code_is_identical_between_editions(notebook: Path) -> None:
    english = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    korean = _committed(notebook)["cells"]
    assert [(c["id"], c["cell_type"]) for c in korean] == [(c["id"], c["cell_type"]) for c in english]
    for en, ko in zip(english, korean):
        if en["cell_type"] == "code":
            assert edition.without_comments(edition.source(ko)) == edition.without_comments(edition.source(en)), (
                f"{notebook.name} cell {en['id']}: the code differs between the editions")
            assert [t for _, _, t in edition.comments(edition.source(ko)) if edition.DIRECTIVE.match(t)] == \
                [t for _, _, t in edition.comments(edition.source(en)) if edition.DIRECTIVE.match(t)]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_korean_markdown_renders_and_links_resolve(notebook: Path) -> None:
    folder = edition.edition_dir(LANG)
    for cell in _committed(notebook)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = edition.source(cell)
        assert HANGUL.search(text), f"{notebook.name} cell {cell['id']} is not in Korean"
        # CommonMark closes ** or * only when not preceded by punctuation unless followed by space/punctuation:
        # `**정지(Stop)**를` stays unbold. Write `**정지**(Stop)를`.
        broken = re.findall(r"\S*[)\]`'\".,:](?:\*\*|\*)(?=[\uac00-\ud7a3])\S*", text)
        assert not broken, f"{notebook.name} cell {cell['id']}: emphasis that will not render: {broken}"
        for target in re.findall(r"(?:\]\(|src=\")([^)\"#]+)", text):
            if re.match(r"[a-z]+://", target):
                continue
            assert (folder / target).resolve().exists(), f"{notebook.name} cell {cell['id']}: {target} does not exist"
            if target.endswith(".png"):
                assert f"/images/{LANG}/" in target, f"{notebook.name}: {target} is not the Korean picture"


def test_a_changed_english_cell_is_reported_stale_with_notebook_and_cell(tmp_path: Path, monkeypatch) -> None:
    english = tmp_path / "notebooks" / "04_demo.ipynb"
    english.parent.mkdir()
    cells: list[dict] = [
        {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# Topics\n", "A topic has partitions."]},
        {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["x = 1  # the first offset\n", "# NBVAL_IGNORE_OUTPUT\n", "print('not prose # here')"]},
    ]
    english.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    monkeypatch.setattr(edition, "NOTEBOOKS", english.parent)
    edition.record(LANG, english, "m1", "# 토픽(topic)\n토픽에는 파티션이 있습니다.")
    edition.record(LANG, english, "c1", ["# 첫 오프셋"])
    report = edition.build(LANG, [english])
    assert report.lines() == []
    built = json.loads((english.parent / LANG / english.name).read_text(encoding="utf-8"))["cells"]
    assert edition.source(built[1]) == "x = 1  # 첫 오프셋\n# NBVAL_IGNORE_OUTPUT\nprint('not prose # here')"

    cells[0]["source"][1] = "A topic has two partitions."
    cells[1]["source"][0] = "x = 2  # the first offset\n"  # code changed, comment not: still current
    english.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    report = edition.build(LANG, [english])
    assert report.lines() == ["stale:   04_demo.ipynb cell m1: the English changed after its translation"]
    assert "+A topic has two partitions." in report.stale[0][2]
    built = json.loads((english.parent / LANG / english.name).read_text(encoding="utf-8"))["cells"]
    assert edition.source(built[1]).startswith("x = 2  # 첫 오프셋")

    cells.append({"cell_type": "markdown", "id": "m2", "metadata": {}, "source": ["New text."]})
    english.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert "missing: 04_demo.ipynb cell m2 has no translation" in edition.build(LANG, [english]).lines()
    assert edition.main([LANG, "--check"]) == 1

    del cells[0]
    english.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert edition.prune(LANG, english) == ["m1"]
    assert set(edition.load_catalog(LANG, english)["cells"]) == {"c1"}


def test_cells_moved_to_another_notebook_take_their_translations_along(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    monkeypatch.setattr(edition, "NOTEBOOKS", folder)

    def write(name: str, cells: dict[str, str]) -> Path:
        path = folder / name
        path.write_text(json.dumps({"cells": [{"cell_type": "markdown", "id": cid, "metadata": {}, "source": [text]}
                                              for cid, text in cells.items()], "metadata": {}, "nbformat": 4,
                                    "nbformat_minor": 5}))
        return path

    first = write("05_demo.ipynb", {"m1": "Kept.", "m2": "Moved."})
    edition.record(LANG, first, "m1", "남은 셀.")
    edition.record(LANG, first, "m2", "옮긴 셀.")
    write("05_demo.ipynb", {"m1": "Kept."})
    second = write("05b_demo.ipynb", {"n1": "New.", "m2": "Moved."})
    assert edition.main([LANG, "--move", "05", "05b"]) == 0
    assert set(edition.load_catalog(LANG, first)["cells"]) == {"m1"}
    moved = edition.load_catalog(LANG, second)
    assert moved["notebook"] == "05b_demo.ipynb" and moved["cells"]["m2"]["text"] == "옮긴 셀."
    assert edition.build(LANG, [first, second]).lines() == ["missing: 05b_demo.ipynb cell n1 has no translation"]
    assert edition.move(LANG, first, second) == []


def test_links_move_one_folder_down_to_the_korean_pictures() -> None:
    text = "![흐름](../images/flow_overview.png) [README](../README.md) [05](05_spark.ipynb)"
    assert edition.relink(text, LANG) == (
        "![흐름](../../images/ko/flow_overview.png) [README](../../README.ko.md) [05](05_spark.ipynb)")


def test_the_korean_lab_opens_notebooks_ko_with_korean_menus(monkeypatch, tmp_path: Path) -> None:
    from jupyterlab_server.translation_utils import get_language_packs

    monkeypatch.setenv("WORKSHOP_HOME", str(tmp_path))
    options = edition.lab_options("ko")
    assert options["default_url"] == "/lab/tree/notebooks/ko"
    plugin = Path(options["user_settings_dir"]) / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    assert json.loads(plugin.read_text(encoding="utf-8")) == {"locale": "ko_KR"}
    assert "ko_KR" in get_language_packs()[0], "jupyterlab-language-pack-ko-kr is not installed"
    assert edition.lab_options("en") == {"default_url": "/lab/tree/notebooks"}


def test_readmes_link_each_other_and_the_korean_one_lists_every_notebook() -> None:
    root = edition.PROJECT_ROOT
    english, korean = (root / "README.md").read_text(encoding="utf-8"), (root / "README.ko.md").read_text(encoding="utf-8")
    assert "(README.ko.md)" in english and "(README.md)" in korean
    assert "python3 run.py --lang ko" in korean and "python3 run.py test" in korean
    unlisted = [nb.name for nb in edition.english_notebooks() if f"`{nb.name}`" not in korean]
    assert not unlisted, f"README.ko.md's notebook table lacks {unlisted}"
