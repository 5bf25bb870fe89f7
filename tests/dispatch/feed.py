"""Feed dispatch the events triage and intake would send, on the real broker.

Dispatch's tests choose each package's force, priority and subject exactly (a triage
decision is not what they test), and watch what dispatch sends to intake, by publishing
and reading on the stack's own bus namespace with the project's Bus.
"""

from __future__ import annotations

import asyncio
import secrets
import string
from typing import Any
from uuid import UUID, uuid4

import aio_pika
import httpx

from shared.bus import Bus
from shared.crypto import Sealer
from shared.events import (
    CategoryTag,
    FollowupToForce,
    PackageContent,
    ReportTriaged,
    Subject,
    parse_event,
    seal_model,
    utcnow,
)
from shared.settings import SharedSettings
from tests.stack import ADMIN_TOKEN, AMQP_URL, Stack, wait_for

_ALPHABET = string.ascii_uppercase + string.digits


def new_reference() -> str:
    part = lambda: "".join(secrets.choice(_ALPHABET) for _ in range(4))  # noqa: E731
    return f"PACR-{part()}-{part()}"


class Feed:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.sealer = Sealer(SharedSettings().bus_keys.get_secret_value())
        self.bus = Bus(url=AMQP_URL, namespace=stack.namespace, connection_name="test-feed")

    async def __aenter__(self) -> Feed:
        await self.bus.connect()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.bus.close()

    async def triaged(
        self,
        *,
        force: str,
        priority: str = "standard",
        details: str = "PC 1234 takes cash from a dealer and warns him before raids.",
        station: str = "",
        linked: list[UUID] | None = None,
    ) -> ReportTriaged:
        """A report.triaged to disseminate to `force`; returns the event (report id, ref)."""
        content = PackageContent(
            summary=details[:120],
            details=details,
            subject=Subject(role="police_officer", number="1234", station=station),
            location="Town centre",
        )
        event = ReportTriaged(
            correlation_id=uuid4().hex,
            report_id=uuid4(),
            reference=new_reference(),
            channel="online",
            received_at=utcnow(),
            categories=[CategoryTag(code="corruption", evidence=["cash"])],
            force=force,
            priority=priority,  # type: ignore[arg-type]
            disposition="disseminate",
            linked_report_ids=linked or [],
            sealed_package=seal_model(self.sealer, content),
        )
        await self.bus.publish_event(event)
        return event

    async def reporter_message(self, report_id: UUID, text: str) -> FollowupToForce:
        event = FollowupToForce(report_id=report_id, sealed_text=self.sealer.seal(text))
        await self.bus.publish_event(event)
        return event

    async def to_intake(self, timeout: float = 30.0) -> list[dict[str, Any]]:
        """Wait for events on intake's status queue (intake is not running): each parsed,
        with any sealed text opened."""
        connection = await aio_pika.connect(AMQP_URL)
        found: list[dict[str, Any]] = []
        async with connection:
            channel = await connection.channel()
            queue = await channel.get_queue(self.stack.namespace + "intake.status", ensure=False)
            deadline = asyncio.get_running_loop().time() + timeout
            while asyncio.get_running_loop().time() < deadline:
                message = await queue.get(fail=False)
                if message is None:
                    if found:
                        return found
                    await asyncio.sleep(0.2)
                    continue
                await message.ack()
                event = parse_event(message.body)
                record = event.model_dump(mode="json")
                if getattr(event, "sealed_text", None):
                    record["text"] = self.sealer.open_text(event.sealed_text)  # type: ignore[attr-defined]
                found.append(record)
        return found


ADMIN_HEADERS = {"authorization": f"Bearer {ADMIN_TOKEN}"}


async def force_entry(client: httpx.AsyncClient, stack: Stack, code: str) -> dict[str, Any]:
    forces = (await client.get(f"{stack['dispatch'].url}/v1/forces", headers=ADMIN_HEADERS)).json()
    return next(f for f in forces if f["code"] == code)  # type: ignore[no-any-return]


async def package_status(
    client: httpx.AsyncClient, stack: Stack, package_id: str | UUID
) -> dict[str, Any]:
    answer = await client.get(
        f"{stack['dispatch'].url}/v1/intelligence/{package_id}", headers=ADMIN_HEADERS
    )
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def force_key(client: httpx.AsyncClient, stack: Stack, code: str) -> dict[str, str]:
    """The force's API key as the simulator was given it at onboarding."""
    creds = (await client.get(f"{stack['forcesim'].url}/credentials/{code}")).json()
    return {"authorization": f"Bearer {creds['api_key']}"}


async def deliveries_to(
    client: httpx.AsyncClient, stack: Stack, code: str, kind: str = "intelligence.package"
) -> list[dict[str, Any]]:
    seen = (await client.get(f"{stack['forcesim'].url}/received", params={"force": code})).json()
    return sorted((d for d in seen["deliveries"] if d["type"] == kind), key=lambda d: d["sequence"])


async def wait_deliveries_to(
    client: httpx.AsyncClient,
    stack: Stack,
    code: str,
    count: int,
    *,
    kind: str = "intelligence.package",
    timeout: float = 60.0,
) -> list[dict[str, Any]]:
    async def enough() -> list[dict[str, Any]] | None:
        found = await deliveries_to(client, stack, code, kind)
        return found if len(found) >= count else None

    return await wait_for(enough, timeout=timeout, message=f"{count} {kind} to {code}")  # type: ignore[no-any-return]


async def start_dispatch_and_forces(stack: Stack) -> None:
    """Dispatch and the simulated forces only: the tests feed dispatch themselves."""
    await stack.start("dispatch", "forcesim")
