"""A force that is down, or hangs, or a dispatch that crashes: nothing lost, nothing
doubled, nobody else slowed down."""

from __future__ import annotations

import statistics
from typing import Any

import httpx
import pytest

from tests.dispatch.feed import (
    Feed,
    deliveries_to,
    force_entry,
    force_key,
    package_status,
    start_dispatch_and_forces,
    wait_deliveries_to,
)
from tests.e2e.helpers import verify_signatures
from tests.stack import Stack, wait_for

pytestmark = pytest.mark.e2e

RANK = {"urgent": 0, "high": 1, "standard": 2}


async def test_a_force_down_then_back_gets_everything_most_urgent_first_once_each(
    stack: Stack,
) -> None:
    """Down (503) long enough for its circuit to open; back: every package, in priority
    order, each under one webhook-id (its package id), signatures verifying."""
    stack.configure(
        "dispatch",
        DISPATCH_PER_FORCE_CONCURRENCY="1",  # one at a time, so arrival order is the order
        DISPATCH_BREAKER_FAILURE_THRESHOLD="3",
        DISPATCH_BREAKER_COOLDOWN_SECONDS="1.5",
        DISPATCH_BREAKER_MAX_COOLDOWN_SECONDS="3",
        DISPATCH_RETRY_MAX_DELAY_SECONDS="0.5",
    )
    await start_dispatch_and_forces(stack)
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        sim = stack["forcesim"].url
        await client.put(f"{sim}/control/kent", json={"mode": "down"})
        # Least urgent first, so arrival order alone would get it wrong.
        sent = []
        for priority in ["standard"] * 3 + ["high"] * 2 + ["urgent"] * 3:
            sent.append(await feed.triaged(force="kent", priority=priority))

        async def circuit_open_with_all_waiting() -> bool:
            entry = await force_entry(client, stack, "kent")
            return entry["circuit"] == "open" and entry["pending"] == len(sent)

        await wait_for(circuit_open_with_all_waiting, timeout=30, message="kent's circuit open")
        assert await deliveries_to(client, stack, "kent") == []

        await client.put(f"{sim}/control/kent", json={"mode": "ok"})
        got = await wait_deliveries_to(client, stack, "kent", len(sent), timeout=60)

        assert sorted(d["report_reference"] for d in got) == sorted(e.reference for e in sent)
        priorities = [d["priority"] for d in got]
        assert priorities == sorted(priorities, key=RANK.__getitem__), priorities
        # One id per package across all its attempts: the webhook-id is the package id.
        assert all(d["webhook_id"] == d["package_id"] for d in got)
        assert len({d["webhook_id"] for d in got}) == len(sent)
        await verify_signatures(client, stack, got)
        entry = await wait_for(
            lambda: _closed(client, stack), timeout=10, message="kent's circuit closed"
        )
        assert entry["pending"] == 0 and entry["delivered"] == len(sent)


async def _closed(client: httpx.AsyncClient, stack: Stack) -> dict[str, Any] | None:
    entry = await force_entry(client, stack, "kent")
    return entry if entry["circuit"] == "closed" and entry["pending"] == 0 else None


def _latencies(deliveries: list[dict[str, Any]], created: dict[str, float]) -> list[float]:
    return [d["received_at"] - created[d["package_id"]] for d in deliveries]


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_hanging_force_does_not_slow_deliveries_to_the_others(stack: Stack) -> None:
    """One force holds every request 30 s (longer than dispatch waits): it holds at most
    its own slots, and the other forces' deliveries keep their latency."""
    from datetime import datetime

    healthy = ["kent", "essex", "merseyside", "northumbria", "south-wales", "dyfed-powys"]
    await start_dispatch_and_forces(stack)
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        sim = stack["forcesim"].url

        async def run(round_no: int) -> list[float]:
            events = [
                await feed.triaged(force=code, priority="high")
                for _ in range(2)
                for code in healthy
            ]
            refs = {e.reference for e in events}

            async def arrived() -> list[dict[str, Any]] | None:
                seen = (await client.get(f"{sim}/received")).json()["deliveries"]
                mine = [d for d in seen if d["report_reference"] in refs]
                return mine if len(mine) == len(refs) else None

            got = await wait_for(arrived, timeout=60, message=f"round {round_no}")
            created = {}
            for d in got:
                status = await package_status(client, stack, d["package_id"])
                created[d["package_id"]] = datetime.fromisoformat(status["created_at"]).timestamp()
            return _latencies(got, created)

        await run(1)  # warm-up: connections, first-use costs
        baseline = await run(2)

        await client.put(f"{sim}/control/west-yorkshire", json={"mode": "hang"})
        for _ in range(10):
            await feed.triaged(force="west-yorkshire", priority="urgent")

        async def hanging() -> bool:
            seen = (await client.get(f"{sim}/received")).json()
            return seen["inflight"].get("west-yorkshire", {}).get("now", 0) >= 1

        await wait_for(hanging, timeout=30, message="west-yorkshire holding requests")
        beside = await run(3)

        base50, base95 = statistics.median(baseline), _p95(baseline)
        hang50, hang95 = statistics.median(beside), _p95(beside)
        # Relative, with generous margins: the same order of latency, not 10 s (the timeout).
        assert hang50 <= max(3 * base50, base50 + 1.0), (baseline, beside)
        assert hang95 <= max(3 * base95, base95 + 2.0), (baseline, beside)
        assert max(beside) < 5.0, beside
        seen = (await client.get(f"{sim}/received")).json()
        # The hanging force held no more than its own slots (the default limit, 4).
        assert seen["inflight"]["west-yorkshire"]["max"] <= 4
        assert not [d for d in seen["deliveries"] if d["force"] == "west-yorkshire"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_dispatch_killed_in_the_middle_of_retries_forgets_nothing(stack: Stack) -> None:
    stack.configure("dispatch", DISPATCH_BREAKER_FAILURE_THRESHOLD="1000")
    await start_dispatch_and_forces(stack)
    async with httpx.AsyncClient(timeout=30) as client, Feed(stack) as feed:
        sim = stack["forcesim"].url
        await client.put(f"{sim}/control/essex", json={"mode": "fail"})
        sent = [await feed.triaged(force="essex") for _ in range(5)]
        key = await force_key(client, stack, "essex")

        async def all_retrying() -> list[str] | None:
            pulled = (
                await client.get(
                    f"{stack['dispatch'].url}/v1/intelligence?status=undelivered", headers=key
                )
            ).json()
            ids = [p["webhook_id"] for p in pulled]
            if len(ids) < len(sent):
                return None
            for package_id in ids:
                if (await package_status(client, stack, package_id))["attempts"] < 2:
                    return None
            return ids

        ids = await wait_for(all_retrying, timeout=60, message="every package retrying")
        stack["dispatch"].kill()  # SIGKILL: leases held, batches unwritten
        await client.put(f"{sim}/control/essex", json={"mode": "ok"})
        stack["dispatch"].start()
        await stack["dispatch"].wait_ready()

        got = await wait_deliveries_to(client, stack, "essex", len(sent), timeout=60)
        assert sorted(d["package_id"] for d in got) == sorted(ids)
        assert sorted(d["report_reference"] for d in got) == sorted(e.reference for e in sent)
        for package_id in ids:
            status = await package_status(client, stack, package_id)
            assert status["status"] == "delivered"
            outcomes = [a["outcome"] for a in status["history"]]
            assert outcomes[-1] == "delivered" and outcomes.count("delivered") == 1
            assert "retry" in outcomes
