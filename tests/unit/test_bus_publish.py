"""What Bus.publish promises the outbox, on the real broker: a message is confirmed only
once the broker holds it, arrives persistent with the ids consumers read, and a message no
queue takes is an error, never a silent loss."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest

from shared.bus import Bus
from tests.stack import AMQP_URL, delete_bus_namespace

pytestmark = pytest.mark.integration


@pytest.fixture
async def bus() -> AsyncIterator[Bus]:
    namespace = f"t{uuid.uuid4().hex[:10]}-"
    bus = Bus(url=AMQP_URL, namespace=namespace, connection_name="test-publish")
    await bus.connect()
    try:
        yield bus
    finally:
        await bus.close()
        await delete_bus_namespace(namespace)


async def test_a_confirmed_message_is_on_its_queue_with_the_ids_consumers_read(bus: Bus) -> None:
    await bus.publish(
        routing_key="report.submitted",
        body=b'{"event": 1}',
        message_id="event-1",
        correlation="corr-1",
    )
    # Confirmed: already on the queue, not merely written to the socket.
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(bus.name("triage.report-submitted"), passive=True)
        message = await queue.get(no_ack=True, fail=True)
    assert message is not None
    assert message.body == b'{"event": 1}'
    assert message.message_id == "event-1"
    assert message.correlation_id == "corr-1"
    assert message.type == "report.submitted"
    assert message.content_type == "application/json"
    assert message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT


async def test_a_message_no_queue_takes_raises_instead_of_vanishing(bus: Bus) -> None:
    with pytest.raises(aio_pika.exceptions.PublishError):
        await bus.publish(routing_key="nobody.listens", body=b"{}", message_id="event-2")


async def test_a_window_of_messages_is_confirmed_together(bus: Bus) -> None:
    """As the outbox relay publishes: many at once, each awaited for its own confirm."""
    await asyncio.gather(
        *(
            bus.publish(routing_key="report.triaged", body=b"{}", message_id=f"event-{i}")
            for i in range(200)
        )
    )
    depths = await bus.queue_depths(["dispatch.report-triaged", "intake.status"])
    assert depths["dispatch.report-triaged"]["messages"] == 200
    assert depths["intake.status"]["messages"] == 200
