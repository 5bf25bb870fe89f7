"""HTML and script typed into every text field, shown in headless Chromium on every page
that shows it: the reporter's form sent back with an error, the status page (the
reporter's own message and the force's), the call-handler console (a hostile staff name,
the form, the read-back) and dispatch's operations page (a hostile staff name).

The payload sets window.__pwned if it runs. The pages' Content-Security-Policy would stop
an inline script anyway, so the browser context bypasses it (as for axe-core): what is
tested is the escaping itself. Each field must also hold the text literally, and no element
the payload would create may exist.

SQLite only: rendering does not depend on the backend.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.browser.test_pages import browser_page  # noqa: F401 - the shared fixture
from tests.e2e.helpers import received
from tests.stack import ADMIN_TOKEN, Stack, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]

XSS = (
    '"\'><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    "<svg onload=window.__pwned=3></textarea><script>window.__pwned=4</script>"
)
# What the payload would add to the page if it were markup, not text.
INJECTED = "script:not([src]), img[src='x'], svg[onload]"
FIELDS = ["#subject_name", "#subject_station", "#location", "#contact_details"]


async def assert_inert(page: Any, where: str) -> None:
    """Nothing ran and nothing was created: the page's own markup has no inline script."""
    await page.wait_for_load_state("load")  # an <img onerror> would have fired by now
    assert await page.evaluate("window.__pwned") is None, f"the script ran on {where}"
    assert await page.locator(INJECTED).count() == 0, f"markup was injected on {where}"


async def test_markup_typed_anywhere_is_shown_as_text_and_never_runs(
    stack: Stack,
    browser_page: Any,  # noqa: F811 - the fixture imported above
) -> None:
    await stack.start()
    page = browser_page
    intake, dispatch = stack["intake"].url, stack["dispatch"].url
    admin = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    async with httpx.AsyncClient(timeout=30) as client:
        tokens = {}
        for role in ("call_handler", "ops"):
            issued = await client.post(
                f"{dispatch}/v1/tokens", headers=admin, json={"role": role, "name": XSS}
            )
            tokens[role] = issued.json()["token"]

        # The form, sent back with an error: every field keeps the text, as text.
        await page.goto(f"{intake}/")
        await page.fill("#what_happened", XSS[:15])  # too short
        await page.check("#identity-confidential")
        for selector in FIELDS:
            await page.fill(selector, XSS)
        await page.click("button[type=submit]")
        await page.locator(".error-summary").wait_for()
        await assert_inert(page, "the form with an error")
        assert await page.input_value("#what_happened") == XSS[:15]
        for selector in FIELDS:
            assert await page.input_value(selector) == XSS, selector

        # Sent, then the status page with a message each way.
        account = (
            "PC 9012 of Kent Police takes bribes from a scrap dealer at the station every "
            f"Friday. {XSS}"
        )
        await page.fill("#what_happened", account)
        await page.click("button[type=submit]")
        await page.locator("#receipt").wait_for()
        await assert_inert(page, "the confirmation")
        receipt = (await page.locator("#receipt").inner_text()).strip()
        reference = (await page.locator("#reference").inner_text()).strip()

        await page.goto(f"{intake}/check")
        await page.fill("#receipt", receipt)
        await page.click("button[type=submit]")
        await page.locator("#status").wait_for()
        await page.fill("#text", f"From me: {XSS}")
        await page.click("form[action='/check/reply'] button[type=submit]")
        await page.locator(".message.from-you").wait_for()
        await assert_inert(page, "the status page after a reply")
        assert await page.locator(".message.from-you .text").inner_text() == f"From me: {XSS}"

        async def package() -> str | None:
            for d in (await received(client, stack))["deliveries"]:
                if d["report_reference"] == reference:
                    return d["package_id"]  # type: ignore[no-any-return]
            return None

        package_id = await wait_for(package, timeout=60, message="the report reaching Kent")
        kent = (await client.get(f"{stack['forcesim'].url}/credentials/kent")).json()
        asked = await client.post(
            f"{dispatch}/v1/intelligence/{package_id}/messages",
            json={"text": f"From Kent: {XSS}"},
            headers={"authorization": f"Bearer {kent['api_key']}"},
        )
        assert asked.status_code == 202, asked.text

        async def force_message_shown() -> bool:
            await page.goto(f"{intake}/check")
            await page.fill("#receipt", receipt)
            await page.click("button[type=submit]")
            await page.locator("#status").wait_for()
            return await page.locator(".message.from-force").count() == 1

        await wait_for(force_message_shown, timeout=60, message="the force's message shown")
        await assert_inert(page, "the status page with the force's message")
        shown = await page.locator(".message.from-force .text").inner_text()
        assert shown == f"From Kent: {XSS}"

    # The call-handler console: the staff name, the form, the read-back.
    await page.goto(f"{intake}/console")
    await page.fill("#staff_token", tokens["call_handler"])
    await page.click("button[type=submit]")
    await page.locator("#what_happened").wait_for()
    await assert_inert(page, "the console")
    assert XSS in await page.inner_text("main")
    await page.fill("#what_happened", account + " The caller saw it twice.")
    for selector in ("#subject_name", "#location"):
        await page.fill(selector, XSS)
    await page.click("button[type=submit]")
    await page.locator("#receipt").wait_for()
    await assert_inert(page, "the console's read-back")

    # Dispatch's operations page: the staff name.
    await page.goto(f"{dispatch}/ops")
    await page.fill("#staff_token", tokens["ops"])
    await page.click("button[type=submit]")
    await page.locator("#national").wait_for()
    await assert_inert(page, "the operations page")
    assert XSS in await page.inner_text("main")
