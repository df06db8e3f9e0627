"""What each tier of the test command ran: counts and time read from pytest's JUnit XML, and the closing summary.

Standard library only: run.py imports it before the virtual environment exists.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Tier:
    """One tier's outcome: how many tests passed, failed (errors included) and were skipped, and its wall time."""

    name: str
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    skip_reasons: list[str] = field(default_factory=list)
    files: dict[str, float] = field(default_factory=dict)
    """Test time per file (a notebook's cells summed), to show where the time goes."""
    ran: bool = True
    """False when the tier did not run at all (e.g. an earlier step failed); `note` says why."""
    note: str = ""

    @property
    def ok(self) -> bool:
        """True when nothing failed and, for a tier that ran, pytest left a report."""
        return self.failed == 0 and self.ran

    @property
    def all_skipped(self) -> bool:
        """True when the tier ran but every one of its tests was skipped (a missing browser, no root, ...)."""
        return self.ran and self.skipped > 0 and self.passed == 0 and self.failed == 0

    def verdict(self) -> str:
        """A few words for the last line: '339 passed', '2 failed, 25 passed', 'skipped (no chromium ...)'."""
        if not self.ran:
            return f"not run ({self.note})" if self.note else "not run"
        if self.all_skipped:
            reasons = "; ".join(sorted(set(self.skip_reasons))) or "every test skipped"
            return f"skipped ({reasons})"
        parts = [f"{self.failed} failed"] if self.failed else []
        parts.append(f"{self.passed} passed")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        return ", ".join(parts)


def _file_of(case: ET.Element) -> str:
    """The file a JUnit test case came from, from its dotted class name: notebooks.ko.05_x.ipynb, tests.test_x.Class."""
    parts = (case.get("classname") or "").split(".")
    if parts[-1] == "ipynb":
        return "/".join(parts[:-1]) + ".ipynb"
    while len(parts) > 1 and parts[-1][:1].isupper():  # a test class inside the module
        parts.pop()
    return "/".join(parts) + ".py"


def read_junit(name: str, path: Path, seconds: float) -> Tier:
    """A tier's counts from the JUnit XML pytest wrote (`--junitxml`); a missing or broken report counts as a failure."""
    tier = Tier(name, seconds=seconds)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        tier.failed, tier.note = 1, f"no test report: {error}"
        return tier
    for case in root.iter("testcase"):
        outcome = {child.tag for child in case}
        if outcome & {"failure", "error"}:
            tier.failed += 1
        elif "skipped" in outcome:
            tier.skipped += 1
            skipped = case.find("skipped")
            message = (skipped.get("message") or "").strip() if skipped is not None else ""
            tier.skip_reasons.append(re.sub(r"^Skipped: ", "", message)[:100])
        else:
            tier.passed += 1
        source = _file_of(case)
        tier.files[source] = tier.files.get(source, 0.0) + float(case.get("time") or 0)
    for suite in root.iter("testsuite"):  # errors outside any test case (collection) are counted by the suite only
        counted = sum(1 for _ in suite.iter("testcase"))
        if counted == 0 and int(suite.get("errors") or 0):
            tier.failed += int(suite.get("errors") or 0)
    return tier


def table(tiers: list[Tier], slowest: int = 6) -> list[str]:
    """The per-tier table, then the slowest files of the tiers that ran notebooks or tests."""
    lines = [f"{'tier':<14}{'passed':>8}{'failed':>8}{'skipped':>9}{'time':>9}"]
    for t in tiers:
        if t.ran:
            lines.append(f"{t.name:<14}{t.passed:>8}{t.failed:>8}{t.skipped:>9}{t.seconds:>8.0f}s")
        else:
            lines.append(f"{t.name:<14}{'':>25}{'-':>9}  {t.verdict()}")
    files = sorted(((s, f) for t in tiers for f, s in t.files.items()), reverse=True)[:slowest]
    if files:
        lines.append("slowest: " + ", ".join(f"{Path(f).name} {s:.0f} s" for s, f in files))
    return lines


def last_line(tiers: list[Tier], wall: float) -> str:
    """The test command's last line: every tier with its verdict, and the wall time."""
    status = "passed" if all(t.ok for t in tiers) else "FAILED"
    return f"test command {status}: " + " · ".join(f"{t.name} {t.verdict()}" for t in tiers) + f" · wall {wall:.0f} s"
