"""Every report intake accepts reaches the broker, at full speed.

SQLite only: the in-memory hand-over from group commit to the relay exists only there.
It lost a few reports in every few thousand (a late delete by a reused row id removed a
newer, unpublished row); this floods intake with reports and counts them on the queue."""

from __future__ import annotations

import asyncio
import json

import aio_pika
import httpx
import pytest

from tests.e2e.helpers import routed_reports
from tests.stack import AMQP_URL, Stack, wait_for

pytestmark = pytest.mark.e2e

REPORTS = 3000


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_every_accepted_report_is_published_once_at_least(stack: Stack) -> None:
    stack.configure("intake", LOG_LEVEL="WARNING")
    await stack.start("intake")  # nobody consumes: every event stays on the queue
    accepted: set[str] = set()
    slots = asyncio.Semaphore(64)
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def one(body: dict[str, object]) -> None:
            async with slots:
                answer = await client.post(f"{stack['intake'].url}/v1/reports", json=body)
                assert answer.status_code == 202, answer.text
                accepted.add(answer.json()["reference"])

        await asyncio.gather(*(one(body) for body, _ in routed_reports(REPORTS)))
    assert len(accepted) == REPORTS

    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        name = stack.namespace + "triage.report-submitted"

        async def all_there() -> int | None:
            queue = await channel.declare_queue(name, passive=True)
            count = queue.declaration_result.message_count or 0
            return count if count >= REPORTS else None

        await wait_for(all_there, timeout=60, message="every report on the queue")
        queue = await channel.declare_queue(name, passive=True)
        published: set[str] = set()
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            published.add(json.loads(message.body)["reference"])
    missing = accepted - published
    assert not missing, f"{len(missing)} accepted reports never published: {sorted(missing)[:5]}"
