"""The operations page in a real browser: figures, queues, parked packages and replay.

Headless Debian Chromium driven by Playwright: logging in with an ops token, the page
shows the national figures with their charts, the queues and a parked package; replaying
it from the page delivers it. axe-core finds no violations; screenshots are saved.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.browser.test_pages import browser_page, check  # noqa: F401 - the shared fixture
from tests.e2e.helpers import routed_reports, submit_all, wait_for_deliveries
from tests.stack import ADMIN_TOKEN, Stack, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]


async def test_an_operator_sees_the_figures_and_replays_a_parked_package(
    stack: Stack,
    browser_page: Any,  # noqa: F811 - the fixture imported above
) -> None:
    await stack.start()
    admin = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    page = browser_page
    async with httpx.AsyncClient(timeout=30) as client:
        ops = (
            await client.post(
                f"{stack['dispatch'].url}/v1/tokens",
                headers=admin,
                json={"role": "ops", "name": "night ops"},
            )
        ).json()["token"]
        reports = routed_reports(12)
        kent = [r for r in reports if r[1] == "kent"][:1]
        others = [r for r in reports if r[1] != "kent"]
        await submit_all(client, stack["intake"].url, others)
        await wait_for_deliveries(client, stack, len(others))
        # Kent's endpoint refuses the package: it is parked, for the operator to replay.
        await client.put(f"{stack['forcesim'].url}/control/kent", json={"mode": "reject"})
        await submit_all(client, stack["intake"].url, kent)

        async def parked() -> list[Any]:
            answer = await client.get(f"{stack['dispatch'].url}/v1/ops/parked", headers=admin)
            return answer.json()  # type: ignore[no-any-return]

        [package] = await wait_for(parked, timeout=60, message="a parked package")
        await client.put(f"{stack['forcesim'].url}/control/kent", json={"mode": "ok"})

        await page.goto(f"{stack['dispatch'].url}/ops")
        await check(page, "ops-login")
        await page.fill("#staff_token", ops)
        await page.click("button[type=submit]")
        body = await page.inner_text("body")
        assert "National statistics" in body
        assert package["package_id"] in body
        assert "triage.report-submitted" in body  # the queues table
        assert await page.locator("svg[role=img]").count() >= 2  # the charts
        assert ops not in page.url  # the token never appears in an address
        await check(page, "ops-dashboard")

        await page.click(f"button[aria-label='Replay package {package['package_id']}']")
        await wait_for_deliveries(client, stack, len(others) + 1)
        assert await parked() == []
        await check(page, "ops-after-replay")
