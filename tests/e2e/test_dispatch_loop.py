"""Closing the loop: deadlines and reminders, messages both ways, and forces that see
only their own packages on every endpoint."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.dispatch.feed import (
    ADMIN_HEADERS,
    Feed,
    deliveries_to,
    force_key,
    package_status,
    start_dispatch_and_forces,
    wait_deliveries_to,
)
from tests.e2e.helpers import verify_signatures
from tests.stack import Stack, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"], indirect=True)]


async def test_overdue_packages_get_reminders_and_show_to_operators(stack: Stack) -> None:
    # Seconds instead of 7 days and 3 months: the clock is a setting.
    stack.configure(
        "dispatch",
        DISPATCH_ACK_DEADLINE_HOURS=str(1.0 / 3600),
        DISPATCH_OUTCOME_DEADLINE_HOURS=str(4.0 / 3600),
        DISPATCH_REMINDER_EVERY_HOURS="1",
        DISPATCH_DEADLINE_CHECK_SECONDS="0.3",
    )
    await start_dispatch_and_forces(stack)
    dispatch, sim = stack["dispatch"].url, stack["forcesim"].url
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        await client.put(f"{sim}/control/kent", json={"mode": "ok", "acknowledge": False})
        await feed.triaged(force="kent", priority="high")
        [package] = await wait_deliveries_to(client, stack, "kent", 1)
        [reminder] = await wait_deliveries_to(
            client, stack, "kent", 1, kind="intelligence.reminder", timeout=30
        )
        assert reminder["webhook_id"] != package["package_id"]  # its own id
        assert reminder["data"]["package_id"] == package["package_id"]
        assert reminder["data"]["overdue"] == "acknowledgement"
        await verify_signatures(client, stack, [reminder])

        overdue = (await client.get(f"{dispatch}/v1/ops/overdue", headers=ADMIN_HEADERS)).json()
        assert [(o["package_id"], o["overdue"]) for o in overdue] == [
            (package["package_id"], "acknowledgement")
        ]
        assert overdue[0]["reminders_sent"] == 1
        forces = (await client.get(f"{dispatch}/v1/forces", headers=ADMIN_HEADERS)).json()
        assert next(f for f in forces if f["code"] == "kent")["overdue"] == 1
        status = await package_status(client, stack, package["package_id"])
        assert status["overdue"] == "acknowledgement"
        assert "intelligence.reminder" in [a["kind"] for a in status["history"]]

        # Acknowledged, but no outcome: overdue again once the outcome deadline passes.
        key = await force_key(client, stack, "kent")
        ack_url = f"{dispatch}/v1/intelligence/{package['package_id']}/acknowledgements"
        assert (
            await client.post(ack_url, headers=key, json={"outcome": "received"})
        ).status_code == 201

        async def outcome_overdue() -> list[Any] | None:
            found = (
                await client.get(f"{dispatch}/v1/ops/overdue?force=kent", headers=ADMIN_HEADERS)
            ).json()
            return found if found and found[0]["overdue"] == "outcome" else None

        await wait_for(outcome_overdue, timeout=15, message="outcome overdue")
        done = await client.post(ack_url, headers=key, json={"outcome": "investigation_opened"})
        assert done.status_code == 201
        assert (await client.get(f"{dispatch}/v1/ops/overdue", headers=ADMIN_HEADERS)).json() == []


async def test_messages_go_both_ways_between_a_force_and_the_reporter(stack: Stack) -> None:
    await start_dispatch_and_forces(stack)
    dispatch = stack["dispatch"].url
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        sent = await feed.triaged(force="kent")
        [package] = await wait_deliveries_to(client, stack, "kent", 1)
        key = await force_key(client, stack, "kent")
        url = f"{dispatch}/v1/intelligence/{package['package_id']}/messages"

        # The force asks: intake gets a followup.to_reporter with the text (sealed).
        for bad in ({"text": "   "}, {"text": ""}, {}, {"text": "x", "extra": 1}):
            assert (await client.post(url, headers=key, json=bad)).status_code == 422
        asked = await client.post(url, headers=key, json={"text": "Which station was it?"})
        assert asked.status_code == 202, asked.text
        events = [e for e in await feed.to_intake() if e["type"] == "followup.to_reporter"]
        assert [(e["report_id"], e["force"], e["text"]) for e in events] == [
            (str(sent.report_id), "kent", "Which station was it?")
        ]

        # The reporter answers: a signed reporter.message to the force holding the report.
        await feed.reporter_message(sent.report_id, "Ashford, on the night shift.")
        [message] = await wait_deliveries_to(client, stack, "kent", 1, kind="reporter.message")
        assert message["data"]["text"] == "Ashford, on the night shift."
        assert message["data"]["package_id"] == package["package_id"]
        assert message["webhook_id"] == message["data"]["message_id"]
        await verify_signatures(client, stack, [message])
        readable = (await client.get(url, headers=key)).json()
        assert [(m["text"], m["status"]) for m in readable] == [
            ("Ashford, on the night shift.", "delivered")
        ]


async def test_a_reporter_message_follows_the_report_to_the_force_it_was_redirected_to(
    stack: Stack,
) -> None:
    await start_dispatch_and_forces(stack)
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        await client.put(
            f"{stack['forcesim'].url}/control/kent",
            json={"mode": "wrong_force", "redirect_to": "surrey"},
        )
        sent = await feed.triaged(force="kent")
        [moved] = await wait_deliveries_to(client, stack, "surrey", 1)
        await feed.reporter_message(sent.report_id, "One more thing.")
        [message] = await wait_deliveries_to(client, stack, "surrey", 1, kind="reporter.message")
        assert message["data"]["package_id"] == moved["package_id"]
        assert await deliveries_to(client, stack, "kent", "reporter.message") == []


async def test_every_force_endpoint_answers_404_for_another_force_s_package(
    stack: Stack,
) -> None:
    await start_dispatch_and_forces(stack)
    dispatch = stack["dispatch"].url
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        await client.put(f"{stack['forcesim'].url}/control/kent", json={"acknowledge": False})
        await feed.triaged(force="kent")
        [package] = await wait_deliveries_to(client, stack, "kent", 1)
        pid = package["package_id"]
        kent, essex = (
            await force_key(client, stack, "kent"),
            await force_key(client, stack, "essex"),
        )
        cases: list[tuple[str, str, dict[str, Any] | None]] = [
            ("GET", f"/v1/intelligence/{pid}", None),
            ("POST", f"/v1/intelligence/{pid}/acknowledgements", {"outcome": "received"}),
            (
                "POST",
                f"/v1/intelligence/{pid}/acknowledgements",
                {"outcome": "wrong_force", "redirect_to": "essex"},
            ),
            ("POST", f"/v1/intelligence/{pid}/messages", {"text": "Hello"}),
            ("GET", f"/v1/intelligence/{pid}/messages", None),
            ("GET", f"/v1/intelligence/{pid}/attachments/{uuid.uuid4()}", None),
        ]
        for method, path, body in cases:
            other = await client.request(method, dispatch + path, headers=essex, json=body)
            assert other.status_code == 404, (method, path, other.text)
            assert other.json()["error"]["code"] == "not_found"
            nobody = await client.request(method, dispatch + path, json=body)
            assert nobody.status_code == 401, (method, path)
            wrong = await client.request(
                method, dispatch + path, headers={"authorization": "Bearer pfk_nope"}, json=body
            )
            assert wrong.status_code == 401, (method, path)
        # Pull: each force sees only its own.
        pulled = await client.get(f"{dispatch}/v1/intelligence?status=undelivered", headers=essex)
        assert pulled.status_code == 200 and pulled.json() == []
        # Nothing changed for Kent, whose key still reaches it.
        mine = await client.get(f"{dispatch}/v1/intelligence/{pid}", headers=kent)
        assert mine.status_code == 200
        assert mine.json()["outcome"] is None and mine.json()["acknowledged_at"] is None
        assert (
            await client.get(f"{dispatch}/v1/intelligence/{pid}/messages", headers=kent)
        ).json() == []
