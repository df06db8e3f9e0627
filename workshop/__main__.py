"""The command line: python -m workshop up | down | status | doctor | prefetch | reset | lab | classroom | kafka-<tool> ..."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from . import doctor, jars, jvm, registry, servers, stack
from .config import LAB_CONFIG_DIR, PROJECT_ROOT, settings
from .errors import JavaError, StackError, WaitTimeout
from .kafka_tools import TOOLS, run_tool, tool_name


def _up(args: argparse.Namespace) -> int:
    started = time.monotonic()
    s = settings()
    for line in stack.up(s):
        print(line)
    brokers = getattr(args, "brokers", 1)
    options = (("mqtt", getattr(args, "mqtt", False)), ("spark-cluster", getattr(args, "spark_cluster", False)),
               ("brokers", brokers == 3))
    for group, wanted in options:
        if wanted:
            for line in servers.start(registry.group(s, group), s):
                print(line)
    print(f"ready in {time.monotonic() - started:.1f} s; data under {s.home}")
    print(f"  Kafka:   {s.bootstrap_servers}    MongoDB: {s.mongo_uri}")
    if brokers == 3:
        print(f"  Kafka cluster (3 brokers): {s.cluster_bootstrap}")
    print("  stop with: python -m workshop down")
    return 0


def _down(args: argparse.Namespace) -> int:
    for line in stack.down():
        print(line)
    return 0


def _status(args: argparse.Namespace) -> int:
    s = settings()
    for server in registry.catalog(s):
        print(servers.status_line(server, s))
    core = stack.status(s).values()
    return 0 if all(info["state"] in ("running", "external, answering") for info in core) else 1


def _bridge(args: argparse.Namespace) -> int:
    from . import mqtt

    stats = mqtt.run_bridge(seconds=args.seconds, client_id=args.client_id)
    print(f"bridge stopped: {stats.forwarded} readings forwarded to Kafka, {stats.redelivered} redelivered by MQTT")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    return doctor.main()


def _prefetch(args: argparse.Namespace) -> int:
    for group in jars.artifact_groups():
        paths = jars.fetch(group)
        print(f"{group}: {len(paths)} jars in {settings().jar_cache}")
    jvm.compile_launcher("MongoLauncher", jars.classpath("mongo", progress=False))
    jvm.compile_launcher("MqttLauncher", jars.classpath("mqtt", progress=False))
    print("MongoDB launcher compiled; the workshop can now start without a network.")
    return 0


def _reset(args: argparse.Namespace) -> int:
    from . import reset

    plan = reset.plan()
    print("This deletes:\n  " + "\n  ".join(plan))
    if not args.yes:
        if not sys.stdin.isatty():
            print("Not deleting: no terminal to ask. Run again with --yes.", file=sys.stderr)
            return 2
        if input("Delete all of this? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 1
    for line in reset.run():
        print(line)
    return 0


def _classroom(args: argparse.Namespace) -> int:
    from . import classroom

    s = settings()
    if args.action == "status":
        ok, lines = classroom.status(s)
    else:
        names = args.names.split(",") if getattr(args, "names", None) else None
        lines = classroom.start(s, args.learners, names, args.lang, args.ip) if args.action == "start" else \
            classroom.stop(s) if args.action == "stop" else classroom.wipe(s)
        ok = True
    for line in lines:
        print(line)
    return 0 if ok else 1


def _lab(args: argparse.Namespace) -> int:
    _up(args)
    s = settings()
    from .edition import lab_options

    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={s.bind_host}", f"--ServerApp.port={s.lab_port}",
               f"--ServerApp.root_dir={PROJECT_ROOT}", *(f"--LabApp.{k}={v}" for k, v in lab_options(args.lang).items())]
    if args.no_browser:
        command.append("--no-browser")
    if os.geteuid() == 0:
        command.append("--allow-root")  # containers often run as root; the token still guards the server
    print("Starting JupyterLab (token authentication on; the address with its token is printed below).")
    config_path = os.pathsep.join(filter(None, [str(LAB_CONFIG_DIR), os.environ.get("JUPYTER_CONFIG_PATH")]))
    lang = {"WORKSHOP_LANG": args.lang} if args.lang else {}
    return subprocess.call(command, env={**os.environ, "JUPYTER_CONFIG_PATH": config_path, **lang})


def parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m workshop`."""
    p = argparse.ArgumentParser(prog="python -m workshop", description="Run the Kafka → Spark → MongoDB workshop.")
    sub = p.add_subparsers(dest="verb", required=True, metavar="VERB")
    up = sub.add_parser("up", help="start Kafka and MongoDB on 127.0.0.1 and wait until they answer")
    up.add_argument("--mqtt", action="store_true", help="also start the MQTT broker (notebook 07)")
    up.add_argument("--spark-cluster", action="store_true",
                    help="also start a Spark standalone master and worker on 127.0.0.1 (notebook 08)")
    up.add_argument("--brokers", type=int, choices=(1, 3), default=1,
                    help="3: also start a cluster of three Kafka brokers on 127.0.0.1 (WORKSHOP_BROKER1_PORT..3)")
    up.set_defaults(func=_up)
    bridge = sub.add_parser("bridge", help="forward MQTT sensors/+/temperature into the Kafka topic until Ctrl-C")
    bridge.add_argument("--seconds", type=float, default=None, help="stop after this many seconds")
    bridge.add_argument("--client-id", default="workshop-mqtt-bridge", help="MQTT client id of the persistent session")
    bridge.set_defaults(func=_bridge)
    for name, func, text in (
        ("down", _down, "stop the servers `up` started, the MQTT broker and Spark cluster too (data is kept)"),
        ("status", _status, "show which servers run, where, with which PID and data folder"),
        ("doctor", _doctor, "check Python, Java, ports, jars, servers and versions; print fixes"),
        ("prefetch", _prefetch, "download every jar the workshop needs, for offline use"),
    ):
        sub.add_parser(name, help=text).set_defaults(func=func)
    reset = sub.add_parser("reset", help="delete the workshop's topics, groups, checkpoints and collections")
    reset.add_argument("--yes", action="store_true", help="do not ask before deleting")
    reset.set_defaults(func=_reset)
    lab = sub.add_parser("lab", help="`up`, then JupyterLab on the project, opened at notebooks/")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("--lang", choices=("en", "ko"), default=None,
                     help="the edition to open: en (notebooks/) or ko (notebooks/ko/, Korean menus); default WORKSHOP_LANG")
    lab.set_defaults(func=_lab)
    room = sub.add_parser("classroom", help="serve a whole class from this machine: JupyterHub, one account per learner, "
                          "one shared Kafka and MongoDB (as root; docs/classroom.md)")
    actions = room.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = actions.add_parser("start", help="create the accounts (first time), start the shared servers and the hub")
    who = start.add_mutually_exclusive_group()
    who.add_argument("--learners", type=int, default=None, help="how many learners: accounts wl-learner01..NN")
    who.add_argument("--names", default=None, help="the learners' names, comma-separated: accounts wl-alice, wl-bob, ...")
    start.add_argument("--lang", choices=("en", "ko"), default="en", help="the edition every learner gets a copy of")
    start.add_argument("--ip", default="127.0.0.1",
                       help="where learners reach the hub; a LAN address exposes the login page to that network")
    for action, text in (("stop", "stop the hub, its proxy and the learners' servers (accounts and servers' data stay)"),
                         ("status", "the hub, and per account: logged in, server running (from the hub's REST API)"),
                         ("wipe", "stop, then remove every account the class created, with its home, and the hub's state")):
        actions.add_parser(action, help=text)
    room.set_defaults(func=_classroom)
    for tool in sorted(TOOLS):
        sub.add_parser(tool, help=f"Kafka's own {tool}, as in the seed", add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point: dispatch a verb, or run a Kafka tool with its arguments untouched."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and tool_name(argv[0]):
        return run_tool(argv[0], argv[1:]).returncode
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (StackError, JavaError, WaitTimeout) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
