"""A report goes in at intake and a signed package reaches the right force."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from tests.e2e.helpers import (
    routed_reports,
    submit_all,
    verify_signatures,
    wait_for_deliveries,
)
from tests.stack import ADMIN_TOKEN, Stack, wait_for

pytestmark = pytest.mark.e2e

OPS = {"authorization": f"Bearer {ADMIN_TOKEN}"}


async def test_200_reports_reach_their_forces_signed_and_acknowledged(stack: Stack) -> None:
    await stack.start()
    async with httpx.AsyncClient(timeout=30) as client:
        expected = await submit_all(client, stack["intake"].url, routed_reports(200))
        assert len(expected) == 200

        seen = await wait_for_deliveries(client, stack, 200)
        deliveries = seen["deliveries"]
        assert seen["unique"] == 200
        by_reference = {d["report_reference"]: d for d in deliveries}
        assert set(by_reference) == set(expected)
        # What the benchmarks read instead of the whole record: the same arrivals.
        arrivals = (await client.get(f"{stack['forcesim'].url}/received/arrivals")).json()
        assert {(a["report_reference"], a["received_at"]) for a in arrivals["arrivals"]} == {
            (d["report_reference"], d["received_at"]) for d in deliveries
        }
        wrong = {
            ref: (d["force"], expected[ref])
            for ref, d in by_reference.items()
            if d["force"] != expected[ref]
        }
        assert not wrong, f"misrouted: {wrong}"
        await verify_signatures(client, stack, deliveries)

        # The simulator acknowledges each delivery; dispatch records every one.
        async def all_acknowledged() -> bool:
            for d in deliveries:
                status = (
                    await client.get(
                        f"{stack['dispatch'].url}/v1/intelligence/{d['package_id']}", headers=OPS
                    )
                ).json()
                if status.get("outcome") != "received" or not status.get("acknowledged_at"):
                    return False
            return True

        await wait_for(all_acknowledged, timeout=60, interval=1, message="acknowledgements")


async def test_a_correlation_id_follows_a_report_through_every_service(stack: Stack) -> None:
    await stack.start()
    body, force = routed_reports(1)[0]
    correlation = "trace" + uuid.uuid4().hex
    async with httpx.AsyncClient(timeout=30) as client:
        answer = await client.post(
            f"{stack['intake'].url}/v1/reports",
            json=body,
            headers={"x-correlation-id": correlation},
        )
        assert answer.headers["x-correlation-id"] == correlation
        await wait_for_deliveries(client, stack, 1)

    def logged(service: str) -> list[dict]:  # type: ignore[type-arg]
        lines = [
            json.loads(line) for line in stack[service].logs().splitlines() if line.startswith("{")
        ]
        return [line for line in lines if line.get("correlation_id") == correlation]

    assert any(line.get("route") == "/v1/reports" for line in logged("intake"))
    assert any(line.get("event_type") == "report.submitted" for line in logged("triage"))
    assert any(line.get("event_type") == "report.triaged" for line in logged("dispatch"))

    async def delivery_logged() -> bool:
        # Dispatch logs the delivery once it has recorded the force's answer, which can be
        # a moment after the force has the package.
        return any(
            "delivered" in line["message"] and line.get("force") == force
            for line in logged("dispatch")
        )

    await wait_for(delivery_logged, timeout=30, message="dispatch's delivery log line")


async def test_accepted_reports_survive_triage_and_dispatch_being_killed(stack: Stack) -> None:
    await stack.start()
    async with httpx.AsyncClient(timeout=30) as client:
        expected = await submit_all(client, stack["intake"].url, routed_reports(200))
        await wait_for_deliveries(client, stack, 20)
        stack["triage"].kill()
        stack["triage"].start()
        await stack["triage"].wait_ready()
        await wait_for_deliveries(client, stack, 60)
        stack["dispatch"].kill()
        stack["dispatch"].start()
        await stack["dispatch"].wait_ready()

        seen = await wait_for_deliveries(client, stack, 200, timeout=180)
        references = [d["report_reference"] for d in seen["deliveries"]]
        # Each report arrived once under one webhook-id; any repeat carried that same id
        # (the simulator counts it against the id it already saw).
        assert sorted(references) == sorted(expected)
        assert seen["raw"] >= seen["unique"] == 200


async def test_reports_accepted_while_the_broker_is_unreachable_arrive_later(
    stack: Stack,
) -> None:
    stack.configure("intake", AMQP_URL="amqp://guest:guest@127.0.0.1:1/")
    stack["intake"].start()
    await stack.start("triage", "dispatch", "forcesim")
    async with httpx.AsyncClient(timeout=30) as client:

        async def answering() -> bool:
            try:
                return (await client.get(f"{stack['intake'].url}/healthz")).status_code == 200
            except httpx.HTTPError:
                return False

        await wait_for(answering, timeout=30, message="intake to answer")
        ready = await client.get(f"{stack['intake'].url}/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["broker"] is False

        expected = await submit_all(client, stack["intake"].url, routed_reports(20))
        assert len(expected) == 20

        await stack.restart("intake", AMQP_URL=stack["triage"].env["AMQP_URL"])
        seen = await wait_for_deliveries(client, stack, 20, timeout=60)
        assert {d["report_reference"] for d in seen["deliveries"]} == set(expected)
