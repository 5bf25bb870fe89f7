"""Operators see every queue's figures and the parked bus messages, and replay them.

Dispatch runs as a real process on the real broker, in the stack's own namespace; the
test plays a consumer that keeps failing one message until the quorum queue's delivery
limit parks it, then finds it parked (listing it twice loses nothing), replays it with the
CLI and receives it again. The figures come over AMQP: the management URL dispatch is
given answers nothing, so the fallback is what is exercised (this broker has no
management plugin; tests/dispatch/test_queue_sampler.py covers that API's answers).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from typing import Any

import aio_pika
import httpx
import pytest

from tests.stack import ADMIN_TOKEN, AMQP_URL, ROOT, Stack, free_port, wait_for

# Queue figures and parked messages live in the broker, not in a database: one backend.
pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"], indirect=True)]

ADMIN = {"authorization": f"Bearer {ADMIN_TOKEN}"}
# Stands in for sealed report content: it must never appear in what operators are shown.
SECRET = "sealed-blob-" + uuid.uuid4().hex


def pacars(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PACARS_TOKEN": ADMIN_TOKEN,
        "DISPATCH_URL": stack["dispatch"].url,
        "COLUMNS": "250",
    }
    return subprocess.run(
        [sys.executable, "-m", "services.cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_queue_figures_and_parked_messages_are_listed_and_replayed(stack: Stack) -> None:
    stack.configure(
        "dispatch",
        AMQP_DELIVERY_LIMIT="1",  # two failed deliveries park a message
        DISPATCH_QUEUE_SAMPLE_SECONDS="0.3",
        DISPATCH_RABBITMQ_MANAGEMENT_URL=f"http://127.0.0.1:{free_port()}",
    )
    await stack.start("dispatch")  # no intake or triage: their queues have no consumer
    dispatch = stack["dispatch"].url
    ns = stack.namespace
    connection = await aio_pika.connect(AMQP_URL)
    async with connection, httpx.AsyncClient(timeout=30, headers=ADMIN) as client:

        async def queues() -> dict[str, dict[str, Any]]:
            answer = await client.get(f"{dispatch}/v1/ops/queues")
            assert answer.status_code == 200, answer.text
            return {q["name"]: q for q in answer.json()}

        # Rates need two samples with the publish tap on.
        await wait_for(lambda: _rated(queues), timeout=20, message="rates from two AMQP samples")

        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.get_exchange(ns + "reports", ensure=True)
        event_id, other_id = str(uuid.uuid4()), str(uuid.uuid4())
        for message_id in (event_id, other_id):
            await exchange.publish(
                aio_pika.Message(
                    json.dumps({"event_id": message_id, "content": SECRET}).encode(),
                    message_id=message_id,
                    type="report.erased",
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                ),
                routing_key="report.erased",  # to intake.retention and triage.retention
                mandatory=True,
            )

        # Triage's consumer (played here) fails the messages until they are parked.
        source = await channel.declare_queue(ns + "triage.retention", passive=True)

        async def fail_once() -> bool:
            message = await source.get(no_ack=False, fail=False)
            if message is not None:
                await message.nack(requeue=True)
            return (await queues())["triage.retention"]["parked"] == 2

        await wait_for(fail_once, timeout=20, message="the messages to be parked")

        figures = await queues()
        retention = figures["triage.retention"]
        assert retention["source"] == "amqp"
        assert retention["messages_unacked"] is None  # not knowable over AMQP
        assert retention["messages_ready"] == retention["messages"] == 0
        assert figures["intake.retention"]["messages_ready"] == 2  # its copies wait there
        assert figures["dispatch.stats"]["consumers"] >= 1
        # The publish was counted for both queues it reached; triage's was taken.
        await wait_for(
            lambda: _at_least(queues, "intake.retention", "publish_rate"),
            timeout=20,
            message="a publish rate for intake.retention",
        )
        await wait_for(
            lambda: _at_least(queues, "triage.retention", "deliver_rate"),
            timeout=20,
            message="a deliver rate for triage.retention",
        )

        async def gauges() -> bool:
            text = (await client.get(f"{dispatch}/metrics")).text
            return (
                'pacars_queue_parked_messages{queue="triage.retention"} 2.0' in text
                and 'pacars_queue_messages_ready{queue="intake.retention"} 2.0' in text
                and "pacars_queue_messages_unacked{" not in text
            )

        await wait_for(gauges, timeout=20, message="the queue gauges")

        # Listed again and again (a listing hands every message back), with ids, never
        # content; a short listing shows some, and the queue keeps them all.
        listings = []
        for limit in (100, 100, 1, 1, 100):
            answer = await client.get(
                f"{dispatch}/v1/ops/parked-messages",
                params={"queue": "triage.retention", "limit": limit},
            )
            assert answer.status_code == 200, answer.text
            assert SECRET not in answer.text
            assert len(answer.json()) == min(limit, 2)
            listings.append(sorted(answer.json(), key=lambda m: m["event_id"] != event_id))
        assert listings[0] == listings[1] == listings[4]
        parked = listings[0][0]
        assert parked["event_id"] == event_id
        assert parked["type"] == parked["routing_key"] == "report.erased"
        assert parked["queue"] == "triage.retention"
        assert parked["reason"] == "delivery_limit"
        assert parked["first_death_at"] is not None
        assert parked["deaths"][0]["queue"] == "triage.retention"
        everywhere = (await client.get(f"{dispatch}/v1/ops/parked-messages")).json()
        assert {m["event_id"] for m in everywhere} == {event_id, other_id}
        assert (await queues())["triage.retention"]["parked"] == 2

        # Bad input: clear JSON errors.
        unknown = await client.get(
            f"{dispatch}/v1/ops/parked-messages", params={"queue": "no.such"}
        )
        assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
        not_parked_id = str(uuid.uuid4())
        not_parked = await client.post(
            f"{dispatch}/v1/ops/parked-messages/triage.retention/replay",
            params={"event_id": not_parked_id},
        )
        assert not_parked.status_code == 404, not_parked.text
        no_queue = await client.post(f"{dispatch}/v1/ops/parked-messages/no.such/replay")
        assert no_queue.status_code == 404 and no_queue.json()["error"]["code"] == "not_found"
        bad_limit = await client.get(f"{dispatch}/v1/ops/parked-messages", params={"limit": 0})
        assert bad_limit.status_code == 422

        listed = pacars(stack, "parked-messages", "--queue", "triage.retention")
        assert listed.returncode == 0, listed.stderr
        assert event_id in listed.stdout and "delivery_limit" in listed.stdout
        assert SECRET not in listed.stdout

        # Replayed into the queue it left; the consumer now takes it.
        replayed = pacars(stack, "replay-messages", "triage.retention", "--event-id", event_id)
        assert replayed.returncode == 0, replayed.stderr
        assert "1 messages put back into triage.retention" in replayed.stdout

        async def received() -> aio_pika.abc.AbstractIncomingMessage | None:
            return await source.get(no_ack=False, fail=False)

        again = await wait_for(received, timeout=20, message="the replayed message")
        assert again.message_id == event_id
        assert again.headers["x-original-routing-key"] == "report.erased"
        await again.ack()
        assert (await queues())["triage.retention"]["parked"] == 1

        # The rest, all at once.
        rest = await client.post(f"{dispatch}/v1/ops/parked-messages/triage.retention/replay")
        assert rest.status_code == 202, rest.text
        assert rest.json()["event_ids"] == [other_id]
        last = await wait_for(received, timeout=20, message="the other replayed message")
        assert last.message_id == other_id
        await last.ack()
        assert (await queues())["triage.retention"]["parked"] == 0
        # Only triage's queue got them back; intake's copies were never parked.
        assert (await queues())["intake.retention"]["messages_ready"] == 2

        audit = (await client.get(f"{dispatch}/v1/audit")).json()
        replays = {e["target"] for e in audit if e["action"] == "bus_message.replay"}
        assert replays == {f"triage.retention/{event_id}", f"triage.retention/{other_id}"}
        # Each request was recorded before the broker acted (the one for an id not parked
        # too); the request for a queue that does not exist changed nothing.
        requested = [e for e in audit if e["action"] == "bus_message.replay_requested"]
        assert [json.loads(e["detail"])["event_ids"] for e in reversed(requested)] == [
            [not_parked_id],
            [event_id],
            "all",
        ]
        assert {e["target"] for e in requested} == {"triage.retention"}
        asked = [e["id"] for e in reversed(requested)]
        done = {e["target"]: e["id"] for e in audit if e["action"] == "bus_message.replay"}
        first, second = done[f"triage.retention/{event_id}"], done[f"triage.retention/{other_id}"]
        assert asked[1] < first < asked[2] < second
        nothing = await client.post(f"{dispatch}/v1/ops/parked-messages/triage.retention/replay")
        assert nothing.status_code == 202 and nothing.json()["replayed"] == 0
    assert "management API unavailable" in stack["dispatch"].logs()


async def _rated(queues: Any) -> bool:
    return all(q["publish_rate"] is not None for q in (await queues()).values())


async def _at_least(queues: Any, name: str, field: str) -> bool:
    return bool((await queues())[name][field] > 0)
