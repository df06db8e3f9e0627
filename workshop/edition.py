"""Build a translated edition of the notebooks from the English ones and a per-notebook catalog: `python -m workshop.edition ko`.

English notebooks in notebooks/ are the source. notebooks/<lang>/catalog/NN_name.json holds, per cell id, the
translation and the hash of the English it translates: markdown cells whole, code cells only their comments
(the code is copied unchanged). A cell whose English changed since its translation is *stale*.
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import io
import json
import re
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from .config import PROJECT_ROOT, language, settings

NOTEBOOKS = PROJECT_ROOT / "notebooks"
EDITIONS = ("ko",)
LOCALES = {"ko": "ko_KR"}
"""JupyterLab's locale for each edition (its language pack, jupyterlab-language-pack-ko-kr, is in requirements.txt)."""
DIRECTIVE = re.compile(r"#\s*(NBVAL_\w+|noqa\b|type:|pragma\b|fmt:)")
"""Comments that are instructions to tools, not prose: copied as they are."""
MAGIC = re.compile(r"^\s*[%!]")


def edition_dir(lang: str) -> Path:
    """notebooks/<lang>/: the built notebooks of one edition."""
    return NOTEBOOKS / lang


def catalog_path(lang: str, notebook: Path) -> Path:
    """The translation catalog of one English notebook."""
    return edition_dir(lang) / "catalog" / f"{notebook.stem}.json"


def english_notebooks() -> list[Path]:
    """The English notebooks, the source of every edition, in teaching order."""
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if re.match(r"\d\d[a-z]?_", p.name))


