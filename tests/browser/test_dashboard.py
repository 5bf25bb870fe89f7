"""The operations page in a real browser: figures, queues, parked packages and replay.

Headless Debian Chromium driven by Playwright: logging in with an ops token, the page
shows the national figures with their charts, the queues with their depths and rates over
time (dispatch samples every half second here) and a parked package; replaying it from the
page delivers it. axe-core finds no violations; screenshots are saved.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from shared.bus import TOPOLOGY
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
    # Queue figures every half second, so the charts have points by the time reports flowed.
    stack.configure("dispatch", DISPATCH_QUEUE_SAMPLE_SECONDS="0.5")
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

        async def charted() -> bool:
            """Every queue has both charts drawn (depth, and rates: those need two samples)."""
            html = (
                await client.post(f"{stack['dispatch'].url}/ops", data={"staff_token": ops})
            ).text
            return html.count('<figure class="queue-chart">') == 2 * len(TOPOLOGY)

        await wait_for(charted, timeout=30, message="a depth and a rate chart for every queue")

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
        await queues_over_time(page)
        await check(page, "ops-dashboard")

        await page.click(f"button[aria-label='Replay package {package['package_id']}']")
        await wait_for_deliveries(client, stack, len(others) + 1)
        assert await parked() == []
        await check(page, "ops-after-replay")


async def queues_over_time(page: Any) -> None:
    """A section per queue, each with a depth and a rate chart of at least two points, its
    current figures and words for what the lines show; the source said once."""
    body = await page.inner_text("body")
    assert "computed by dispatch over AMQP" in body  # this broker has no management API
    sections = page.locator("section.queue")
    assert await sections.count() == len(TOPOLOGY)
    for i, spec in enumerate(TOPOLOGY):
        section = sections.nth(i)
        assert await section.locator("h4").inner_text() == spec.name
        assert "unacked not known" in await section.locator("p.now").inner_text()
        charts = section.locator("svg[role=img]")
        assert await charts.count() == 2
        for kind, first in (
            (0, "Depth (messages). ready"),
            (1, "Rates (messages per second). published"),
        ):
            chart = charts.nth(kind)
            assert int(await chart.get_attribute("data-samples")) >= 2
            title = await chart.locator("title").first.text_content()
            assert spec.name in title
            described = await chart.get_attribute("aria-describedby")
            assert "from" in await page.locator(f"[id='{described}']").text_content()
            line = chart.locator("polyline").first
            assert len((await line.get_attribute("points")).split()) >= 2
            caption = await section.locator("figcaption").nth(kind).inner_text()
            assert caption.startswith(f"{first}: now ")
