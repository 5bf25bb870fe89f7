"""A force endpoint that fails: retried when it may recover, parked when it never will."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.helpers import routed_reports, submit_all, wait_for_deliveries
from tests.stack import ADMIN_TOKEN, Stack, wait_for

pytestmark = pytest.mark.e2e

OPS = {"authorization": f"Bearer {ADMIN_TOKEN}"}


def _kent_reports(n: int) -> list:  # type: ignore[type-arg]
    return [r for r in routed_reports(40) if r[1] == "kent"][:n]


async def test_a_force_answering_500_then_200_gets_the_package_after_retries(
    stack: Stack,
) -> None:
    await stack.start()
    async with httpx.AsyncClient(timeout=30) as client:
        sim = stack["forcesim"].url
        await client.put(f"{sim}/control/kent", json={"mode": "fail", "count": 2})
        expected = await submit_all(client, stack["intake"].url, _kent_reports(1))
        seen = await wait_for_deliveries(client, stack, 1, timeout=60)
        delivery = seen["deliveries"][0]
        assert delivery["report_reference"] in expected

        status = (
            await client.get(
                f"{stack['dispatch'].url}/v1/intelligence/{delivery['package_id']}", headers=OPS
            )
        ).json()
        assert status["status"] == "delivered"
        assert [a["status_code"] for a in status["history"]] == [500, 500, 204]
        assert [a["outcome"] for a in status["history"]] == ["retry", "retry", "delivered"]


async def test_a_4xx_is_parked_at_once_visible_to_operators_and_replayable(
    stack: Stack,
) -> None:
    await stack.start()
    async with httpx.AsyncClient(timeout=30) as client:
        sim, dispatch = stack["forcesim"].url, stack["dispatch"].url
        await client.put(f"{sim}/control/kent", json={"mode": "reject"})
        await submit_all(client, stack["intake"].url, _kent_reports(1))

        async def parked() -> list:  # type: ignore[type-arg]
            return (await client.get(f"{dispatch}/v1/ops/parked", headers=OPS)).json()  # type: ignore[no-any-return]

        [package] = await wait_for(parked, timeout=60, message="a parked package")
        assert package["force"] == "kent"
        assert package["attempts"] == 1  # not retried
        assert "400" in package["last_error"]
        history = (
            await client.get(f"{dispatch}/v1/intelligence/{package['package_id']}", headers=OPS)
        ).json()["history"]
        assert [(a["status_code"], a["outcome"]) for a in history] == [(400, "parked")]

        # The operator fixes the force's side and replays: the package goes out.
        await client.put(f"{sim}/control/kent", json={"mode": "ok"})
        replay = await client.post(
            f"{dispatch}/v1/ops/parked/{package['package_id']}/replay", headers=OPS
        )
        assert replay.status_code == 202
        seen = await wait_for_deliveries(client, stack, 1, timeout=60)
        assert seen["deliveries"][0]["package_id"] == package["package_id"]
        assert await parked() == []