def source(cell: dict) -> str:
    """A cell's source as one string."""
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def comments(code: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of each comment in a code cell; IPython magic and shell lines are skipped."""
    masked = "".join("\n" if MAGIC.match(line) else line for line in _lines(code))
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(masked).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
    return [(t.start[0], t.start[1], t.string) for t in tokens if t.type == tokenize.COMMENT]


def prose_comments(code: str) -> list[str]:
    """The comments of a code cell that a learner reads as prose (not tool directives, not bare rules)."""
    return [text for _, _, text in comments(code) if not DIRECTIVE.match(text) and re.search(r"[A-Za-z]", text)]


def without_comments(code: str) -> str:
    """A code cell with every comment removed and trailing spaces dropped: what must be equal across editions."""
    lines = _lines(code)
    for row, col, _ in reversed(comments(code)):
        line = lines[row - 1]
        lines[row - 1] = line[:col] + ("\n" if line.endswith("\n") else "")
    return "".join(line.rstrip() + ("\n" if line.endswith("\n") else "") for line in lines)


def translatable(cell: dict) -> str | None:
    """The English a cell's translation covers: a markdown cell's text, a code cell's prose comments; None if nothing."""
    if cell["cell_type"] == "markdown":
        return source(cell) if source(cell).strip() else None
    if cell["cell_type"] == "code":
        found = prose_comments(source(cell))
        return "\n".join(found) if found else None
    return None


def digest(text: str) -> str:
    """The hash that ties a translation to the English it was made from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def load_catalog(lang: str, notebook: Path) -> dict:
    """A notebook's catalog: {"notebook": name, "cells": {cell id: entry}} (empty if none yet)."""
    path = catalog_path(lang, notebook)
    if not path.exists():
        return {"notebook": notebook.name, "cells": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def save_catalog(lang: str, notebook: Path, catalog: dict) -> None:
    """Write a catalog, one key per line, readable in a diff."""
    path = catalog_path(lang, notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(catalog, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@dataclass
class Report:
    """What a build found: cells without a translation and cells whose English changed after it."""

    untranslated: list[str] = field(default_factory=list)
    """English notebooks with no catalog yet (not in the edition)."""
    missing: list[tuple[str, str]] = field(default_factory=list)
    stale: list[tuple[str, str, str]] = field(default_factory=list)
    """(notebook, cell id, unified diff of the English since the translation)."""

    def lines(self) -> list[str]:
        """One line per missing or stale cell, naming the notebook and cell id."""
        out = [f"missing: {nb} has no catalog yet (not translated)" for nb in self.untranslated]
        out += [f"missing: {nb} cell {cid} has no translation" for nb, cid in self.missing]
        out += [f"stale:   {nb} cell {cid}: the English changed after its translation" for nb, cid, _ in self.stale]
        return out


def _translate_comments(code: str, table: dict[str, str]) -> str:
    """The code cell with each comment found in `table` replaced by its translation; the code is untouched."""
    lines = _lines(code)
    for row, col, text in reversed(comments(code)):
        if text in table:
            line = lines[row - 1]
            lines[row - 1] = line[:col] + table[text] + line[col + len(text):]
    return "".join(lines)


def relink(markdown: str, lang: str) -> str:
    """Links of a translated markdown cell, one folder deeper: pictures to images/<lang>/, the README to its edition."""
    text = re.sub(r"(\]\(|src=\")\.\./images/(?!" + lang + "/)", rf"\1../../images/{lang}/", markdown)
    text = re.sub(r"(\]\(|src=\")\.\./(?!\.\./)", r"\1../../", text)
    return re.sub(r"(\]\(|src=\")(\.\./\.\./README)\.md", rf"\1\2.{lang}.md", text)


def _as_source(text: str) -> list[str]:
    return _lines(text)


def build_notebook(lang: str, notebook: Path, report: Report | None = None) -> dict:
    """The translated notebook: the English cells with the catalog's text; outputs kept where the code is unchanged."""
    report = report if report is not None else Report()
    english = json.loads(notebook.read_text(encoding="utf-8"))
    entries = load_catalog(lang, notebook)["cells"]
    target = edition_dir(lang) / notebook.name
    previous = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {"cells": [], "metadata": {}}
    old_cells = {c.get("id"): c for c in previous["cells"]}
    cells = []
    for cell in english["cells"]:
        out = json.loads(json.dumps(cell))
        text = translatable(cell)
        entry = entries.get(cell.get("id"))
        if text is not None:
            if entry is None:
                report.missing.append((notebook.name, cell["id"]))
            elif entry.get("sha") != digest(text):
                diff = "".join(difflib.unified_diff(_lines(entry.get("en", "")), _lines(text), "translated", "now"))
                report.stale.append((notebook.name, cell["id"], diff))
        if cell["cell_type"] == "markdown" and entry and "text" in entry:
            out["source"] = _as_source(relink(entry["text"], lang))
        elif cell["cell_type"] == "code":
            if entry and "comments" in entry:
                out["source"] = _as_source(_translate_comments(source(cell), entry["comments"]))
            old = old_cells.get(cell.get("id"))
            if old is not None and old.get("cell_type") == "code" and source(old) == source(out):
                out["outputs"], out["execution_count"] = old.get("outputs", []), old.get("execution_count")
            else:
                out["outputs"], out["execution_count"] = [], None
        cells.append(out)
    metadata = {k: v for k, v in english["metadata"].items() if k != "widgets"}
    if "widgets" in previous["metadata"]:
        metadata["widgets"] = previous["metadata"]["widgets"]
    metadata["workshop"] = {"edition": lang, "source": f"../{notebook.name}"}
    return {**english, "cells": cells, "metadata": metadata}


def dumps(notebook: dict) -> str:
    """A notebook as the workshop writes it (the format of `run.py execute`)."""
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def translated(lang: str) -> list[Path]:
    """The English notebooks that have a catalog in `lang`: the notebooks of that edition."""
    return [nb for nb in english_notebooks() if catalog_path(lang, nb).exists()]


def build(lang: str, notebooks: list[Path] | None = None) -> Report:
    """Write notebooks/<lang>/NN_name.ipynb for every translated English notebook; report what is missing or stale."""
    report = Report(untranslated=[nb.name for nb in english_notebooks() if not catalog_path(lang, nb).exists()])
    edition_dir(lang).mkdir(parents=True, exist_ok=True)
    for notebook in notebooks or translated(lang):
        built = build_notebook(lang, notebook, report)
        target = edition_dir(lang) / notebook.name
        text = dumps(built)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    return report


def record(lang: str, notebook: Path, cell_id: str, translation: str | list[str] | None = None) -> None:
    """Store a cell's translation against the current English (markdown: the text; code: its prose comments in order).

    Without a translation, only the English it translates is recorded: use it after correcting a stale entry by hand.
    """
    english = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next((c for c in english["cells"] if c.get("id") == cell_id), None)
    text = translatable(cell) if cell is not None else None
    if cell is None or text is None:
        raise SystemExit(f"{notebook.name} has no translatable cell {cell_id!r}")
    catalog = load_catalog(lang, notebook)
    entry = catalog["cells"].setdefault(cell_id, {})
    if isinstance(translation, str):
        entry["text"] = translation
    elif translation is not None:
        originals = prose_comments(source(cell))
        if len(translation) != len(originals):
            raise ValueError(f"{notebook.name} {cell_id}: {len(originals)} comments, {len(translation)} translations")
        entry["comments"] = dict(zip(originals, translation))
    entry.update(sha=digest(text), en=text)
    save_catalog(lang, notebook, catalog)


def lab_options(lang: str | None = None) -> dict[str, str]:
    """JupyterLab's LabApp options for an edition (default: WORKSHOP_LANG): its notebook folder, its menus' language."""
    lang = lang or language()
    if lang not in LOCALES:
        return {"default_url": "/lab/tree/notebooks"}
    folder = settings().home / f"lab-settings-{lang}"
    plugin = folder / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    plugin.parent.mkdir(parents=True, exist_ok=True)
    plugin.write_text(json.dumps({"locale": LOCALES[lang]}) + "\n", encoding="utf-8")
    return {"default_url": f"/lab/tree/notebooks/{lang}", "user_settings_dir": str(folder)}


def prune(lang: str, notebook: Path) -> list[str]:
    """Drop catalog entries of cells the English notebook no longer has (or no longer needs translated); their ids."""
    english = json.loads(notebook.read_text(encoding="utf-8"))
    live = {c.get("id") for c in english["cells"] if translatable(c) is not None}
    catalog = load_catalog(lang, notebook)
    gone = sorted(cid for cid in catalog["cells"] if cid not in live)
    if gone:
        catalog["cells"] = {cid: entry for cid, entry in catalog["cells"].items() if cid in live}
        save_catalog(lang, notebook, catalog)
    return gone


def move(lang: str, source: Path, target: Path) -> list[str]:
    """Move the catalog entries of cells that went from the English `source` notebook to `target`; their ids.

    A cell moves with its id, so its translation moves as it is: stale only if its English changed on the way.
    """
    moved_ids = {c.get("id") for c in json.loads(target.read_text(encoding="utf-8"))["cells"]}
    kept_ids = {c.get("id") for c in json.loads(source.read_text(encoding="utf-8"))["cells"]}
    old, new = load_catalog(lang, source), load_catalog(lang, target)
    moved = sorted(cid for cid in old["cells"] if cid in moved_ids and cid not in kept_ids)
    if moved:
        new["cells"].update({cid: old["cells"].pop(cid) for cid in moved})
        new["notebook"] = target.name
        save_catalog(lang, source, old)
        save_catalog(lang, target, new)
    return moved


def _notebook(name: str) -> Path:
    matches = [p for p in english_notebooks() if p.stem == name or p.name == name or p.stem.startswith(name + "_")]
    if len(matches) != 1:
        raise SystemExit(f"no single English notebook matches {name!r}")
    return matches[0]


def main(argv: list[str] | None = None) -> int:
    """`python -m workshop.edition ko [--check | --diff | --accept NN CELL]`: build, or report what needs translating."""
    p = argparse.ArgumentParser(prog="python -m workshop.edition", description=main.__doc__)
    p.add_argument("lang", choices=EDITIONS)
    p.add_argument("--check", action="store_true", help="only report missing and stale cells; exit 1 if any")
    p.add_argument("--diff", action="store_true", help="with the report, show how each stale cell's English changed")
    p.add_argument("--prune", action="store_true", help="drop catalog entries of cells the English no longer has")
    p.add_argument("--accept", nargs=2, metavar=("NOTEBOOK", "CELL"),
                   help="after updating a stale translation, record the English it now translates")
    p.add_argument("--move", nargs=2, metavar=("FROM", "TO"),
                   help="after moving cells from one English notebook to another, move their catalog entries too")
    args = p.parse_args(argv)
    if args.move:
        source, target = _notebook(args.move[0]), _notebook(args.move[1])
        for cid in move(args.lang, source, target):
            print(f"moved: cell {cid} from {catalog_path(args.lang, source).name} to {catalog_path(args.lang, target).name}")
        return 0
    if args.accept:
        record(args.lang, _notebook(args.accept[0]), args.accept[1])
        print(f"{args.accept[0]} {args.accept[1]}: translation recorded against the current English")
        return 0
    if args.prune:
        for notebook in translated(args.lang):
            for cid in prune(args.lang, notebook):
                print(f"pruned: {notebook.name} cell {cid} (gone from the English)")
        return 0
    if args.check:
        report = Report(untranslated=[nb.name for nb in english_notebooks() if not catalog_path(args.lang, nb).exists()])
        for notebook in translated(args.lang):
            build_notebook(args.lang, notebook, report)
    else:
        report = build(args.lang)
        print(f"built {len(translated(args.lang))} notebooks into {edition_dir(args.lang).relative_to(PROJECT_ROOT)}/")
    for line in report.lines():
        print(line)
    if args.diff:
        for nb, cid, diff in report.stale:
            print(f"\n--- {nb} {cid}\n{diff}")
    return 1 if report.untranslated or report.missing or report.stale else 0


if __name__ == "__main__":
    sys.exit(main())
