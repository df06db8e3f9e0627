#!/usr/bin/env python3
"""Run the workshop's benchmarks on servers of their own: `python benchmarks/run.py [--quick]`.

Prints a table (name, value, unit, target, met?) and writes benchmarks/results/<timestamp>.json and latest.json.
The servers run in a benchmark home on benchmark ports (below) unless the environment names others,
so a class's running stack is never touched; they are stopped at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BENCH_ENV = {
    "WORKSHOP_HOME": str(ROOT / ".workshop-bench"),
    "WORKSHOP_JARS": str(ROOT / ".workshop" / "jars"),
    "WORKSHOP_KAFKA_PORT": "24092",
    "WORKSHOP_KAFKA_CONTROLLER_PORT": "24093",
    "WORKSHOP_MONGO_PORT": "24017",
    "WORKSHOP_SPARK_UI_PORT": "24040",
    "WORKSHOP_LAB_PORT": "24888",
    "WORKSHOP_BROKER1_PORT": "24192",
    "WORKSHOP_BROKER2_PORT": "24292",
    "WORKSHOP_BROKER3_PORT": "24392",
}
"""Defaults for the benchmark's own servers; any of them already set in the environment wins."""
RESULTS = ROOT / "benchmarks" / "results"
SECTIONS = ("up", "cold", "cluster", "spark", "producer", "e2e", "latency", "alerts", "notebooks", "soak")
"""Every section; the soak runs only when asked for (`--soak MINUTES` or `--only soak`, 10 min)."""
QUICK = {"up_runs": 1, "spark_runs": 1, "producer_records": 50_000, "producer_runs": 1,
         "rates": [2_500, 5_000, 10_000], "window_s": 10, "warmup_s": 10, "latency_s": 10}
FULL = {"up_runs": 3, "spark_runs": 3, "producer_records": 200_000, "producer_runs": 3,
        "rates": [2_500, 5_000, 7_500, 10_000, 15_000, 20_000, 25_000], "window_s": 60, "warmup_s": 30,
        "latency_s": 30}
TRIGGER = {"processingTime": "1 second"}


def _in_venv() -> None:
    """Re-run this script inside the project's .venv (created by run.py) when started from another Python."""
    venv_python = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if Path(sys.prefix).resolve() == (ROOT / ".venv").resolve():
        return
    import importlib.util

    spec = importlib.util.spec_from_file_location("workshop_run", ROOT / "run.py")
    launcher = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(launcher)  # type: ignore[union-attr]
    launcher.ensure_venv(["requirements.txt", "requirements-test.txt"])
    os.execv(str(venv_python), [str(venv_python), *sys.argv])


def _environment() -> None:
    for key, value in BENCH_ENV.items():
        os.environ.setdefault(key, value)
    if str(ROOT) not in sys.path:  # the benchmarks package itself (workshop is installed in .venv)
        sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the chosen sections, write and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="shorter windows, one run each, no notebooks or cold start (< 3 min)")
    parser.add_argument("--only", default="", help=f"comma-separated sections to run: {','.join(SECTIONS)}")
    parser.add_argument("--rates", default="",
                        help="comma-separated offered rates of the e2e section, readings/s (default: the mode's)")
    parser.add_argument("--soak", type=float, default=0.0, metavar="MINUTES",
                        help="only the soak: 1,000 readings/s for MINUTES, RSS and backlog trends")
    parser.add_argument("--keep-up", action="store_true", help="leave the benchmark servers running afterwards")
    parser.add_argument("--markdown", action="store_true", help="print latest.json as a Markdown table and exit")
    args = parser.parse_args(argv)
    _environment()
    from benchmarks import stats

    if args.markdown:
        print(stats.markdown_table(json.loads((RESULTS / "latest.json").read_text())["metrics"]))
        return 0
    chosen = [s.strip() for s in args.only.split(",") if s.strip()] or [
        s for s in SECTIONS if s != "soak" and not (args.quick and s in ("cold", "notebooks"))]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    if args.soak:
        chosen = ["soak"]
    plan = dict(QUICK if args.quick else FULL, soak_minutes=args.soak or 10.0)
    if args.rates:
        plan["rates"] = [float(r) for r in args.rates.split(",") if r.strip()]
    mode = "soak" if chosen == ["soak"] else "quick" if args.quick else "full"
    return run(chosen, plan, mode, args.keep_up, complete=not (args.only or args.rates or args.soak))


