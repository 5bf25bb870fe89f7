"""The queue sampler reads RabbitMQ's management API, and falls back when it does not answer.

This machine's broker runs without the management plugin (and tests must not switch
plugins on a shared broker), so a small real HTTP server of the test's own answers as the
API does (shapes from RabbitMQ 3.x's GET /api/queues/{vhost}/{name}); the AMQP path is
exercised for real by tests/e2e/test_ops_queues.py.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

import pytest
from prometheus_client import REGISTRY
from pydantic import SecretStr

from services.dispatch.ops.sampler import (
    ManagementUnavailable,
    QueueSampler,
    management_api,
    topic_matches,
)
from services.dispatch.settings import DispatchSettings
from shared.bus import TOPOLOGY, Bus
from shared.errors import ServiceUnavailable

pytestmark = pytest.mark.integration

NS = "tsampler-"


def _answer(name: str) -> dict[str, Any]:
    """What the API says of a queue; one busy queue, one parked message, the rest idle."""
    if name == NS + "triage.report-submitted":
        return {
            "name": name,
            "vhost": "pacars",
            "type": "quorum",
            "messages": 7,
            "messages_ready": 5,
            "messages_unacknowledged": 2,
            "consumers": 3,
            "message_stats": {
                "publish": 120,
                "publish_details": {"rate": 1.5},
                "deliver_get": 118,
                "deliver_get_details": {"rate": 1.25},
                "ack": 116,
                "ack_details": {"rate": 1.2},
            },
        }
    if name == NS + "triage.report-submitted.parked":
        return {"name": name, "messages": 1, "messages_ready": 1, "messages_unacknowledged": 0}
    # A queue that never saw traffic has no message_stats at all.
    return {
        "name": name,
        "messages": 0,
        "messages_ready": 0,
        "messages_unacknowledged": 0,
        "consumers": 0,
    }


class FakeBroker(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []
    status = 200

    def do_GET(self) -> None:  # the name http.server calls
        FakeBroker.requests.append((self.path, self.headers.get("authorization", "")))
        parts = self.path.split("/")  # ['', 'api', 'queues', vhost, name]
        if self.status != 200 or len(parts) != 5 or parts[1:3] != ["api", "queues"]:
            self.send_response(self.status if self.status != 200 else 404)
            self.end_headers()
            return
        body = json.dumps(_answer(unquote(parts[4]))).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def api_url() -> Iterator[str]:
    FakeBroker.requests, FakeBroker.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBroker)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _settings(url: str, **kw: Any) -> DispatchSettings:
    return DispatchSettings(
        amqp_url=SecretStr("amqp://ops:s%40cret@broker:5672/pacars"),
        rabbitmq_management_url=url,
        **kw,
    )


def _sampler(settings: DispatchSettings, **kw: Any) -> QueueSampler:
    # Never connected: a sample that needs AMQP fails (the fallback was tried).
    bus = Bus(url="amqp://guest:guest@127.0.0.1:1/", namespace=NS)
    return QueueSampler(bus=bus, settings=settings, **kw)


async def test_figures_and_rates_come_from_the_management_api(api_url: str) -> None:
    sampler = _sampler(_settings(api_url))
    try:
        queues = {q.name: q for q in await sampler.read()}
    finally:
        await sampler.aclose()
    busy = queues["triage.report-submitted"]
    assert busy.source == "management"
    assert (busy.messages, busy.messages_ready, busy.messages_unacked) == (7, 5, 2)
    assert busy.consumers == 3 and busy.parked == 1
    assert (busy.publish_rate, busy.deliver_rate) == (1.5, 1.25)
    idle = queues["intake.status"]
    assert (idle.publish_rate, idle.deliver_rate, idle.messages_unacked) == (0.0, 0.0, 0)
    assert set(queues) == {q.name for q in TOPOLOGY}
    # Every queue and its parking queue, by name in the vhost of AMQP_URL, with its users.
    paths = {p for p, _ in FakeBroker.requests}
    assert "/api/queues/pacars/tsampler-triage.report-submitted.parked" in paths
    assert len(paths) == 2 * len(TOPOLOGY)
    expected = "Basic " + base64.b64encode(b"ops:s@cret").decode()
    assert {a for _, a in FakeBroker.requests} == {expected}
    assert (
        REGISTRY.get_sample_value(
            "pacars_queue_messages_unacked", {"queue": "triage.report-submitted"}
        )
        == 2
    )
    assert (
        REGISTRY.get_sample_value(
            "pacars_queue_parked_messages", {"queue": "triage.report-submitted"}
        )
        == 1
    )


async def test_an_api_that_refuses_or_is_gone_falls_back_to_amqp(api_url: str) -> None:
    settings = _settings(api_url, rabbitmq_management_user="x")
    sampler = _sampler(settings)
    try:
        FakeBroker.status = 401
        with pytest.raises(ManagementUnavailable, match="HTTP 401"):
            await sampler.management.queue("a")  # type: ignore[union-attr]
        # Refused: the AMQP path is tried next (not connected here: 503, not a crash).
        with pytest.raises(ServiceUnavailable):
            await sampler.read()
    finally:
        await sampler.aclose()
    gone = _sampler(_settings("http://127.0.0.1:1"))
    try:
        with pytest.raises(ManagementUnavailable):
            await gone.management.queue("a")  # type: ignore[union-attr]
        with pytest.raises(ServiceUnavailable):
            await gone.read()
    finally:
        await gone.aclose()


def test_management_settings() -> None:
    assert management_api(DispatchSettings()) is None  # unset: AMQP only
    default = DispatchSettings(
        amqp_url=SecretStr("amqp://guest:guest@localhost:5672/"),
        rabbitmq_management_url="http://localhost:15672",
        rabbitmq_management_password=SecretStr("other"),
    )
    api = management_api(default)
    assert api is not None and api.vhost == "/"
    assert api.client.auth is not None


def test_circuit_gauge_by_force() -> None:
    sampler = _sampler(
        DispatchSettings(),
        circuits=lambda: {"kent": "open", "essex": "half_open", "iopc": "closed"},
    )
    sampler.update_circuit_gauges()
    value = REGISTRY.get_sample_value
    assert value("pacars_circuit_state", {"force": "kent"}) == 2
    assert value("pacars_circuit_state", {"force": "essex"}) == 1
    assert value("pacars_circuit_state", {"force": "iopc"}) == 0


@pytest.mark.parametrize(
    ("pattern", "key", "matches"),
    [
        ("report.submitted", "report.submitted", True),
        ("staff_token.*", "staff_token.issued", True),
        ("staff_token.*", "staff_token", False),
        ("intelligence.*", "intelligence.package.sent", False),
        ("#", "anything.at.all", True),
        ("report.#", "report", True),
        ("a.#.z", "a.b.c.z", True),
        ("report.triaged", "report.submitted", False),
    ],
)
def test_topic_matching(pattern: str, key: str, matches: bool) -> None:
    assert topic_matches(pattern, key) is matches
