"""Does a server answer? Probes of TCP ports, Kafka, MongoDB, MQTT and the Spark master, each bounded by a timeout."""
from __future__ import annotations

import json
import os
import socket
import threading
import urllib.request
import uuid


def pid_alive(pid: int) -> bool:
    """Whether a process with this PID exists (it may be a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def port_in_use(host: str, port: int) -> bool:
    """Whether something accepts TCP connections on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def kafka_brokers(bootstrap: str, timeout: float = 2.0) -> set[int]:
    """The node ids of the live (unfenced) brokers a Kafka cluster reports at `bootstrap` (empty if nothing answers)."""
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000),
                                 bootstrap_timeout_ms=int(timeout * 1000), client_id="workshop-probe")
    except (KafkaError, OSError, ValueError):
        return set()
    try:
        brokers = admin.describe_cluster()["brokers"]
        return {int(b.get("broker_id", b.get("node_id", -1))) for b in brokers if not b.get("is_fenced", False)}
    except (KafkaError, OSError, KeyError, TypeError):
        return set()
    finally:
        admin.close()


def kafka_answers(bootstrap: str, timeout: float = 2.0) -> bool:
    """Whether a Kafka broker answers a metadata request at `bootstrap`."""
    return bool(kafka_brokers(bootstrap, timeout))


def mongo_answers(uri: str, timeout: float = 2.0) -> bool:
    """Whether a MongoDB server answers `ping` at `uri`."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    try:
        client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=int(timeout * 1000),
                                          connectTimeoutMS=int(timeout * 1000))
    except (PyMongoError, ValueError):
        return False
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def host_port(address: str) -> tuple[str, int]:
    """Split host:port (host defaults to 127.0.0.1)."""
    host, _, port = address.rpartition(":")
    return host or "127.0.0.1", int(port)


def mqtt_answers(address: str, timeout: float = 2.0) -> bool:
    """Whether an MQTT broker accepts an MQTT 3.1.1 connection at host:port."""
    from paho.mqtt import client as paho

    host, port = host_port(address)
    probe = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"workshop-probe-{uuid.uuid4().hex[:6]}",
                        protocol=paho.MQTTv311)
    connected = threading.Event()
    probe.on_connect = lambda c, u, f, reason, p: connected.set() if not reason.is_failure else None
    try:
        probe.connect(host, port, keepalive=10)
    except OSError:
        return False
    probe.loop_start()
    try:
        return connected.wait(timeout)
    finally:
        probe.disconnect()
        probe.loop_stop()


def spark_master_state(ui_port: int, timeout: float = 2.0) -> dict:
    """The Spark standalone master's state from its web UI's /json/ ({} if it does not answer)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=timeout) as response:
            state = json.load(response)
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}
