#!/usr/bin/env python3
"""Keep README.ko.md level with README.md: both settings tables are written from workshop/config.py (contributors).

    python tools/readmes.py           # rewrite the table between <!-- settings:start --> and <!-- settings:end --> in both
    python tools/readmes.py --check   # exit 1 naming each README whose table differs from DECLARED

The rest of the correspondence is read here and checked by tests/test_readmes.py: every `##`/`###` section of
README.md has a counterpart in README.ko.md, marked by the English section's anchor on the line above its heading
(`<!-- en: the-two-commands -->`), in the same order and at the same level; and every command README.md shows in a
code block, README.ko.md shows too.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from workshop.config import markdown_table

ROOT = Path(__file__).resolve().parent.parent
READMES = {"en": ROOT / "README.md", "ko": ROOT / "README.ko.md"}
START, END = "<!-- settings:start -->", "<!-- settings:end -->"
COMMAND = "python tools/readmes.py"
"""The command that rewrites both tables (the tests name it)."""


def with_table(text: str, lang: str) -> str:
    """The README's text with the settings table of `lang` generated between its markers."""
    before, start, rest = text.partition(START)
    _, end, after = rest.partition(END)
    if not start or not end:
        raise ValueError(f"no {START} ... {END} around the settings table")
    return f"{before}{START}\n\n{markdown_table(lang)}\n\n{END}{after}"


@dataclass(frozen=True)
class Section:
    """A `##` or `###` heading: its level, its title, the English anchor it stands for, and its line number."""

    level: int
    title: str
    anchor: str
    """README.md: the heading's own anchor. README.ko.md: the marker's above it, or "" for a section only Korean has."""
    line: int


HEADING = re.compile(r"^(#{2,3}) +(.+?)\s*$")
MARKER = re.compile(r"^<!-- en: #?([\w-]+) -->$")


def anchor(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces made hyphens."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def _prose(text: str) -> list[tuple[int, str]]:
    """The lines outside fenced code blocks, numbered from 1."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def sections(text: str, marked: bool = False) -> list[Section]:
    """The `##`/`###` sections; `marked` (README.ko.md): each stands for the anchor its `<!-- en: ... -->` line names."""
    found, previous = [], ""
    for number, line in _prose(text):
        heading = HEADING.match(line)
        if heading:
            marker = MARKER.match(previous)
            english = (marker.group(1) if marker else "") if marked else anchor(heading.group(2))
            found.append(Section(len(heading.group(1)), heading.group(2), english, number))
        previous = line.strip()
    return found


PROGRAMS = {"python", "python3", "sudo", "bash", "docker", "source"}
"""How a command line of a code block begins (after any VARIABLE=value); other lines there are data or a layout."""


def _is_command(words: list[str]) -> bool:
    """True when the words, after any VARIABLE=value, begin with one of PROGRAMS or a /usr/bin/ path."""
    program = next((w for w in words if not re.match(r"^[A-Z_][A-Z0-9_]*=", w)), "")
    return program in PROGRAMS or program.startswith("/usr/bin/")


def commands(text: str) -> list[str]:
    """The shell commands of the indented code blocks, one per line: continuations joined, `# comments` dropped,
    spaces normalised, and `a|b|c` alternatives (`classroom start|status|stop|wipe`) spelled out one by one."""
    found, pending = [], ""
    for _, line in _prose(text):
        if not line.startswith("    "):
            pending = ""
            continue
        code = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
        code = f"{pending} {code}".strip() if pending else code
        if code.endswith("\\"):
            pending = code[:-1].strip()
            continue
        pending = ""
        words = code.split()
        if _is_command(words):
            choice = next((i for i, w in enumerate(words) if "|" in w), None)
            found += [" ".join(words)] if choice is None else \
                [" ".join([*words[:choice], option, *words[choice + 1:]]) for option in words[choice].split("|")]
    return found


def inline_commands(text: str) -> list[str]:
    """The complete commands quoted in the prose (`python -m workshop up --brokers 3`), not those elided with `...`."""
    prose = "\n".join(line for _, line in _prose(text) if not line.startswith("    "))
    spans = re.findall(r"`([^`]+)`", prose)
    return [" ".join(span.split()) for span in spans
            if _is_command(span.split()) and not re.search(r"\.\.\.|…", span)]


def workshop_arguments(command: str) -> list[str] | None:
    """The arguments the command hands to `python -m workshop` (run.py's as run.py maps them), or None for other programs
    and for `run.py test` / `run.py execute`, which run.py handles itself."""
    words = command.split()
    if "-m" in words[:-1] and words[words.index("-m") + 1] == "workshop":
        return words[words.index("-m") + 2:]
    script = next((i for i, w in enumerate(words) if w in ("run.py", "./run.py")), None)
    if script is None:
        return None
    rest = words[script + 1:]
    if rest and rest[0] in ("test", "execute"):
        return None
    return ["lab", *rest] if not rest or rest[0].startswith("-") else rest


def main(argv: list[str] | None = None) -> int:
    """Write (or, with --check, compare) both READMEs' settings tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing: exit 1 if a table differs")
    args = parser.parse_args(argv)
    stale = []
    for lang, path in READMES.items():
        text = path.read_text(encoding="utf-8")
        try:
            wanted = with_table(text, lang)
        except ValueError as exc:
            sys.exit(f"{path.name}: {exc}; put the two marker lines where its settings table belongs")
        if wanted != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(wanted, encoding="utf-8")
    if args.check:
        print(f"settings table differs from workshop/config.py in {', '.join(stale)}: run `{COMMAND}`" if stale
              else "both settings tables match workshop/config.py")
        return 1 if stale else 0
    print(f"rewrote the settings table in {', '.join(stale)}" if stale else "both settings tables were up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
