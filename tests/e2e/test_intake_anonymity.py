"""Anonymous by construction: whatever a reporter's connection says about them (address,
forwarded-for, user agent) is found in no database, no log line of any service, no message
published on or left in the broker, and no package as a force receives or fetches it, after
a report went all the way to a force and back, through the API, the web form and the
follow-up loop. Nor is the account itself, or the receipt, readable in any database or
message; and the reporter's own name, given as such, reaches no force."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import aio_pika
import httpx
import pytest

from shared.bus import EXCHANGE, TOPOLOGY
from tests.e2e.helpers import received
from tests.stack import ADMIN_TOKEN, AMQP_URL, POSTGRES_DSN, Stack, wait_for

pytestmark = pytest.mark.e2e

# A loopback address of its own (the client binds to it), seen by no other test.
CLIENT_ADDRESS = "127.45.67.89"
FORWARDED_FOR = "203.0.113.77"
USER_AGENT = "Mozilla/5.0 (Distinctive; TracerPhone 9000) PacarsTrace/42.0"
NEEDLES = [CLIENT_ADDRESS, FORWARDED_FOR, "203.0.113", "TracerPhone", "PacarsTrace"]
# The reporter's own name, given as theirs: triage replaces it before anything reaches a
# force. (The dealer's name is intelligence and goes on, sealed at rest.)
REPORTER = ["Zebedee", "Quillfeather"]
ACCOUNT = (
    "My name is Zebedee Quillfeather and I clean at the station. PC 4521 of Kent Police "
    "takes envelopes of cash from a dealer called Zebulon Quartermaine and warns him "
    "before every raid on the estate."
)
WEB_ACCOUNT = (
    "My name is Zebedee Quillfeather. Sergeant Harold Pimm, collar number 8812, of Essex "
    "Police punched a handcuffed man in the face in the custody suite at Colchester police "
    "station last Friday."
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


async def open_tap(stack: Stack) -> tuple[aio_pika.abc.AbstractConnection, Any]:
    """A queue of our own bound to the stack's exchange with "#": a copy of every message
    any service publishes, kept for the test to read."""
    connection = await aio_pika.connect(AMQP_URL)
    channel = await connection.channel()
    tap = await channel.declare_queue(
        "", exclusive=True, auto_delete=True, arguments={"x-queue-type": "classic"}
    )
    await tap.bind(stack.namespace + EXCHANGE, routing_key="#")
    return connection, tap


def describe(message: aio_pika.abc.AbstractIncomingMessage) -> str:
    """Everything a message carries: body, headers and properties."""
    return " ".join(
        [
            message.body.decode("utf-8", errors="replace"),
            json.dumps(message.headers or {}, default=str),
            repr(message.properties),
            message.routing_key or "",
        ]
    )


async def broker_messages(
    connection: aio_pika.abc.AbstractConnection, tap: Any, namespace: str
) -> list[str]:
    """What the tap saw, and whatever is left in the stack's queues and parked queues
    (read, then handed back by closing the channel without acking)."""
    seen, keys = [], set()
    while (message := await tap.get(no_ack=True, fail=False)) is not None:
        seen.append(describe(message))
        keys.add(message.routing_key)
    # The account itself crossed the bus (sealed), so the search below means something.
    assert {"report.submitted", "report.triaged"} <= keys, keys
    left = await connection.channel()
    for spec in TOPOLOGY:
        for name in (spec.name, spec.parking):
            queue = await left.declare_queue(namespace + name, passive=True)
            while (message := await queue.get(no_ack=False, fail=False)) is not None:
                seen.append(describe(message))
    await left.close()
    return seen


async def test_nothing_about_the_reporters_connection_is_kept_anywhere(stack: Stack) -> None:
    await stack.start()
    admin = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    async with httpx.AsyncClient(timeout=30) as setup:
        # Essex takes no pushes: its package waits for it to fetch from dispatch's API.
        pull_only = await setup.put(
            f"{stack['dispatch'].url}/v1/forces/essex",
            headers=admin,
            json={"endpoint_url": None, "active": True},
        )
        assert pull_only.status_code == 200, pull_only.text
    connection, tap = await open_tap(stack)
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
                "what_happened": WEB_ACCOUNT,
                "force_hint": "essex",
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

        # The packages as the forces hold them: pushed to Kent (body and headers), Kent's
        # view of its package, and Essex's fetched from dispatch's API.
        pushed = await received(watcher, stack)
        kent_key = (await watcher.get(f"{stack['forcesim'].url}/credentials/kent")).json()
        essex_key = (await watcher.get(f"{stack['forcesim'].url}/credentials/essex")).json()

        async def pulled() -> list[Any]:
            answer = await watcher.get(
                f"{stack['dispatch'].url}/v1/intelligence?status=undelivered",
                headers={"authorization": f"Bearer {essex_key['api_key']}"},
            )
            return answer.json() if answer.status_code == 200 else []  # type: ignore[no-any-return]

        essex = await wait_for(pulled, timeout=60, message="Essex's package to pull")
        kent_views = [
            (
                await watcher.get(
                    f"{stack['dispatch'].url}/v1/intelligence/{d['package_id']}",
                    headers={"authorization": f"Bearer {kent_key['api_key']}"},
                )
            ).text
            for d in pushed["deliveries"]
        ]
    packages = {
        "delivered to Kent": json.dumps(pushed),
        "pulled by Essex": json.dumps(essex),
        "Kent's package views": json.dumps(kent_views),
    }
    details = [d["data"]["details"] for d in pushed["deliveries"] if "details" in d["data"]]
    details += [p["package"]["data"]["details"] for p in essex]
    assert len(details) == 2, details  # one package each: what is searched is what was sent
    for text in details:
        # The account reached the force, with the reporter's own name replaced.
        assert "[reporter name removed]" in text, text
    for where, content in packages.items():
        for needle in [*NEEDLES, *REPORTER, receipt]:
            assert needle not in content, f"{needle!r} found in the package {where}"

    messages = await broker_messages(connection, tap, stack.namespace)
    await connection.close()

    secrets_of_the_report = [
        *REPORTER,
        "Zebulon",
        "Quartermaine",
        "07700 900123",
        "dates and times of the raids",
        "more dates if needed",
        receipt,
        receipt.replace("-", ""),
    ]
    for name, dump in database_dumps(stack).items():
        for needle in NEEDLES:
            assert needle.encode() not in dump, f"{needle!r} found in {name}"
        # Every service holds what the reporter wrote sealed (intake the report, evidence,
        # contact and messages; triage the original, the sanitised account and its evidence
        # quotes; dispatch the package): no database file alone reveals the account.
        if name.startswith(("intake", "triage", "dispatch")):
            for needle in secrets_of_the_report:
                assert needle.encode() not in dump, f"{needle!r} found in {name}"
    # Content inside events is sealed: nothing the reporter wrote is readable on the bus.
    for message in messages:
        for needle in [*NEEDLES, *REPORTER, *secrets_of_the_report]:
            assert needle not in message, f"{needle!r} found in a message on the broker"
    for service in ("intake", "triage", "dispatch", "forcesim"):
        logs = stack[service].logs()
        assert logs, f"{service} wrote no logs at all"
        for needle in [*NEEDLES, receipt]:
            assert needle not in logs, f"{needle!r} found in {service}'s logs"
