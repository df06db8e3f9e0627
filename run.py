#!/usr/bin/env python3
"""Set up and run the workshop: `python3 run.py` starts it (servers + JupyterLab), `python3 run.py test` tests it.

Only the standard library is used here: this file creates `.venv`, installs the pinned requirements
into it (again only when they change) and hands over to `python -m workshop` or pytest inside it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import threading
from pathlib import Path
from typing import IO, Callable

from tools import tiers

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
TEST_HOME = ROOT / ".workshop-test"
TEST_REPORTS = ROOT / ".test-reports"
"""Each tier's JUnit XML report of the last full test run (kept outside TEST_HOME, which `up` starts afresh)."""
TEST_PORTS = {
    "WORKSHOP_KAFKA_PORT": 19092,
    "WORKSHOP_KAFKA_CONTROLLER_PORT": 19093,
    "WORKSHOP_MONGO_PORT": 13017,
    "WORKSHOP_MQTT_PORT": 11883,
    "WORKSHOP_SPARK_UI_PORT": 14040,
    "WORKSHOP_SPARK_CLUSTER_PORT": 17077,
    "WORKSHOP_SPARK_CLUSTER_UI_PORT": 18080,
    "WORKSHOP_LAB_PORT": 21888,
    "WORKSHOP_BROKER1_PORT": 25092,  # the three-broker cluster (controllers on +1)
    "WORKSHOP_BROKER2_PORT": 26192,
    "WORKSHOP_BROKER3_PORT": 27292,
}
"""The tests run on their own servers, ports and data, so a class running beside them is never touched.

Each port (and the one after it: controllers, the Spark worker's UI) is more than 1000 away from the others,
so checkouts testing side by side with different WORKSHOP_TEST_PORT_SHIFTs (0-1000) never meet.
"""


LANE_SHIFT = 250
"""The second lane's test servers listen this far above the first lane's ports (so WORKSHOP_TEST_PORT_SHIFT is 0-750)."""


def test_env(lane: int = 0) -> dict[str, str]:
    """One lane's test servers: its own data folder and ports; WORKSHOP_TEST_PORT_SHIFT moves every port of both lanes."""
    shift = int(os.environ.get("WORKSHOP_TEST_PORT_SHIFT", "0") or 0)
    if not 0 <= shift <= 1000 - LANE_SHIFT:
        sys.exit(f"WORKSHOP_TEST_PORT_SHIFT={shift}: use 0-{1000 - LANE_SHIFT} (the second lane adds {LANE_SHIFT})")
    shift += LANE_SHIFT * lane
    return {
        "WORKSHOP_HOME": str(lane_home(lane)),
        "WORKSHOP_JARS": os.environ.get("WORKSHOP_JARS") or str(ROOT / ".workshop" / "jars"),
        # A hang guard, not a speed check: a shared CI machine may take minutes to start three brokers at once.
        "WORKSHOP_START_TIMEOUT": os.environ.get("WORKSHOP_START_TIMEOUT") or "300",
        **{name: str(port + shift) for name, port in TEST_PORTS.items()},
    }


def lane_home(lane: int) -> Path:
    """The data folder of a lane's test servers: .workshop-test/, then .workshop-test-2/.

    A WORKSHOP_TEST_PORT_SHIFT adds its own suffix (.workshop-test-shift500/), so runs with different shifts in one
    checkout never stop or delete each other's servers.
    """
    shift = os.environ.get("WORKSHOP_TEST_PORT_SHIFT", "0") or "0"
    name = TEST_HOME.name + ("" if lane == 0 else f"-{lane + 1}") + ("" if shift == "0" else f"-shift{shift}")
    return TEST_HOME.with_name(name)


TEST_REQUIREMENTS = ["requirements.txt", "requirements-test.txt", "requirements-classroom.txt"]
"""What the test command, `execute` and CI install into .venv (the classroom tier runs JupyterHub from it)."""


def venv_version() -> str:
    """The Python version .venv was made with (from its pyvenv.cfg), or '' if that cannot be read."""
    try:
        lines = (VENV / "pyvenv.cfg").read_text().splitlines()
    except OSError:
        return ""
    found = [line.split("=", 1)[1].strip() for line in lines if line.split("=", 1)[0].strip() in ("version", "version_info")]
    return found[0] if found else ""


