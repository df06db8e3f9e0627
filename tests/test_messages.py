"""Every learner-facing message exists in each language with the same placeholders; the Korean edition selects Korean."""
from __future__ import annotations

import string
from datetime import datetime

import pytest

from workshop import config, messages
from workshop.exercises import not_answered, report


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_korean_table_has_every_key_with_the_same_placeholders() -> None:
    assert set(messages.KO) == set(messages.EN)
    for key, english in messages.EN.items():
        assert _fields(messages.KO[key]) == _fields(english), key


def test_language_comes_from_the_setting_or_the_korean_folder(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("WORKSHOP_LANG", raising=False)
    korean = tmp_path / "notebooks" / "ko"
    korean.mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "notebooks")
    assert config.language() == "en"
    monkeypatch.chdir(korean)
    assert config.language() == "ko"
    monkeypatch.setenv("WORKSHOP_LANG", "en")
    assert config.language() == "en"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WORKSHOP_LANG", "ko")
    assert config.language() == "ko"
    monkeypatch.setenv("WORKSHOP_LANG", "fr")
    with pytest.raises(ValueError, match="WORKSHOP_LANG"):
        config.language()


def test_exercise_feedback_speaks_the_learners_language(monkeypatch, capsys) -> None:
    monkeypatch.setenv("WORKSHOP_LANG", "ko")
    assert not not_answered()
    assert capsys.readouterr().out == "아직: TODO를 답으로 바꾸고 셀을 실행한 다음, 확인 셀을 다시 실행하세요.\n"
    assert report(True, "ex.earliest.right", earliest=4)
    assert capsys.readouterr().out.startswith("정답: 4보다 작은 오프셋은")
    monkeypatch.setenv("WORKSHOP_LANG", "en")
    report(False, "ex.dropped.kept", window="10:06–10:07", watermark=datetime(2024, 4, 22, 10, 6))
    assert capsys.readouterr().out == "Not yet: its window 10:06–10:07 ends after the watermark 10:06:00, so it still updates\n"


def test_a_phrase_says_its_parts_in_the_same_language() -> None:
    facts = [messages.Phrase("ex.scaling.fact_moves", {"key": "k1", "before": 2, "old": 0, "after": 3, "new": 2}),
             messages.Phrase("ex.scaling.fact_stays", {"key": "k2", "before": 2, "old": 1, "after": 3, "new": 1})]
    verdict = messages.Phrase("ex.scaling.prediction", {"facts": facts, "before": 2, "after": 3})
    for lang in ("en", "ko"):
        parts = "; ".join(fact.said(lang) for fact in facts)
        assert verdict.said(lang) == messages.say("ex.scaling.prediction", lang=lang, facts=parts, before=2, after=3)
    assert verdict.said("ko") != verdict.said("en") and "k1" in verdict.said("ko")


def test_every_message_formats_in_both_languages() -> None:
    sample = {"watermark": datetime(2024, 4, 22, 10, 6), "event": datetime(2024, 4, 22, 10, 5), "latest":
              datetime(2024, 4, 22, 10, 8), "mean": 21.5, "timeout": 120.0}
    for lang, table in messages.TABLES.items():
        for key, text in table.items():
            values = {name: sample.get(name, 7) for name in _fields(text)}
            assert messages.say(key, lang=lang, **values), (lang, key)


def test_doctor_speaks_korean_in_the_korean_edition(monkeypatch, capsys) -> None:
    from workshop import doctor

    monkeypatch.setenv("WORKSHOP_LANG", "ko")
    assert doctor.check_python().fix == "Python 3.11 이상을 설치하고 설치 과정을 다시 실행하세요"
    monkeypatch.setattr(doctor, "checks", lambda: [doctor.Check("Java", False, "javac 없음", messages.say("doctor.java_fix")),
                                                   doctor.Check("Python", True, "3.11.7")])
    assert doctor.main() == 1
    out = capsys.readouterr().out
    assert "해결: JDK 17 이상을 설치하고 JAVA_HOME을 설정하세요" in out and out.rstrip().endswith("고칠 문제 1개.")
