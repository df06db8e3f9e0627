"""Three Apache Kafka brokers in KRaft mode on 127.0.0.1 (`up --brokers 3`): start, stop one, restart it, see leaders and ISR."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Callable

from . import kafka_broker, probes, procs, servers
from .config import Settings, settings
from .errors import StackError, WaitTimeout
from .kafka_broker import Node
from .servers import Port, Server
from .waiting import wait_until

NODES = (1, 2, 3)
"""Node ids of the cluster; every node is a broker and one of the three controller voters."""


@dataclass(frozen=True)
class PartitionState:
    """Who holds one partition: its leader, its replicas and which of them are in sync (ISR)."""

    partition: int
    leader: int
    replicas: list[int]
    isr: list[int]


def _node(s: Settings, node_id: int) -> Node:
    ports = s.broker_ports
    voters = ",".join(f"{n}@127.0.0.1:{ports[n - 1] + 1}" for n in NODES)
    return Node(node_id, ports[node_id - 1], ports[node_id - 1] + 1, voters, s.cluster_dir / f"node-{node_id}",
                replication=len(NODES))


def _cluster_id(s: Settings) -> str:
    """The cluster's id, drawn once and shared by the three nodes' storage."""
    path = s.cluster_dir / "cluster.id"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(kafka_broker.new_cluster_id())
    return path.read_text().strip()


def name(node_id: int) -> str:
    """The server name of a node: kafka-1, kafka-2, kafka-3."""
    if node_id not in NODES:
        raise ValueError(f"no broker {node_id} in the cluster; its node ids are {NODES}")
    return f"kafka-{node_id}"


def _registered(node_id: int, address: str) -> bool:
    """Whether the cluster, asked at `address`, lists broker `node_id` as live."""
    return node_id in probes.kafka_brokers(address)


def describe(s: Settings) -> list[Server]:
    """The three nodes, each answering once the cluster lists it as a broker."""
    described = []
    for node_id in NODES:
        node = _node(s, node_id)
        variable = f"WORKSHOP_BROKER{node_id}_PORT"
        address = f"127.0.0.1:{node.port}"
        described.append(Server(
            name=name(node_id), title=f"Kafka broker {node_id}", group="brokers",
            ports=(Port(node.port, variable), Port(node.controller_port, variable)),  # the controller: the next port
            host="127.0.0.1", address=address,
            answers=partial(_registered, node_id, address),
            prepare=partial(kafka_broker.prepare, node, partial(_cluster_id, s), kafka_broker.class_cache(s), False),
            log=node.folder / "kafka.log", out=node.folder / "kafka.out", data=node.data,
            heap=s.broker_heap, jvm_options=kafka_broker.JVM_OPTIONS, fixed_heap=True,
        ))
    return described


def bootstrap(s: Settings | None = None) -> str:
    """The cluster's bootstrap servers, e.g. 127.0.0.1:9192,127.0.0.1:9292,127.0.0.1:9392."""
    return (s or settings()).cluster_bootstrap


ANSWER_TIMEOUT = 10.0
"""Seconds a broker may take to describe the cluster: a loaded laptop answers slowly, and no answer reads as no broker."""


def address(node_id: int, s: Settings | None = None) -> str:
    """The client address of broker `node_id` alone, e.g. 127.0.0.1:9292 (for a tool that must not try a dead broker)."""
    name(node_id)  # a ValueError for a node the cluster does not have
    return f"127.0.0.1:{(s or settings()).broker_ports[node_id - 1]}"


def start(s: Settings | None = None) -> list[str]:
    """Start the three brokers unless they run, and wait until the cluster lists all three as live; one line each."""
    s = s or settings()
    lines = servers.start(describe(s), s)
    # Each node answered once it saw itself registered; the others' metadata can lag behind that for a moment.
    wait_until(lambda: all(probes.kafka_brokers(address(n, s), ANSWER_TIMEOUT) == set(NODES) for n in NODES),
               "every broker to list brokers 1, 2 and 3 as live", s.start_timeout)
    return lines


def stop(s: Settings | None = None) -> list[str]:
    """Stop the three brokers (their data stays)."""
    s = s or settings()
    return servers.stop(describe(s), s)


def _server(node_id: int, s: Settings) -> Server:
    return next(server for server in describe(s) if server.name == name(node_id))


def pid(node_id: int, s: Settings | None = None) -> int:
    """The PID of broker `node_id` (StackError if it is not running)."""
    s = s or settings()
    current = procs.running(name(node_id), s)
    if current is None:
        raise StackError(f"broker {node_id} is not running; start the cluster with `python -m workshop up --brokers 3`")
    return current.pid


def kill(node_id: int, s: Settings | None = None) -> int:
    """Kill broker `node_id` hard (SIGKILL), as a crash would; return its former PID."""
    s = s or settings()
    former = pid(node_id, s)
    procs.kill(former)
    return former