def ensure_venv(requirement_files: list[str]) -> None:
    """Create .venv, install the requirement files and this project (editable) when they changed since the last install."""
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11+ is needed; this is {sys.version.split()[0]}. Install a newer Python and run again.")
    if os.name == "nt":
        sys.exit("Native Windows is not supported: run the workshop in WSL2 (docs/classroom.md, 'Windows: use WSL2').")
    if PYTHON.exists() and venv_version() != "%d.%d.%d" % sys.version_info[:3]:
        print(f"Rebuilding .venv: it was made with Python {venv_version()}, this is {sys.version.split()[0]} ...", flush=True)
        shutil.rmtree(VENV)
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    inputs = [*requirement_files, "pyproject.toml"]
    digest = hashlib.sha256(str(ROOT).encode() + b"".join((ROOT / f).read_bytes() for f in inputs)).hexdigest()
    stamp = VENV / ".requirements.sha256"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {', '.join(requirement_files)} into .venv ...", flush=True)
    subprocess.check_call([str(PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--upgrade", "pip"])
    args = [a for f in requirement_files for a in ("-r", str(ROOT / f))]
    subprocess.check_call([str(PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args])
    # The workshop package itself, editable: `import workshop` works from anywhere and edits take effect at once.
    subprocess.check_call([str(PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
                           "-e", str(ROOT)])
    stamp.write_text(digest)


def workshop(*args: str, env: dict[str, str] | None = None, out: IO[str] | None = None) -> int:
    """Run `python -m workshop ARGS` inside the virtual environment (its output to `out`, else to ours)."""
    return subprocess.call([str(PYTHON), "-m", "workshop", *args], cwd=ROOT, env=env, stdout=out,
                           stderr=subprocess.STDOUT if out else None)


NBVAL = ["--nbval", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "--nbval-cell-timeout", "900"]
"""pytest options of the full run: the notebooks are checked against their committed outputs."""


def checks() -> tuple[int, int]:
    """Lint (ruff), then type-check (mypy) the project as pyproject.toml configures them: (passed, failed) tools."""
    for done, tool in enumerate((["ruff", "check", "--quiet"], ["mypy"])):
        print(f"$ {' '.join(tool)}", flush=True)
        if subprocess.call([str(PYTHON), "-m", *tool], cwd=ROOT) != 0:
            print(f"{tool[0]} found problems (above); fix them, then run the tests again.", flush=True)
            return done, 1
    return 2, 0


def notebook_paths(folder: Path) -> list[str]:
    """The numbered notebooks of one edition's folder, in teaching order, relative to the project."""
    return sorted(str(p.relative_to(ROOT)) for p in folder.glob("[0-9]*.ipynb"))


TIERS: list[tuple[str, list[str]]] = [
    ("unit", ["-m", "not live and not browser and not classroom", "tests"]),
    ("live", ["-m", "live and not cluster and not browser and not classroom", "tests"]),
    ("cluster", ["-m", "cluster", "tests"]),
    ("notebooks", [*NBVAL, *notebook_paths(ROOT / "notebooks")]),
    ("notebooks-ko", [*NBVAL, *notebook_paths(ROOT / "notebooks" / "ko")]),
    ("browser", ["-m", "browser", "tests/test_browser.py"]),
    ("classroom", ["-m", "classroom", "tests/test_classroom.py"]),
]
"""The tiers of the full run, in the order of the summary, with their pytest arguments; `unit` needs no servers."""

LANES: list[list[str]] = [["live", "classroom", "notebooks"], ["unit", "cluster", "browser", "notebooks-ko"]]
"""The tiers after `checks`, in two lanes that run at the same time, each in order on servers of its own (`unit` needs none).

Most of a tier's time is spent waiting on its servers (an election, a trigger, a timeout), so two lanes share the
two cores of a CI machine well; each lane has its own data folder and ports, so neither sees the other's records.
"""


def run_tier(name: str, args: list[str], env: dict[str, str], out: IO[str] | None = None) -> tiers.Tier:
    """Run one tier's pytest (its output to `out`, else to ours) and read back what it ran (from its JUnit report)."""
    print(f"\n=== tier {name} ===", file=out or sys.stdout, flush=True)
    report = TEST_REPORTS / f"{name}.xml"
    report.unlink(missing_ok=True)
    started = time.monotonic()
    subprocess.call([str(PYTHON), "-m", "pytest", f"--junitxml={report}", *args], cwd=ROOT, env=env, stdout=out,
                    stderr=subprocess.STDOUT if out else None)
    return tiers.read_junit(name, report, time.monotonic() - started)


SERVERLESS = {"unit"}
"""Tiers that need no servers (run with WORKSHOP_QUICK=1, so a test that needs them fails loudly instead)."""


def run_lane(lane: int, names: list[str], args: list[str], out: IO[str] | None) -> list[tiers.Tier]:
    """Run one lane's tiers in order, on servers started afresh before its first tier that needs them; stop them."""
    env = {**os.environ, **test_env(lane)}
    ran = [run_tier(n, [*dict(TIERS)[n], *args], {**env, "WORKSHOP_QUICK": "1"}, out) for n in names if n in SERVERLESS]
    served = [n for n in names if n not in SERVERLESS]
    if workshop("down", env=env, out=out) == 0:
        shutil.rmtree(lane_home(lane), ignore_errors=True)
    if workshop("up", env=env, out=out) != 0:
        return [*ran, *(tiers.Tier(n, ran=False, note="servers did not start") for n in served)]
    try:
        return [*ran, *(run_tier(n, [*dict(TIERS)[n], *args], env, out) for n in served)]
    finally:
        workshop("down", env=env, out=out)


def run_lanes(args: list[str]) -> list[tiers.Tier]:
    """Run the lanes at once: the first prints as it goes, the others into .test-reports/lane-N.log, shown at the end."""
    results: dict[int, list[tiers.Tier]] = {}
    logs = {lane: TEST_REPORTS / f"lane-{lane + 1}.log" for lane in range(1, len(LANES))}
    for lane, log in logs.items():
        print(f"lane {lane + 1} ({', '.join(LANES[lane])}) runs beside this one; its output follows at the end "
              f"({log.relative_to(ROOT)})", flush=True)

    def lane_thread(lane: int) -> None:
        if lane == 0:
            results[lane] = run_lane(lane, LANES[lane], args, None)
            return
        with logs[lane].open("w", encoding="utf-8") as out:
            results[lane] = run_lane(lane, LANES[lane], args, out)

    threads = [threading.Thread(target=lane_thread, args=(lane,)) for lane in range(len(LANES))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for lane, log in logs.items():
        print(f"\n=== lane {lane + 1}: {', '.join(LANES[lane])} ({log.relative_to(ROOT)}) ===", flush=True)
        print(log.read_text(encoding="utf-8", errors="replace"), end="", flush=True)
    done = {tier.name: tier for lane in sorted(results) for tier in results[lane]}
    missing = [tiers.Tier(n, ran=False, note="its lane stopped") for lane in LANES for n in lane if n not in done]
    return [done[n] for n, _ in TIERS if n in done] + missing


def summary(ran: list[tiers.Tier], started: float) -> int:
    """Print the per-tier table and the last line; the exit code is 1 when any tier failed."""
    print("", *tiers.table(ran), tiers.last_line(ran, time.monotonic() - started), sep="\n", flush=True)
    return 0 if all(t.ok for t in ran) else 1


def test(pytest_args: list[str]) -> int:
    """Lint, type-check and every test (unit, live, notebooks, browser) on fresh servers of their own; stop them afterwards.

    `--quick`: lint, type-check and the unit tests only (no servers, no notebooks). Given test paths, only those run.
    After `checks`, the tiers run in two lanes at once (LANES). The last lines say what each tier ran (passed, failed,
    skipped, time) and the wall time.
    """
    ensure_venv(TEST_REQUIREMENTS)
    quick = "--quick" in pytest_args
    args = [a for a in pytest_args if a != "--quick"]
    env = {**os.environ, **test_env()}
    started = time.monotonic()
    if any(not a.startswith("-") for a in args):  # given paths: just those, in one pytest, on fresh servers
        return targeted(args, env, started)
    TEST_REPORTS.mkdir(parents=True, exist_ok=True)
    names = ["unit"] if quick else [name for name, _ in TIERS]
    prefetch = None if quick else prefetch_beside()  # the jars download (once, for both lanes) while the checks run
    check_started = time.monotonic()
    passed, failed = checks()
    ran = [tiers.Tier("checks", passed=passed, failed=failed, seconds=time.monotonic() - check_started)]
    fetched = prefetch is None or prefetch() == 0
    if failed:
        return summary([*ran, *(tiers.Tier(n, ran=False, note="checks failed") for n in names)], started)
    if quick:
        return summary([*ran, run_tier("unit", [*dict(TIERS)["unit"], *args], {**env, "WORKSHOP_QUICK": "1"})], started)
    if not fetched:
        return summary([*ran, *(tiers.Tier(n, ran=False, note="jars not downloaded") for n in names)], started)
    return summary([*ran, *run_lanes(args)], started)


def prefetch_beside() -> Callable[[], int]:
    """Start `python -m workshop prefetch` in the background (its output to .test-reports/prefetch.log).

    The returned function waits for it, prints its output and returns its exit code.
    """
    log_path = TEST_REPORTS / "prefetch.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen([str(PYTHON), "-m", "workshop", "prefetch"], cwd=ROOT, env={**os.environ, **test_env()},
                                   stdout=log, stderr=subprocess.STDOUT)

    def finish() -> int:
        code = process.wait()
        print(log_path.read_text(encoding="utf-8", errors="replace"), end="", flush=True)
        return code

    return finish


def targeted(args: list[str], env: dict[str, str], started: float) -> int:
    """`run.py test PATHS`: only those tests and notebooks, in one pytest, on fresh servers."""
    if workshop("down", env=env) == 0:
        shutil.rmtree(lane_home(0), ignore_errors=True)
    if workshop("prefetch", env=env) != 0 or workshop("up", env=env) != 0:
        return 1
    try:
        code = subprocess.call([str(PYTHON), "-m", "pytest", *NBVAL, *args], cwd=ROOT, env=env)
    finally:
        workshop("down", env=env)
    print(f"test command wall time: {time.monotonic() - started:.0f} s", flush=True)
    return code


def execute(notebooks: list[str]) -> int:
    """Re-run notebooks in place on fresh servers at the documented default ports, for their committed outputs."""
    import fcntl

    ensure_venv(TEST_REQUIREMENTS)
    home = ROOT / ".workshop-exec"
    env = {k: v for k, v in os.environ.items() if k not in TEST_PORTS and k not in ("KAFKA_BOOTSTRAP_SERVERS", "MONGO_URI")}
    env.update({"WORKSHOP_HOME": str(home), "WORKSHOP_JARS": os.environ.get("WORKSHOP_JARS") or str(ROOT / ".workshop" / "jars")})
    paths = [str(Path(n).resolve()) for n in notebooks] or sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))
    with open("/tmp/workshop-execute.lock", "w") as lock:
        print("Waiting for the default ports (another checkout may be executing notebooks) ...", flush=True)
        fcntl.flock(lock, fcntl.LOCK_EX)
        workshop("down", env=env)
        shutil.rmtree(home, ignore_errors=True)
        if workshop("prefetch", env=env) != 0 or workshop("up", env=env) != 0:
            return 1
        try:
            for path in paths:
                print(f"executing {Path(path).relative_to(ROOT)} ...", flush=True)
                code = subprocess.call([str(PYTHON), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                                        "--inplace", "--ExecutePreprocessor.timeout=900", path], cwd=ROOT, env=env)
                if code != 0:
                    return code
                # JupyterLab's form, without nbconvert's per-cell run times
                subprocess.check_call([sys.executable, str(ROOT / "tests" / "notebook_form.py"), path])
        finally:
            workshop("down", env=env)
    return 0


def main(argv: list[str]) -> int:
    """`run.py` (or `run.py lab`) starts the workshop, `run.py --lang ko` its Korean edition.

    `run.py test [--quick] [pytest args]` runs the tests.
    `run.py execute [notebooks]` re-runs notebooks in place for their committed outputs (contributors).
    """
    verb = argv[0] if argv and not argv[0].startswith("-") else "lab"
    if verb == "test":
        return test(argv[1:])
    if verb == "execute":
        return execute(argv[1:])
    if verb == "lab":
        ensure_venv(["requirements.txt"])
        return workshop("prefetch") or workshop("lab", *(argv[1:] if argv and argv[0] == "lab" else argv))
    ensure_venv(["requirements.txt", "requirements-classroom.txt"] if verb == "classroom" else ["requirements.txt"])
    return workshop(*argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
