"""The embedded MongoDB wire-protocol server (mongo-java-server with an H2 file), described once."""
from __future__ import annotations

import os

from . import jars, jvm, probes
from .config import MONGO_REPORTED_VERSION, MONGO_REPORTED_WIRE_VERSION, MONGO_SERVER_VERSION, Settings
from .servers import Launch, Port, Server

MONGO_DATA_FILE = "data-v2.mv.db"
"""The MongoDB server's H2 file; v2 orders unique-index keys by value (java/MongoLauncher.java), so v1 files are not reopened."""


def _prepare(s: Settings) -> Launch:
    cp = jars.classpath("mongo")
    classes = jvm.compile_launcher("MongoLauncher", cp)
    s.mongo_dir.mkdir(parents=True, exist_ok=True)
    reported = ".".join(map(str, MONGO_REPORTED_VERSION))
    args = ["-cp", os.pathsep.join([str(classes), cp]), "MongoLauncher", s.bind_host, str(s.mongo_port),
            str(s.mongo_dir / MONGO_DATA_FILE), reported, str(MONGO_REPORTED_WIRE_VERSION)]
    return Launch(args, f"mongo-java-server {MONGO_SERVER_VERSION} (reports MongoDB {reported})")


def describe(s: Settings) -> Server:
    """The default MongoDB server."""
    return Server(
        name="mongo", title="MongoDB", group="core", ports=(Port(s.mongo_port, "WORKSHOP_MONGO_PORT"),),
        host=s.bind_host, address=s.mongo_uri, answers=lambda: probes.mongo_answers(s.mongo_uri),
        prepare=lambda: _prepare(s), log=s.mongo_dir / "mongo.log", out=s.mongo_dir / "mongo.log", data=s.mongo_dir,
        heap=s.mongo_heap, fixed_heap=True, external="MONGO_URI" if s.mongo_external else "",
        alternative=" (or point the workshop at that server with MONGO_URI)",
    )
