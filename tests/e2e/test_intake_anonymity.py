"""Anonymous by construction: whatever a reporter's connection says about them (address,
forwarded-for, user agent) is found in no database and no log line of any service, after
a report went all the way to a force and back, through the API, the web form and the
follow-up loop. Nor is the account itself, or the receipt, readable in the database."""

from __future__ import annotations

import subprocess

import httpx
import pytest

from tests.e2e.helpers import received
from tests.stack import POSTGRES_DSN, Stack, wait_for

pytestmark = pytest.mark.e2e

CLIENT_ADDRESS = "127.0.0.7"
FORWARDED_FOR = "203.0.113.77"
USER_AGENT = "Mozilla/5.0 (Distinctive; TracerPhone 9000) PacarsTrace/42.0"
NEEDLES = [CLIENT_ADDRESS, FORWARDED_FOR, "203.0.113", "TracerPhone", "PacarsTrace"]
ACCOUNT = (
    "PC 4521 of Kent Police takes envelopes of cash from a dealer called Zebulon "
    "Quartermaine and warns him before every raid on the estate."
)


def database_dumps(stack: Stack) -> dict[str, bytes]:
    """Every byte each service's database holds: the SQLite files (with their journals) or
    a full pg_dump of each PostgreSQL database."""
    dumps: dict[str, bytes] = {}
    if stack.backend == "sqlite":
        for path in sorted((stack.workdir / "data").glob("*.db*")):
            dumps[path.name] = path.read_bytes()
    else:
        for name, url in stack.database_urls.items():
            database = url.rsplit("/", 1)[1]
            dump = subprocess.run(
                ["pg_dump", "--data-only", f"{POSTGRES_DSN}/{database}"],
                capture_output=True,
                check=True,
            )
            dumps[name] = dump.stdout
    assert dumps
    return dumps


async def test_nothing_about_the_reporters_connection_is_kept_anywhere(stack: Stack) -> None:
    await stack.start()
    headers = {
        "User-Agent": USER_AGENT,
        "X-Forwarded-For": FORWARDED_FOR,
        "Forwarded": f"for={FORWARDED_FOR}",
        "X-Real-IP": FORWARDED_FOR,
    }
    transport = httpx.AsyncHTTPTransport(local_address=CLIENT_ADDRESS)
    intake = stack["intake"].url
    async with (
        httpx.AsyncClient(transport=transport, headers=headers, timeout=30) as reporter,
        httpx.AsyncClient(timeout=30) as watcher,
    ):
        # The API, with evidence and consented contact details.
        api = await reporter.post(
            f"{intake}/v1/reports",
            data={
                "report": httpx.Response(
                    200,
                    json={
                        "what_happened": ACCOUNT,
                        "follow_up": True,
                        "contact": {"details": "call 07700 900123", "share_with_force": True},
                    },
                ).text
            },
            files=[("attachments", ("notes.txt", b"dates and times of the raids", "text/plain"))],
            headers={"Idempotency-Key": "anonymity-test-1"},
        )
        assert api.status_code == 202, api.text
        receipt = api.json()["receipt"]
        # The web form.
        page = await reporter.post(
            f"{intake}/report",
            data={
                "what_happened": "PS 88 of Kent Police punched a handcuffed man in custody.",
                "force_hint": "kent",
                "follow_up": "yes",
                "identity": "anonymous",
            },
        )
        assert page.status_code == 200 and "Your receipt" in page.text
        # The follow-up loop, both ways.
        sent = await reporter.post(
            f"{intake}/v1/followup/messages",
            json={"text": "I can give more dates if needed."},
            headers={"Authorization": f"Receipt {receipt}"},
        )
        assert sent.status_code == 201, sent.text
        wrong = await reporter.get(
            f"{intake}/v1/followup", headers={"Authorization": "Receipt 0000-0000-0000-0000-0000"}
        )
        assert wrong.status_code == 401

        async def delivered() -> bool:
            seen = await received(watcher, stack)
            refs = {d["report_reference"] for d in seen["deliveries"]}
            return api.json()["reference"] in refs

        await wait_for(delivered, timeout=60, message="the report reaching Kent")

        async def acknowledged() -> bool:
            view = await reporter.get(
                f"{intake}/v1/followup", headers={"Authorization": f"Receipt {receipt}"}
            )
            return view.json()["status"] == "acknowledged"

        await wait_for(acknowledged, timeout=60, message="the reporter seeing the acknowledgement")

    secrets_of_the_report = [
        "Zebulon",
        "Quartermaine",
        "07700 900123",
        "dates and times of the raids",
        "more dates if needed",
        receipt,
        receipt.replace("-", ""),
    ]
    for name, content in database_dumps(stack).items():
        for needle in NEEDLES:
            assert needle.encode() not in content, f"{needle!r} found in {name}"
        # Every service holds what the reporter wrote sealed (intake the report, evidence,
        # contact and messages; triage the original, the sanitised account and its evidence
        # quotes; dispatch the package): no database file alone reveals the account.
        if name.startswith(("intake", "triage", "dispatch")):
            for needle in secrets_of_the_report:
                assert needle.encode() not in content, f"{needle!r} found in {name}"
    for service in ("intake", "triage", "dispatch", "forcesim"):
        logs = stack[service].logs()
        assert logs, f"{service} wrote no logs at all"
        for needle in [*NEEDLES, receipt]:
            assert needle not in logs, f"{needle!r} found in {service}'s logs"
