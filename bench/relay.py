"""The pipeline's baseline: a raw three-hop aio-pika relay on the same broker.

publish (persistent, confirms) -> q1 -> relay: consume, republish -> q2 -> relay -> q3 -> sink.
No database, no validation, no HTTP: what RabbitMQ and aio-pika alone allow here.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from typing import Any

import aio_pika


async def run_relay(url: str, count: int, rate: float | None = None) -> dict[str, Any]:
    ns = f"bench-relay-{uuid.uuid4().hex[:8]}"
    connection = await aio_pika.connect_robust(url)
    latencies: list[float] = []
    done = asyncio.Event()
    try:
        publish_channel = await connection.channel(publisher_confirms=True)
        queues = []
        for hop in range(3):
            channel = await connection.channel(publisher_confirms=True)
            await channel.set_qos(prefetch_count=300)
            queue = await channel.declare_queue(
                f"{ns}.q{hop}", durable=True, arguments={"x-queue-type": "quorum"}
            )
            queues.append((channel, queue))

        def relay(next_channel: aio_pika.abc.AbstractChannel, next_queue: str) -> Any:
            async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
                await next_channel.default_exchange.publish(
                    aio_pika.Message(message.body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                    routing_key=next_queue,
                )
                await message.ack()

            return on_message

        async def sink(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            sent = float(message.body.decode())
            latencies.append((time.time() - sent) * 1000)
            await message.ack()
            if len(latencies) >= count:
                done.set()

        await queues[0][1].consume(relay(queues[1][0], f"{ns}.q1"))
        await queues[1][1].consume(relay(queues[2][0], f"{ns}.q2"))
        await queues[2][1].consume(sink)

        started = time.time()
        window: list[asyncio.Future[Any]] = []
        for i in range(count):
            body = str(time.time()).encode()
            window.append(
                asyncio.ensure_future(
                    publish_channel.default_exchange.publish(
                        aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                        routing_key=f"{ns}.q0",
                    )
                )
            )
            if rate:
                target = started + (i + 1) / rate
                delay = target - time.time()
                if delay > 0:
                    await asyncio.sleep(delay)
            if len(window) >= 200:
                await asyncio.gather(*window)
                window.clear()
        await asyncio.gather(*window)
        await asyncio.wait_for(done.wait(), timeout=600)
        elapsed = time.time() - started
        for channel, _ in queues:
            await channel.close()  # stop consuming before the queues go
        for _, queue in queues:
            await publish_channel.queue_delete(queue.name)
        ordered = sorted(latencies)
        return {
            "messages": count,
            "per_second": count / elapsed,
            "p50_ms": statistics.median(ordered),
            "p99_ms": ordered[int(len(ordered) * 0.99) - 1],
        }
    finally:
        await connection.close()
