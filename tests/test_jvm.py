"""The Java checks: a JDK 17+ is found, a missing or old one is refused with what to do."""
from __future__ import annotations

import pytest

from workshop import jvm
from workshop.errors import JavaError


def test_java_is_17_or_newer() -> None:
    assert jvm.java_version() >= 17


def test_missing_java_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(JavaError, match="JDK 17"):
        jvm.java_executable()


def test_old_java_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jvm, "java_executable", lambda: "/opt/java8/bin/java")
    monkeypatch.setattr(jvm, "java_version", lambda java=None: 8)
    with pytest.raises(JavaError, match="Java 8 found"):
        jvm.require_java()


def test_a_fixed_heap_is_taken_whole_at_start() -> None:
    assert jvm.heap_flags("384m", fixed=True) == ["-Xms384m", "-Xmx384m", "-XX:+AlwaysPreTouch"]
    assert jvm.heap_flags("256m") == ["-Xmx256m"]
