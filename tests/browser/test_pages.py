"""The public pages and the call-handler console in a real browser (Debian's Chromium,
driven by Playwright): a report made end to end and its receipt read back, every page
scanned by axe-core with no violations, no cookie set, and a screenshot of each page
(desktop and phone) under test-output/browser/."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.stack import ADMIN_TOKEN, ROOT, Stack

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".browser-deps" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-output" / "browser"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ACCOUNT = (
    "Sergeant Blake at Medway station takes cash from a scrap dealer to make "
    "complaints about him disappear."
)


@pytest.fixture
async def browser_page() -> AsyncIterator[Any]:
    if not CHROMIUM.exists() or not AXE.exists():
        pytest.skip("Chromium or axe-core missing: run `make browser-deps`")
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        # bypass_csp lets the test inject axe-core; the pages themselves allow no script.
        context = await browser.new_context(bypass_csp=True)
        page = await context.new_page()
        page.set_default_timeout(15_000)
        yield page
        assert await context.cookies() == [], "a page set a cookie"
        await context.close()
        await browser.close()


async def check(page: Any, name: str) -> None:
    """axe-core finds nothing on the page; screenshots at desktop and phone widths."""
    await page.add_script_tag(content=AXE.read_text())
    result = await page.evaluate(
        "async () => { const r = await axe.run(document); "
        "return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
        "nodes: v.nodes.map(n => n.target.join(' '))})); }"
    )
    assert result == [], f"axe violations on {name}: {result}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.set_viewport_size({"width": 1280, "height": 900})
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    await page.set_viewport_size({"width": 375, "height": 812})
    await page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    # Nothing overflows sideways on a phone.
    overflow = await page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not overflow, f"{name} scrolls sideways on a phone"
    await page.set_viewport_size({"width": 1280, "height": 900})


async def test_a_report_made_in_the_browser_and_its_receipt_read_back(
    stack: Stack, browser_page: Any
) -> None:
    await stack.start("intake")
    page = browser_page
    base = stack["intake"].url
    third_party: list[str] = []
    page.on(
        "request",
        lambda r: third_party.append(r.url) if not r.url.startswith(base) else None,
    )

    await page.goto(f"{base}/")
    assert await page.locator("form.report-form").get_attribute("autocomplete") == "off"
    await check(page, "01-start")

    # Errors: a summary at the top, a message beside the field, and the typed text kept.
    await page.fill("#location", "ME4 4QU")
    await page.fill("#what_happened", "too short")
    await page.click("button[type=submit]")
    assert page.url == f"{base}/report"
    await page.locator(".error-summary").wait_for()
    assert "at least 20 characters" in await page.locator("#what_happened-error").inner_text()
    assert await page.input_value("#location") == "ME4 4QU"
    assert await page.input_value("#what_happened") == "too short"
    await check(page, "02-start-with-errors")

    await page.fill("#what_happened", ACCOUNT)
    await page.select_option("#force_hint", "kent")
    await page.select_option("#subject_role", "police_officer")
    await page.fill("#subject_name", "Blake")
    await page.set_input_files(
        "#attachments",
        files=[{"name": "dates.txt", "mimeType": "text/plain", "buffer": b"3 May, 17 May"}],
    )
    await page.click("button[type=submit]")
    await page.locator("#receipt").wait_for()
    assert page.url == f"{base}/report"  # the same URL: no receipt in any address
    reference = (await page.locator("#reference").inner_text()).strip()
    receipt = (await page.locator("#receipt").inner_text()).strip()
    assert re.fullmatch(r"PACR-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", receipt)
    assert "cannot be recovered" in await page.content()
    await check(page, "03-confirmation")

    await page.goto(f"{base}/check")
    await check(page, "04-check")
    await page.fill("#receipt", "0000-0000-0000-0000-0000")
    await page.click("button[type=submit]")
    await page.locator(".error-summary").wait_for()
    await check(page, "05-check-wrong-receipt")

    await page.fill("#receipt", receipt.lower())
    await page.click("button[type=submit]")
    await page.locator("#status").wait_for()
    assert page.url == f"{base}/check"
    assert reference in await page.locator("h1").inner_text()
    assert (await page.locator("#status").inner_text()) in ("Received", "Assessed")
    await check(page, "06-status")

    await page.fill("#text", "I can also give the dates of two more payments.")
    await page.click("form[action='/check/reply'] button[type=submit]")
    await page.locator(".message.from-you").wait_for()
    assert "two more payments" in await page.locator(".message.from-you").inner_text()
    await check(page, "07-status-after-reply")
    assert receipt not in page.url and third_party == []


async def test_the_call_handler_console_takes_a_phone_report(
    stack: Stack, browser_page: Any
) -> None:
    await stack.start("intake")
    page = browser_page
    base = stack["intake"].url

    await page.goto(f"{base}/console")
    await check(page, "10-console-login")
    await page.fill("#staff_token", "not-a-token")
    await page.click("button[type=submit]")
    await page.locator(".error-summary").wait_for()

    await page.fill("#staff_token", ADMIN_TOKEN)
    await page.click("button[type=submit]")
    await page.locator("#what_happened").wait_for()
    await check(page, "11-console")

    await page.fill("#what_happened", ACCOUNT + " The caller saw it twice in March.")
    await page.fill("#location", "Chatham")
    await page.click("button[type=submit]")
    await page.locator("#receipt").wait_for()
    receipt = (await page.locator("#receipt").inner_text()).strip()
    assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", receipt)
    assert await page.input_value("#what_happened") == ""  # ready for the next call
    await check(page, "12-console-readback")
