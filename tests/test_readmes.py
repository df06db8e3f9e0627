"""README.ko.md keeps up with README.md: both settings tables generated, every section translated, the same commands."""
from __future__ import annotations

import re

import pytest

from tools import readmes
from workshop import config
from workshop.__main__ import parser
from workshop.kafka_tools import tool_name

ENGLISH, KOREAN = (readmes.READMES[lang].read_text(encoding="utf-8") for lang in ("en", "ko"))
CLASSROOM = (readmes.ROOT / "docs" / "classroom.md").read_text(encoding="utf-8")


def _accepted(arguments: list[str]) -> bool:
    """True when `python -m workshop` takes these arguments: a Kafka tool, or a verb and options its parser accepts."""
    if arguments and tool_name(arguments[0]):
        return True
    try:
        parser().parse_args(arguments)
    except SystemExit:
        return False
    return True


@pytest.mark.parametrize("lang", sorted(readmes.READMES))
def test_settings_table_is_generated_from_the_declarations(lang: str) -> None:
    path = readmes.READMES[lang]
    text = path.read_text(encoding="utf-8")
    stale = readmes.with_table(text, lang) != text
    assert not stale, f"{path.name}'s settings table differs from workshop/config.py's DECLARED: run `{readmes.COMMAND}`"


def test_every_setting_has_its_meaning_in_both_languages() -> None:
    missing = [s.variable for s in config.DECLARED if not (s.meaning and s.meaning_ko)]
    assert not missing, f"give these settings their meaning and meaning_ko in workshop/config.py: {missing}"
    assert config.markdown_table("ko").splitlines()[0] == "| 변수 | 기본값 | 뜻 |"


def test_the_table_is_written_between_its_markers_only() -> None:
    text = f"intro\n{readmes.START}\nold table\n{readmes.END}\nrest\n"
    table = config.markdown_table("ko")
    assert readmes.with_table(text, "ko") == f"intro\n{readmes.START}\n\n{table}\n\n{readmes.END}\nrest\n"
    with pytest.raises(ValueError, match="settings:start"):
        readmes.with_table("a README without markers", "en")


def test_sections_and_their_markers_are_read() -> None:
    assert readmes.anchor("Versions, and why") == "versions-and-why"
    assert readmes.anchor("The seed's commands") == "the-seeds-commands"
    korean = "## 하나\n<!-- en: one -->\n## 둘\n```python\n## not a heading\n```\n<!-- en: #three -->\n### 셋\n"
    assert [(s.level, s.anchor) for s in readmes.sections(korean, marked=True)] == [(2, ""), (2, "one"), (3, "three")]


def test_every_english_section_has_a_korean_counterpart_in_the_same_order() -> None:
    english = readmes.sections(ENGLISH)
    korean = [s for s in readmes.sections(KOREAN, marked=True) if s.anchor]
    known = {s.anchor for s in english}
    missing = [f"{'#' * s.level} {s.title}" for s in english if s.anchor not in {k.anchor for k in korean}]
    assert not missing, (f"README.ko.md has no counterpart of README.md's {missing}: translate each, with "
                         "`<!-- en: <its anchor> -->` on the line above the Korean heading")
    unknown = [f"line {s.line}: {s.anchor}" for s in korean if s.anchor not in known]
    assert not unknown, f"README.ko.md's markers name no section of README.md (renamed?): {unknown}"
    assert [s.anchor for s in korean] == [s.anchor for s in english], \
        "README.ko.md's marked sections are not in README.md's order (or one is marked twice)"
    levels = {s.anchor: s.level for s in english}
    wrong = [f"line {s.line}: {s.title}" for s in korean if s.level != levels[s.anchor]]
    assert not wrong, f"these Korean headings are not at their English section's level (## or ###): {wrong}"


def test_korean_links_to_english_sections_name_existing_ones() -> None:
    known = {s.anchor for s in readmes.sections(ENGLISH)}
    broken = [a for a in re.findall(r"\(README\.md#([\w-]+)\)", KOREAN) if a not in known]
    assert not broken, f"README.ko.md links to sections README.md does not have: {broken}"


def test_korean_notebook_rows_name_what_the_english_rows_name() -> None:
    def rows(text: str) -> dict[str, set[str]]:
        row = re.compile(r"^\| (\w+) \| `\w+\.ipynb` \|")
        return {m.group(1): set(re.findall(r"`([^`]+)`", line)) for line in text.splitlines() if (m := row.match(line))}

    english, korean = rows(ENGLISH), rows(KOREAN)
    short = {n: sorted(spans - korean.get(n, set())) for n, spans in english.items() if spans - korean.get(n, set())}
    assert not short, f"README.ko.md's notebook rows lack what README.md's rows name (notebook: missing): {short}"


def test_commands_are_read_from_code_blocks() -> None:
    text = ("    python -m workshop up         # start\n"
            "                                  #   --mqtt: also MQTT\n"
            "    python -m workshop kafka-topics --create \\\n      --topic t\n"
            "    {\"sensor_id\": \"sensor_1\"}\n"
            "    notebooks/     the lessons\n"
            "    X=1 python -m workshop classroom start|stop\n"
            "Prose with `python -m workshop reset --yes` and `python -m workshop ...`.\n")
    assert readmes.commands(text) == ["python -m workshop up", "python -m workshop kafka-topics --create --topic t",
                                      "X=1 python -m workshop classroom start", "X=1 python -m workshop classroom stop"]
    assert readmes.inline_commands(text) == ["python -m workshop reset --yes"]
    assert readmes.workshop_arguments("python3 run.py --lang ko") == ["lab", "--lang", "ko"]
    assert readmes.workshop_arguments("sudo python3 run.py classroom stop") == ["classroom", "stop"]
    assert readmes.workshop_arguments("python3 run.py test --quick") is None


def test_the_korean_readme_shows_every_english_command() -> None:
    korean = set(readmes.commands(KOREAN))
    missing = [c for c in readmes.commands(ENGLISH) if c not in korean]
    assert not missing, f"README.ko.md lacks these commands of README.md (type them as README.md does): {missing}"


def test_every_korean_command_is_documented_or_accepted_as_typed() -> None:
    documented = set(readmes.commands(ENGLISH)) | set(readmes.commands(CLASSROOM))
    extra = [c for c in readmes.commands(KOREAN) if c not in documented]
    unchecked = [c for c in extra if readmes.workshop_arguments(c) is None]
    assert not unchecked, f"README.ko.md's commands that neither README.md nor docs/classroom.md shows: {unchecked}"
    refused = [c for c in extra if not _accepted(readmes.workshop_arguments(c) or [])]
    assert not refused, f"`python -m workshop` refuses these commands of README.ko.md: {refused}"


@pytest.mark.parametrize("lang", sorted(readmes.READMES))
def test_every_workshop_command_is_accepted_by_the_command_line(lang: str) -> None:
    text = readmes.READMES[lang].read_text(encoding="utf-8")
    shown = readmes.commands(text) + readmes.inline_commands(text)
    refused = [c for c in shown if (arguments := readmes.workshop_arguments(c)) and not _accepted(arguments)]
    assert not refused, f"`python -m workshop` refuses these commands of {readmes.READMES[lang].name}: {refused}"
