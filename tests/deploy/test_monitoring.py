"""Alert rules and the dashboard refer only to metrics that exist, and cover what ops need."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from prometheus_client import REGISTRY

import shared.metrics  # noqa: F401 - registers our metrics

pytestmark = pytest.mark.unit

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
METRIC = re.compile(r"\b((?:pacars|rabbitmq)_[a-z_]+)")
SUFFIXES = ("_bucket", "_count", "_sum", "_total", "_created")


def _ours() -> set[str]:
    names = set()
    for family in REGISTRY.collect():
        names.add(family.name)
        names.update(sample.name for sample in family.samples)
    return names


def _exists(name: str, ours: set[str]) -> bool:
    if name.startswith("rabbitmq_"):
        return True  # the broker's own plugin; checked by name shape only
    base = name
    for suffix in SUFFIXES:
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    return base in ours or name in ours


def test_alerts_cover_what_wakes_an_operator() -> None:
    rules = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    alerts = {r["alert"]: r for g in rules["groups"] for r in g["rules"]}
    for needed in (
        "ServiceDown",
        "QueueDepthGrowing",
        "ParkedMessages",
        "OutboxLag",
        "ForceFailingForAnHour",
        "QueueWithoutConsumers",
        "CircuitBreakerOpen",
    ):
        assert needed in alerts
        assert alerts[needed]["annotations"]["summary"]
    # Queue alerts work without the broker's Prometheus plugin too: dispatch's own gauges.
    for queue_alert in ("QueueDepthGrowing", "ParkedMessages"):
        assert "pacars_queue_" in alerts[queue_alert]["expr"]


def test_every_metric_in_alerts_and_dashboard_is_exported() -> None:
    ours = _ours()
    rules = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    exprs = [r["expr"] for g in rules["groups"] for r in g["rules"]]
    dashboard = json.loads((DEPLOY / "grafana" / "dashboards" / "pacars.json").read_text())
    exprs += [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    missing = {m for e in exprs for m in METRIC.findall(e) if not _exists(m, ours)}
    assert not missing, f"not exported by any service: {missing}"
