"""The test command's closing summary: counts per tier from pytest's JUnit XML, skipped tiers named, the last line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools import tiers

REPORT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="0" failures="1" skipped="1" tests="4" time="12.5">
<testcase classname="notebooks.05_spark_structured_streaming.ipynb" name="Cell 0" time="6.0"/>
<testcase classname="notebooks.05_spark_structured_streaming.ipynb" name="Cell 1" time="2.5">
  <failure message="Unexpected output fields from running code: {'stderr'}">...</failure></testcase>
<testcase classname="notebooks.ko.05_spark_structured_streaming.ipynb" name="Cell 0" time="4.0"/>
<testcase classname="tests.test_browser" name="test_lab" time="0.0">
  <skipped type="pytest.skip" message="no chromium on this machine">skip</skipped></testcase>
</testsuite></testsuites>
"""


def test_counts_and_time_per_file(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_text(REPORT)
    tier = tiers.read_junit("notebooks", path, seconds=13.0)
    assert (tier.passed, tier.failed, tier.skipped) == (2, 1, 1)
    assert not tier.ok
    assert tier.files["notebooks/05_spark_structured_streaming.ipynb"] == 8.5
    assert tier.files["notebooks/ko/05_spark_structured_streaming.ipynb"] == 4.0
    assert tier.verdict() == "1 failed, 2 passed, 1 skipped"


def test_a_tier_whose_tests_all_skipped_is_named_skipped_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_text('<testsuites><testsuite tests="2"><testcase classname="tests.test_browser" name="a" time="0">'
                    '<skipped message="Skipped: no chromium on this machine"/></testcase>'
                    '<testcase classname="tests.test_browser" name="b" time="0"><skipped message="no chromium on this machine"/>'
                    '</testcase></testsuite></testsuites>')
    tier = tiers.read_junit("browser", path, seconds=1.0)
    assert tier.all_skipped and tier.ok
    assert tier.verdict() == "skipped (no chromium on this machine)"


def test_a_missing_report_is_a_failure_not_a_pass(tmp_path: Path) -> None:
    tier = tiers.read_junit("live", tmp_path / "absent.xml", seconds=0.0)
    assert tier.failed == 1 and not tier.ok


def test_last_line_names_every_tier_and_the_wall_time() -> None:
    ran = [tiers.Tier("checks", passed=1, seconds=40), tiers.Tier("unit", passed=339, seconds=60),
           tiers.Tier("live", ran=False, note="servers did not start")]
    line = tiers.last_line(ran, wall=101.4)
    assert line == ("test command FAILED: checks 1 passed · unit 339 passed · live not run (servers did not start)"
                    " · wall 101 s")
    table = tiers.table(ran)
    assert table[0].split() == ["tier", "passed", "failed", "skipped", "time"]
    assert "not run (servers did not start)" in table[3]


def test_pytest_report_of_a_real_run_is_read(tmp_path: Path) -> None:
    """pytest's own JUnit XML (not a hand-written one): a pass, a failure and a skip, each attributed to its file."""
    (tmp_path / "test_sample.py").write_text("import pytest\n\ndef test_a():\n    pass\n\ndef test_b():\n    assert False\n\n"
                                             "def test_c():\n    pytest.skip('not here')\n")
    report = tmp_path / "r.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
                    str(tmp_path / "test_sample.py")], cwd=tmp_path, capture_output=True, timeout=120)
    tier = tiers.read_junit("unit", report, seconds=1.0)
    assert (tier.passed, tier.failed, tier.skipped) == (1, 1, 1)
    assert tier.skip_reasons == ["not here"]
    assert list(tier.files) == ["test_sample.py"]
