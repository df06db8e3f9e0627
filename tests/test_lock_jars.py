"""The jar lock's generator: its wanted coordinates are the versions the workshop declares, and each is in the lock."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from tools import lock_jars
from workshop import config, jars, mqtt_broker


def test_every_root_is_locked_and_matches_the_declared_versions() -> None:
    spec = {k: v for k, v in json.loads(lock_jars.SPEC.read_text()).items() if not k.startswith("_")}
    assert set(jars.artifact_groups()) <= set(spec), "every locked group can be regenerated"
    for group in jars.artifact_groups():
        wanted, locked = spec[group], {a.coord for a in jars.artifacts(group)}
        assert set(wanted["roots"]) <= locked, group
    roots = {r for wanted in spec.values() for r in wanted["roots"]}
    assert f"org.apache.kafka:kafka_2.13:{config.KAFKA_VERSION}" in roots
    assert f"de.bwaldvogel:mongo-java-server:{config.MONGO_SERVER_VERSION}" in roots
    assert f"com.hivemq:hivemq-community-edition-embedded:{mqtt_broker.HIVEMQ_VERSION}" in roots


def test_pom_applies_each_exclusion_to_each_root() -> None:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    project = ET.fromstring(lock_jars.pom(["a.b:c:1", "d.e:f:2"], ["x.y:*", "p:q"]))
    deps = project.findall("m:dependencies/m:dependency", ns)
    assert [(d.findtext("m:artifactId", namespaces=ns), d.findtext("m:version", namespaces=ns)) for d in deps] == \
        [("c", "1"), ("f", "2")]
    for dep in deps:
        assert [(e.findtext("m:groupId", namespaces=ns), e.findtext("m:artifactId", namespaces=ns))
                for e in dep.findall("m:exclusions/m:exclusion", ns)] == [("x.y", "*"), ("p", "q")]