def restart(node_id: int, s: Settings | None = None) -> str:
    """Start broker `node_id` again (after `kill`) and wait until the cluster lists it as a broker."""
    s = s or settings()
    return servers.start([_server(node_id, s)], s)[0]


def running_nodes(s: Settings | None = None) -> set[int]:
    """The node ids whose broker process runs now (a killed one is missing until `restart`)."""
    s = s or settings()
    return {n for n in NODES if procs.running(name(n), s) is not None}


def delete_topic(topic: str, timeout: float = 30.0, s: Settings | None = None) -> None:
    """Delete `topic` if it exists and wait until the controller itself says it no longer has it."""
    from kafka.errors import NotControllerError, UnknownTopicOrPartitionError

    client = admin(s)

    def gone() -> bool:   # asked of the controller: a broker's metadata may not list a topic it just created
        try:
            client.delete_topics([topic])
        except UnknownTopicOrPartitionError:
            return True
        except NotControllerError:   # a broker that just restarted lags behind: ask again
            pass
        return False

    try:
        wait_until(gone, f"{topic!r} to be deleted", timeout, interval=0.5)
    finally:
        client.close()


def create_afresh(new_topic: Any, timeout: float = 60.0, s: Settings | None = None) -> None:
    """Delete the topic a kafka-python NewTopic names, then create it as described (notebook 09's exercise).

    The deletion is retried while a create is refused with TopicAlreadyExists: a controller that has just answered
    "unknown topic" to a deletion may still refuse the same name for a moment.
    """
    from kafka.errors import TopicAlreadyExistsError

    def created() -> bool:
        delete_topic(new_topic.name, timeout, s)
        client = admin(s)
        try:
            client.create_topics([new_topic])
            return True
        except TopicAlreadyExistsError:
            return False
        finally:
            client.close()

    wait_until(created, f"{new_topic.name!r} to be created afresh", timeout, interval=1.0)


def admin(s: Settings | None = None) -> Any:
    """A kafka-python admin client of the cluster (close it when done)."""
    from kafka import KafkaAdminClient

    return KafkaAdminClient(bootstrap_servers=bootstrap(s), client_id="workshop-cluster-admin",
                            request_timeout_ms=10_000)


def brokers(s: Settings | None = None) -> set[int]:
    """The node ids the cluster lists as live brokers now."""
    return probes.kafka_brokers(bootstrap(s), ANSWER_TIMEOUT)


TRANSIENT = {3, 5}
"""UNKNOWN_TOPIC_OR_PARTITION and LEADER_NOT_AVAILABLE: the answering broker's metadata has not caught up yet."""


def describe_topic(topic: str, s: Settings | None = None, timeout: float = 15.0) -> list[PartitionState]:
    """Leader, replicas and in-sync replicas of every partition of `topic`, from the cluster's metadata.

    A broker that has not yet applied the latest metadata (a topic just created, a leader just elected) is asked
    again until `timeout`; each answer comes from one broker's view, so wait_for_partition is the way to a state.
    """
    def ask() -> dict | None:
        client = admin(s)
        try:
            [described] = client.describe_topics([topic])
        finally:
            client.close()
        return None if described.get("error_code") in TRANSIENT else described

    try:
        described = wait_until(ask, f"the cluster to describe {topic!r}", timeout, interval=0.5)
    except WaitTimeout:
        raise StackError(f"the cluster cannot describe topic {topic!r} (no broker knows it after {timeout:g} s)") from None
    if described.get("error_code"):
        raise StackError(f"the cluster cannot describe topic {topic!r} (error code {described['error_code']})")
    return sorted((PartitionState(int(p["partition_index"]), int(p["leader_id"]), [int(r) for r in p["replica_nodes"]],
                                  [int(r) for r in p["isr_nodes"]]) for p in described["partitions"]),
                  key=lambda state: state.partition)


def partition_state(topic: str, partition: int, s: Settings | None = None) -> PartitionState:
    """Leader, replicas and ISR of one partition."""
    return next(p for p in describe_topic(topic, s) if p.partition == partition)


def wait_for_partition(topic: str, partition: int, condition: Callable[[PartitionState], bool], what: str, timeout: float = 60.0,
                       s: Settings | None = None) -> PartitionState:
    """Poll one partition's state until `condition(state)` holds; raise WaitTimeout naming `what` after `timeout` s."""

    from kafka.errors import KafkaError

    def check() -> PartitionState | None:
        try:
            state = partition_state(topic, partition, s)
        except (KafkaError, OSError, StackError, StopIteration):  # metadata can be missing while leadership moves
            return None
        return state if condition(state) else None

    return wait_until(check, what, timeout, interval=0.5)
