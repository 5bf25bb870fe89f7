"""The relay is woken by the commits that added events, and only by them: an event is
published as soon as its transaction commits (not at the next poll), and a transaction that
added none (most of a consumer's batches, every read-only request) does not set the relay
reading its table. On SQLite and PostgreSQL, with the real broker."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aio_pika
import pytest
from sqlalchemy import Column, Integer, MetaData, Table

from shared.bus import Bus
from shared.db import Database
from shared.events import ReportSubmitted
from shared.group_commit import GroupCommitter
from shared.outbox import Outbox
from tests.stack import AMQP_URL, delete_bus_namespace

pytestmark = pytest.mark.integration

# Long enough that an event published within it was woken for, not found by a poll.
POLL_INTERVAL = 30.0


class CountingOutbox(Outbox):
    """Counts the relay's reads of its table."""

    polls = 0

    async def _poll(self, db: Database, bus: Bus) -> tuple[int, int]:
        self.polls += 1
        return await super()._poll(db, bus)


metadata = MetaData()
things = Table("things", metadata, Column("id", Integer, primary_key=True))
outbox_of_things = CountingOutbox(metadata, poll_interval=POLL_INTERVAL)


@pytest.fixture
async def relay(
    empty_database: Database,
) -> AsyncIterator[tuple[Database, CountingOutbox, Any]]:
    outbox = outbox_of_things
    outbox.polls = 0
    db = empty_database
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    namespace = f"t{uuid.uuid4().hex[:10]}-"
    bus = Bus(url=AMQP_URL, namespace=namespace, connection_name="test-outbox-wake")
    await bus.connect()
    task = asyncio.create_task(outbox.relay_forever(db, bus))
    connection = await aio_pika.connect(AMQP_URL)
    channel = await connection.channel()
    queue = await channel.declare_queue(bus.name("triage.report-submitted"), passive=True)
    try:
        # The relay's first poll (at start) has found the table empty.
        while outbox.polls == 0:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
        yield db, outbox, queue
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await connection.close()
        await bus.close()
        await delete_bus_namespace(namespace)


def _event() -> ReportSubmitted:
    return ReportSubmitted(
        correlation_id="c",
        report_id=uuid.uuid4(),
        reference="PACR-0000-0001",
        channel="online",
        received_at=datetime.now(UTC),
        sealed_content="sealed",
    )


async def _arrives(queue: Any, timeout: float) -> aio_pika.abc.AbstractIncomingMessage | None:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        message = await queue.get(no_ack=True, fail=False)
        if message is not None:
            return message  # type: ignore[no-any-return]
        await asyncio.sleep(0.02)
    return None


async def test_an_event_is_published_when_its_transaction_commits(
    relay: tuple[Database, CountingOutbox, Any],
) -> None:
    db, outbox, queue = relay
    event = _event()
    async with db.transaction() as session:
        await outbox.add(session, event)
    message = await _arrives(queue, timeout=5.0)
    assert message is not None, "published only at the next poll, not on its commit"
    assert message.message_id == str(event.event_id)


async def test_commits_without_events_do_not_set_the_relay_reading(
    relay: tuple[Database, CountingOutbox, Any],
) -> None:
    db, outbox, queue = relay
    polls = outbox.polls
    for _ in range(20):
        async with db.transaction() as session:
            await session.execute(things.insert())
    await asyncio.sleep(0.3)
    assert outbox.polls == polls
    # Nor does a transaction whose events were rolled back.
    with contextlib.suppress(RuntimeError):
        async with db.transaction() as session:
            await outbox.add(session, _event())
            raise RuntimeError("changed its mind")
    await asyncio.sleep(0.3)
    assert outbox.polls == polls
    assert await _arrives(queue, timeout=0.2) is None


async def test_a_group_commit_wakes_the_relay_only_when_it_wrote_events(
    relay: tuple[Database, CountingOutbox, Any],
) -> None:
    """Rows inserted by a group committer, not through Outbox.add: on PostgreSQL the commit
    wakes the relay's poll (Outbox.mark), on SQLite it hands the rows over in memory."""
    db, outbox, queue = relay
    committer = GroupCommitter(db, outbox=outbox)
    committer.start()
    try:
        polls = outbox.polls
        for n in range(5):
            await committer.insert([(things, {"id": n})])
        await asyncio.sleep(0.3)
        assert outbox.polls == polls
        event = _event()
        await committer.insert([(things, {"id": 5}), (outbox.table, outbox.row(event))])
        message = await _arrives(queue, timeout=5.0)
        assert message is not None, "published only at the next poll, not on its commit"
        assert message.message_id == str(event.event_id)
    finally:
        await committer.stop()