def run(sections: list[str], plan: dict, mode: str, keep_up: bool, complete: bool) -> int:
    """Run `sections` with `plan`; write benchmarks/results/<timestamp>.json (and latest.json when complete)."""
    from benchmarks import alerts, notebooks, pipeline, procs, producer, soak, startup, stats
    from workshop import streaming
    from workshop.config import settings

    started_at = datetime.now(timezone.utc)
    clock = time.perf_counter()
    machine = procs.machine()
    print(f"Benchmarks ({mode}) in {settings().home}, Kafka {settings().bootstrap_servers}, MongoDB {settings().mongo_uri}")
    print(f"Machine: {machine['cores']} cores, {machine['memory_gib']} GiB, load {machine['load_1_5_15']}", flush=True)
    metrics: list[stats.Metric] = []

    def section(name: str, body: Callable[[], list[stats.Metric]]) -> None:
        if name not in sections:
            return
        print(f"[{name}] ...", flush=True)
        began = time.perf_counter()
        try:
            found = body()
        except Exception as exc:  # a failing section is reported, the others still run
            traceback.print_exc()
            found = [stats.Metric(f"{name}: FAILED", None, "", note=f"{type(exc).__name__}: {str(exc)[:300]}")]
        for m in found:
            print(f"  {m.name}: {m.value if m.value is None else round(m.value, 3)} {m.unit}", flush=True)
        print(f"[{name}] {time.perf_counter() - began:.0f} s", flush=True)
        metrics.extend(found)

    section("up", lambda: startup.up_warm(plan["up_runs"]))
    section("cold", lambda: [startup.up_cold()])
    startup.workshop("up")
    section("cluster", startup.cluster)
    section("spark", lambda: [startup.spark_start(plan["spark_runs"])])
    section("producer", lambda: producer.compare(plan["producer_records"], plan["producer_runs"]))
    if {"e2e", "latency", "alerts", "soak"} & set(sections):
        spark = streaming.spark_session("workshop-bench")
        section("e2e", lambda: pipeline.throughput(spark, plan["rates"], plan["window_s"], TRIGGER, plan["warmup_s"])[0])
        section("latency", lambda: [m for trigger in pipeline.TRIGGERS for m in pipeline.latency_metrics(
            pipeline.latency(spark, 1_000, plan["latency_s"], trigger))])
        section("alerts", lambda: alerts.alert_metrics(spark))
        section("soak", lambda: soak.soak(spark, plan["soak_minutes"]))
        spark.stop()
    section("notebooks", notebooks.run)
    if not keep_up:
        startup.workshop("down")

    doc = stats.document(metrics, machine, mode, started_at.isoformat(timespec="seconds"), time.perf_counter() - clock)
    doc["machine"]["load_1_5_15_at_end"] = [round(x, 2) for x in os.getloadavg()]
    doc["sections"] = sections
    problems = stats.validate(doc)
    if problems:
        print("results document problems: " + "; ".join(problems), file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started_at.strftime('%Y%m%dT%H%M%SZ')}.json"
    text = json.dumps(doc, indent=1, default=float) + "\n"
    path.write_text(text)
    if complete:
        (RESULTS / "latest.json").write_text(text)
    print()
    print(stats.text_table(doc["metrics"]))
    print(f"\n{mode} run: {doc['wall_seconds']:.0f} s; wrote {path.relative_to(ROOT)}" + (" and latest.json" if complete else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    _in_venv()
    sys.exit(main())
