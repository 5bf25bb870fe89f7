"""The Kubernetes manifests validate against their schemas (offline), and say what we mean."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from shared.bus import TOPOLOGY

pytestmark = pytest.mark.unit

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
KUBERNETES_VERSION = "1.31.0"
CRD_SCHEMAS = {
    "RabbitmqCluster": json.loads((K8S / "schemas" / "rabbitmqcluster.json").read_text()),
    "ScaledObject": json.loads((K8S / "schemas" / "keda.json").read_text()),
    "TriggerAuthentication": json.loads((K8S / "schemas" / "keda.json").read_text()),
}


def _documents() -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    docs: list[dict[str, Any]] = []
    for name in kustomization["resources"]:
        docs.extend(d for d in yaml.safe_load_all((K8S / name).read_text()) if d)
    return docs


def validate(doc: dict[str, Any]) -> None:
    schema = CRD_SCHEMAS.get(doc["kind"])
    if schema is not None:
        jsonschema.validate(doc, schema)
    else:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("doc", _documents(), ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_every_manifest_validates(doc: dict[str, Any]) -> None:
    validate(doc)


def test_a_broken_manifest_is_caught() -> None:
    deployment = next(d for d in _documents() if d["kind"] == "Deployment")
    broken = copy.deepcopy(deployment)
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGett"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        validate(broken)
    scaled = copy.deepcopy(next(d for d in _documents() if d["kind"] == "ScaledObject"))
    scaled["spec"]["triggers"][0]["metadata"]["queueLenght"] = "5"
    with pytest.raises(jsonschema.ValidationError):
        validate(scaled)


def test_each_service_has_probes_resources_and_a_disruption_budget() -> None:
    docs = _documents()
    for name in ("intake", "triage", "dispatch"):
        deployment = next(
            d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == name
        )
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["resources"]["requests"]["cpu"]
        assert any(
            d["kind"] == "PodDisruptionBudget" and d["metadata"]["name"] == name for d in docs
        )


def test_keda_scales_on_queues_that_exist() -> None:
    queues = {q.name for q in TOPOLOGY}
    scaled = [d for d in _documents() if d["kind"] == "ScaledObject"]
    assert {d["spec"]["scaleTargetRef"]["name"] for d in scaled} == {"triage", "dispatch"}
    for doc in scaled:
        for trigger in doc["spec"]["triggers"]:
            assert trigger["metadata"]["queueName"] in queues
