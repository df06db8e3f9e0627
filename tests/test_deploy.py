"""Offline checks of the Kubernetes manifests in deploy/ (no cluster needed).

Core kinds (Namespace, ConfigMap, Service, Deployment, StatefulSet) are validated, strictly, against the
Kubernetes 1.33 JSON schemas that the kubernetes-validate package vendors (installed by
.ci/compose-check.sh; skipped with a reason when missing). Strimzi's custom resources (Kafka,
KafkaNodePool, KafkaTopic) have no schema there: their structure is checked here field by field, not
against Strimzi's CRD schemas.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from workshop import config

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
KUBERNETES_VERSION = "1.33.0"
STRIMZI = "kafka.strimzi.io/v1beta2"


def _documents() -> list[tuple[str, dict]]:
    docs = []
    for path in sorted(DEPLOY.glob("*.yaml")):
        docs += [(path.name, d) for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    return docs


def _one(kind: str, api: str | None = None) -> dict:
    found = [d for _, d in _documents() if d["kind"] == kind and (api is None or d["apiVersion"] == api)]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def test_every_resource_is_named_and_in_the_workshop_namespace() -> None:
    docs = _documents()
    assert {d["kind"] for _, d in docs} >= {"Namespace", "Kafka", "KafkaNodePool", "KafkaTopic", "StatefulSet",
                                            "Deployment", "Service", "ConfigMap"}
    for name, d in docs:
        assert d["apiVersion"] and d["metadata"]["name"], name
        if d["kind"] != "Namespace":
            assert d["metadata"].get("namespace") == "workshop", f"{name}: {d['kind']} {d['metadata']['name']}"
    assert sorted(p.name for p in DEPLOY.glob("*.yaml"))[0] == "00-namespace.yaml", "the namespace is applied first"


def test_core_resources_match_the_kubernetes_schemas() -> None:
    kv = pytest.importorskip("kubernetes_validate", reason="pip install kubernetes-validate (.ci/compose-check.sh)")
    checked = 0
    for name, d in _documents():
        if d["apiVersion"].startswith("kafka.strimzi.io/"):
            continue
        try:
            kv.validate(d, KUBERNETES_VERSION, strict=True)
        except kv.ValidationError as exc:
            pytest.fail(f"{name}: {d['kind']} {d['metadata']['name']}: {exc.message} at {list(exc.path)}")
        checked += 1
    assert checked >= 6


def test_kafka_runs_in_kraft_mode_with_node_pools() -> None:
    kafka = _one("Kafka", STRIMZI)
    pool = _one("KafkaNodePool", STRIMZI)
    annotations = kafka["metadata"]["annotations"]
    assert annotations["strimzi.io/kraft"] == "enabled" and annotations["strimzi.io/node-pools"] == "enabled"
    assert "zookeeper" not in kafka["spec"], "KRaft: no ZooKeeper"
    assert kafka["spec"]["kafka"]["version"] == config.KAFKA_VERSION
    assert pool["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
    assert set(pool["spec"]["roles"]) == {"controller", "broker"}
    replicas = pool["spec"]["replicas"]
    for key in ("offsets.topic.replication.factor", "default.replication.factor", "min.insync.replicas"):
        assert kafka["spec"]["kafka"]["config"][key] <= replicas, key


def test_sensor_topic_is_declared_as_in_the_seed() -> None:
    kafka = _one("Kafka", STRIMZI)
    topic = _one("KafkaTopic", STRIMZI)
    assert topic["metadata"]["name"] == "sensor-stream"
    assert topic["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
    assert topic["spec"]["partitions"] == 2 and topic["spec"]["replicas"] == 1


def test_jupyter_reaches_the_cluster_by_environment_variables_alone() -> None:
    kafka = _one("Kafka", STRIMZI)
    env = _one("ConfigMap")["data"]
    assert set(env) <= set(config.ENVIRONMENT_VARIABLES), "only variables workshop/config.py reads"
    listener = next(l for l in kafka["spec"]["kafka"]["listeners"] if l["type"] == "internal")
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == f"{kafka['metadata']['name']}-kafka-bootstrap.workshop.svc:{listener['port']}"
    mongo_service = next(d for _, d in _documents() if d["kind"] == "Service" and d["metadata"]["name"] == "mongo")
    assert env["MONGO_URI"] == f"mongodb://mongo.workshop.svc:{mongo_service['spec']['ports'][0]['port']}/"
    jupyter = _one("Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert jupyter["envFrom"][0]["configMapRef"]["name"] == _one("ConfigMap")["metadata"]["name"]


def test_images_match_the_classroom_stack() -> None:
    compose = yaml.safe_load((DEPLOY.parent / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    images = {c["image"] for _, d in _documents() if d["kind"] in ("Deployment", "StatefulSet")
              for c in d["spec"]["template"]["spec"]["containers"]}
    assert images == {compose["mongo"]["image"], compose["jupyter"]["image"]}
