"""Server descriptions: every server described once, on ports of its own, and the verbs read only the descriptions."""
from __future__ import annotations

import ast

import pytest

import run
from benchmarks.procs import status_kib
from workshop import config, doctor, kafka_broker, kafka_cluster, registry, servers


def test_every_server_is_described_once_with_ports_of_its_own(defaults: config.Settings) -> None:
    catalog = registry.catalog(defaults)
    names = [s.name for s in catalog]
    assert names == ["kafka", "mongo", "mqtt", "spark-master", "spark-worker", "kafka-1", "kafka-2", "kafka-3"]
    assert {s.group for s in catalog} == set(servers.GROUPS)
    ports = [p.number for s in catalog for p in s.ports]
    assert len(ports) == len(set(ports)), ports
    assert [p.number for s in registry.group(defaults, "brokers") for p in s.ports] == [9192, 9193, 9292, 9293, 9392, 9393]
    for server in catalog:
        assert all(p.variable in config.ENVIRONMENT_VARIABLES for p in server.ports), server.name
        assert server.data.is_relative_to(defaults.home) and server.log.is_relative_to(defaults.home)
        assert server.heap[:-1].isdigit() and server.heap[-1] in "mg", server.heap


def test_servers_module_imports_no_server_module() -> None:
    tree = ast.parse((config.PROJECT_ROOT / "workshop" / "servers.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    described = {describe.__module__.rsplit(".", 1)[1] for describe in registry.DESCRIBERS}
    assert not imported & described, "servers.py imports a server module; list servers in registry.py instead"


def test_cluster_nodes_share_one_quorum_and_replicate_internal_topics(defaults: config.Settings) -> None:
    texts = [kafka_broker.properties(kafka_cluster._node(defaults, n)) for n in kafka_cluster.NODES]
    voters = "controller.quorum.voters=1@127.0.0.1:9193,2@127.0.0.1:9293,3@127.0.0.1:9393"
    for node_id, text in zip(kafka_cluster.NODES, texts):
        lines = text.splitlines()
        assert voters in lines and f"node.id={node_id}" in lines
        assert "offsets.topic.replication.factor=3" in lines and "transaction.state.log.min.isr=2" in lines
        assert f"advertised.listeners=PLAINTEXT://127.0.0.1:{defaults.broker_ports[node_id - 1]}" in lines
    single = kafka_broker.properties(kafka_broker.Node(1, 9092, 9093, "1@127.0.0.1:9093", defaults.kafka_dir))
    assert "offsets.topic.replication.factor=1" in single.splitlines()
    with pytest.raises(ValueError, match="node ids are"):
        kafka_cluster.name(4)


def test_stopped_optional_servers_are_fine_for_doctor(defaults: config.Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor.probes, "port_in_use", lambda host, port: False)
    checks = doctor.check_optional_servers()
    assert [c.name for c in checks] == ["MQTT broker (optional)", "Spark master (optional)", "Spark worker (optional)",
                                        "Kafka broker 1 (optional)", "Kafka broker 2 (optional)", "Kafka broker 3 (optional)"]
    assert all(c.ok and "not running" in c.detail for c in checks)
    assert [c.ok for c in doctor.check_servers()] == [False, False], "the default servers must run"


def test_test_ports_never_meet_across_port_shifts_up_to_1000() -> None:
    used = sorted({p + d for p in run.TEST_PORTS.values() for d in (0, 1)})  # a port and the one after it
    blocks: list[list[int]] = []
    for port in used:  # neighbouring ports belong to one server (Kafka and its controller)
        if blocks and port - blocks[-1][-1] == 1:
            blocks[-1].append(port)
        else:
            blocks.append([port])
    gaps = [(a[-1], b[0]) for a, b in zip(blocks, blocks[1:])]
    assert all(high - low > 1000 for low, high in gaps), [g for g in gaps if g[1] - g[0] <= 1000]


def test_the_two_lanes_have_ports_and_data_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    assert sorted(n for lane in run.LANES for n in lane) == sorted(n for n, _ in run.TIERS)
    monkeypatch.setenv("WORKSHOP_TEST_PORT_SHIFT", "500")
    first, second = run.test_env(0), run.test_env(1)

    def ports(env: dict[str, str]) -> set[int]:
        return {int(v) + d for k, v in env.items() if k.endswith("_PORT") for d in (0, 1)}

    assert not ports(first) & ports(second) and first["WORKSHOP_HOME"] != second["WORKSHOP_HOME"]
    assert max(ports(second)) == max(run.TEST_PORTS.values()) + 1 + 500 + run.LANE_SHIFT
    monkeypatch.setenv("WORKSHOP_TEST_PORT_SHIFT", str(1001 - run.LANE_SHIFT))
    with pytest.raises(SystemExit, match="WORKSHOP_TEST_PORT_SHIFT"):
        run.test_env(0)


def test_free_ports_lie_between_the_test_servers_and_the_ephemeral_range() -> None:
    """No test server listens in the kernel's ephemeral range: while it is stopped, any process could take its port.

    (A Spark kernel's accumulator server, bound to port 0, once got the second lane's MongoDB port and then
    received a MongoDB client's hello.)
    """
    from helpers import PORT_RANGE, free_port

    highest_test_port = max(p + 1 for p in run.TEST_PORTS.values()) + 1000
    assert highest_test_port < PORT_RANGE[0] and PORT_RANGE[1] <= 32768
    first, second = free_port(), free_port()
    assert first != second and all(PORT_RANGE[0] <= p < PORT_RANGE[1] for p in (first, second))


def test_test_ports_stay_clear_of_the_benchmark_servers() -> None:
    from benchmarks.run import BENCH_ENV

    bench = [int(v) for k, v in BENCH_ENV.items() if k.endswith("_PORT")]
    for name, port in run.TEST_PORTS.items():
        assert not [b for b in bench if port <= b <= port + 1001], name


def _heap_kib(heap: str) -> int:
    return int(heap[:-1]) * {"m": 1024, "g": 1024 * 1024}[heap[-1].lower()]


@pytest.mark.live
def test_running_servers_hold_their_whole_heap(live: config.Settings) -> None:
    """Kafka and MongoDB take their heap at start: their memory is in use from `up` on, not reached mid-class."""
    for server in registry.group(live, "core"):
        if not server.fixed_heap or server.external:
            continue
        proc = servers.running(server, live)
        assert proc is not None, f"{server.name} is not running"
        rss_kib = status_kib(proc.pid, "VmRSS")
        assert rss_kib is not None and rss_kib >= _heap_kib(server.heap), f"{server.name}: {rss_kib} KiB, heap {server.heap}"
