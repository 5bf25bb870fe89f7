"""Dispatch scales out: replicas share one PostgreSQL database and one queue, and a
package is still sent by one of them only (issue 6, "past one machine"; KEDA may run
several)."""

from __future__ import annotations

import httpx
import pytest

from tests.dispatch.feed import Feed, start_dispatch_and_forces, wait_deliveries_to
from tests.e2e.helpers import received
from tests.stack import ServiceProcess, Stack, free_port

pytestmark = pytest.mark.e2e

FORCES = ("kent", "essex", "sussex", "surrey")
PACKAGES = 120


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)  # replicas need a server
async def test_three_replicas_send_every_package_once(stack: Stack) -> None:
    # A short poll, so every replica looks at the same due rows all the time.
    stack.configure("dispatch", DISPATCH_POLL_INTERVAL_SECONDS="0.01")
    await start_dispatch_and_forces(stack)
    first = stack["dispatch"]
    for n in (2, 3):
        port = free_port()
        replica = ServiceProcess(
            f"dispatch-{n}",
            "services.dispatch",
            port,
            {**first.env, "DISPATCH_PORT": str(port)},
            first.log_dir,
        )
        stack.services[replica.name] = replica
        replica.start()
        await replica.wait_ready()
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        for i in range(PACKAGES):
            await feed.triaged(force=FORCES[i % len(FORCES)])
        for force in FORCES:
            await wait_deliveries_to(client, stack, force, PACKAGES // len(FORCES), timeout=90)
        seen = await received(client, stack)
    repeated = [d["package_id"] for d in seen["deliveries"] if d["repeats"]]
    assert seen["unique"] == PACKAGES
    assert seen["raw"] == PACKAGES, f"sent more than once: {repeated[:10]}"
