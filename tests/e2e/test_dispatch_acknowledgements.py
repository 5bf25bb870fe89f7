"""Acknowledgements arriving together are committed together; each is still answered as
its own, and one that is refused changes nothing for the others."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.dispatch.feed import ADMIN_HEADERS, Feed, package_status
from tests.stack import Stack, wait_for

pytestmark = pytest.mark.e2e

PACKAGES = 20


async def test_a_burst_of_acknowledgements_each_gets_its_own_answer(stack: Stack) -> None:
    await stack.start("dispatch")
    dispatch = stack["dispatch"].url
    async with httpx.AsyncClient(base_url=dispatch, timeout=30) as client, Feed(stack) as feed:
        keys = {}
        for code in ("kent", "essex"):
            answer = await client.put(
                f"/v1/forces/{code}",
                headers=ADMIN_HEADERS,
                json={"endpoint_url": None, "active": False},  # Kent pulls its packages
            )
            keys[code] = {"authorization": f"Bearer {answer.json()['api_key']}"}
        for _ in range(PACKAGES):
            await feed.triaged(force="kent")

        async def all_packaged() -> list[str] | None:
            answer = await client.get("/v1/intelligence?limit=500", headers=keys["kent"])
            found = [p["package"]["data"]["package_id"] for p in answer.json()]
            return found if len(found) >= PACKAGES else None

        ids: list[str] = await wait_for(all_packaged, timeout=60, message="Kent's packages")

        def ack(package_id: str, key: str, body: dict[str, str]) -> asyncio.Task[httpx.Response]:
            return asyncio.create_task(
                client.post(
                    f"/v1/intelligence/{package_id}/acknowledgements", json=body, headers=keys[key]
                )
            )

        # All at once: Kent's outcomes, Essex trying Kent's packages, and Kent redirecting
        # to a force that does not exist, interleaved.
        good = [ack(i, "kent", {"outcome": "investigation_opened"}) for i in ids]
        foreign = [ack(i, "essex", {"outcome": "received"}) for i in ids[:5]]
        unknown = [
            ack(i, "kent", {"outcome": "wrong_force", "redirect_to": "atlantis"}) for i in ids[5:10]
        ]
        await asyncio.gather(*good, *foreign, *unknown)

        assert [t.result().status_code for t in good] == [201] * PACKAGES
        assert {t.result().json()["package_id"] for t in good} == set(ids)
        assert [t.result().status_code for t in foreign] == [404] * 5
        assert [t.result().status_code for t in unknown] == [422] * 5
        for package_id in ids:
            status = await package_status(client, stack, package_id)
            assert status["outcome"] == "investigation_opened", status
        audit = (await client.get("/v1/audit?limit=500", headers=ADMIN_HEADERS)).json()
        acknowledged = [e for e in audit if e["action"] == "package.acknowledge"]
        assert sorted(e["target"] for e in acknowledged) == sorted(ids)
        assert not [e for e in audit if e["action"] == "package.redirect"]
