"""The example receiver in docs/ works against a real dispatch: it verifies, stores and
acknowledges a package, takes a reporter's message, and pulls when it has no endpoint."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from tests.dispatch.feed import ADMIN_HEADERS, Feed, package_status
from tests.stack import ROOT, Stack, free_port, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"], indirect=True)]

EXAMPLE = ROOT / "docs" / "examples" / "force_receiver.py"


async def test_the_documented_example_receiver_receives_and_acknowledges(stack: Stack) -> None:
    await stack.start("dispatch")
    dispatch = stack["dispatch"].url
    port = free_port()
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        onboarded = (
            await client.put(
                f"{dispatch}/v1/forces/kent",
                headers=ADMIN_HEADERS,
                json={"endpoint_url": f"http://127.0.0.1:{port}/pacars/webhook", "active": True},
            )
        ).json()
        env = {
            **os.environ,
            "FORCE_SIGNING_SECRET": onboarded["signing_secret"],
            "FORCE_API_KEY": onboarded["api_key"],
            "PACARS_DISPATCH_URL": dispatch,
            "PORT": str(port),
            "RECEIVER_DB": str(stack.workdir / "receiver.db"),
        }
        log = open(stack.workdir / "logs" / "receiver.log", "wb")  # noqa: SIM115
        receiver = subprocess.Popen(
            [sys.executable, str(EXAMPLE)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            sent = await feed.triaged(force="kent", priority="urgent")

            async def delivered() -> bool:
                forces = (await client.get(f"{dispatch}/v1/forces", headers=ADMIN_HEADERS)).json()
                return next(f for f in forces if f["code"] == "kent")["delivered"] == 1

            await wait_for(delivered, timeout=60, message="the package delivered")
            await wait_for(
                lambda: _logged(stack, "acknowledged"), timeout=30, message="acknowledged"
            )
            key = {"authorization": f"Bearer {onboarded['api_key']}"}
            pending = await client.get(
                f"{dispatch}/v1/intelligence?status=undelivered", headers=key
            )
            assert pending.json() == []
            await feed.reporter_message(sent.report_id, "He was there again last night.")

            await wait_for(
                lambda: _logged(stack, "He was there again last night."),
                timeout=60,
                message="the reporter's message received",
            )

            # Pull mode: an endpoint-less force fetches and acknowledges what waits.
            await client.put(
                f"{dispatch}/v1/forces/kent",
                headers=ADMIN_HEADERS,
                json={"endpoint_url": None, "active": True},
            )
            second = await feed.triaged(force="kent")

            async def waiting() -> list | None:  # type: ignore[type-arg]
                found = (
                    await client.get(f"{dispatch}/v1/intelligence?status=undelivered", headers=key)
                ).json()
                return found or None

            [item] = await wait_for(waiting, timeout=30, message="a package to pull")
            assert item["package"]["data"]["report_reference"] == second.reference
            pulled = subprocess.run(
                [sys.executable, str(EXAMPLE), "--pull"],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert "1 packages pulled and acknowledged" in pulled.stdout, pulled.stderr
            status = await package_status(client, stack, item["webhook_id"])
            assert status["outcome"] == "received"
        finally:
            receiver.terminate()
            receiver.wait(10)
            log.close()


async def _logged(stack: Stack, text: str) -> bool:
    return text in (stack.workdir / "logs" / "receiver.log").read_text(errors="replace")
