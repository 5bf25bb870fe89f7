"""The inbox: a redelivered event has no second effect, per consumer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import MetaData, String, func, select
from sqlalchemy.event import listen, remove
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import Database
from shared.events import Event, StaffTokenRevoked
from shared.runtime import BatchHooks, ConsumerBatcher, ServiceTables
from tests.stack import scratch_database

pytestmark = pytest.mark.integration


async def test_two_consumers_of_one_service_each_get_an_event_once(tmp_path: Path) -> None:
    tables = ServiceTables(MetaData())
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/inbox.db")
    async with db.engine.begin() as conn:
        await conn.run_sync(tables.metadata.create_all)
    runtime = SimpleNamespace(db=db, tables=tables, outbox=tables.outbox)
    seen: list[str] = []

    def handler(name: str):  # type: ignore[no-untyped-def]
        async def handle(session: AsyncSession, event: StaffTokenRevoked) -> None:
            seen.append(name)

        return {"staff_token.revoked": handle}

    packages = ConsumerBatcher(
        runtime,  # type: ignore[arg-type]  # only what a batcher reads of a runtime
        handler("packages"),
        queue="svc.packages",
        name="packages",
        max_batch=10,
    )
    stats = ConsumerBatcher(
        runtime,  # type: ignore[arg-type]  # only what a batcher reads of a runtime
        handler("stats"),
        queue="svc.stats",
        name="stats",
        max_batch=10,
    )
    packages.batcher.start()
    stats.batcher.start()
    event = StaffTokenRevoked(token_id=uuid4())
    for _ in range(2):  # delivered, then redelivered, to each consumer
        await packages.handle(event)
        await stats.handle(event)
    assert sorted(seen) == ["packages", "stats"]
    await packages.batcher.stop()
    await stats.batcher.stop()


@pytest.fixture
async def inbox_db(backend: str, tmp_path: Path) -> AsyncIterator[tuple[Database, ServiceTables]]:
    tables = ServiceTables(MetaData())
    async with scratch_database(backend, tmp_path, tables.metadata, name="inbox") as db:
        yield db, tables


async def test_a_batch_handles_each_new_event_once_and_skips_those_seen_before(
    inbox_db: tuple[Database, ServiceTables],
) -> None:
    """Claims are made for the whole batch in one statement: an event published twice and
    both copies in one batch, or one processed in an earlier batch, has one effect."""
    db, tables = inbox_db
    runtime = SimpleNamespace(db=db, tables=tables, outbox=tables.outbox)
    seen: list[str] = []
    prepared: list[list[str]] = []

    async def handle(session: AsyncSession, event: StaffTokenRevoked) -> None:
        seen.append(str(event.token_id))

    async def prepare(session: AsyncSession, events: Sequence[Event]) -> None:
        prepared.append([str(e.token_id) for e in events])  # type: ignore[attr-defined]

    consumer = ConsumerBatcher(
        runtime,  # type: ignore[arg-type]
        {"staff_token.revoked": handle},
        queue="svc.tokens",
        name="tokens",
        max_batch=10,
        hooks=BatchHooks(prepare=prepare),
    )
    earlier, first, second = (StaffTokenRevoked(token_id=uuid4()) for _ in range(3))
    async with db.transaction() as session:
        await consumer._apply_many(session, [earlier])
    async with db.transaction() as session:
        await consumer._apply_many(session, [first, earlier, first, second, second])
    ids = [str(e.token_id) for e in (earlier, first, second)]
    assert seen == ids
    assert prepared == [ids[:1], ids[1:]]


async def test_a_batch_larger_than_one_insert_claims_exactly_the_new_events(
    inbox_db: tuple[Database, ServiceTables],
) -> None:
    """1,500 claims go as more than one multi-row insert: every new one is claimed, none
    of those processed before."""
    db, tables = inbox_db
    events = [(uuid4(), "staff_token.revoked") for _ in range(1500)]
    async with db.transaction() as session:
        before = await tables.inbox.claim_many(session, events[::3])
    async with db.transaction() as session:
        claimed = await tables.inbox.claim_many(session, events)
    assert before == {event_id for event_id, _ in events[::3]}
    assert claimed == {event_id for event_id, _ in events} - before
    assert len(claimed) == 1000


class _Base(DeclarativeBase):
    pass


class _Note(_Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(20))


@pytest.mark.parametrize(("flush_once", "inserts"), [(False, 5), (True, 1)])
async def test_a_batch_flushing_once_writes_its_rows_in_one_statement(
    inbox_db: tuple[Database, ServiceTables], flush_once: bool, inserts: int
) -> None:
    """A handler that adds a row through the ORM and then runs a statement (as triage's
    does) makes the ORM flush that row alone, unless the consumer flushes once."""
    db, tables = inbox_db
    async with db.engine.begin() as conn:
        await conn.run_sync(_Base.metadata.create_all)
    runtime = SimpleNamespace(db=db, tables=tables, outbox=tables.outbox)
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO notes"):
            statements.append(statement)

    async def handle(session: AsyncSession, event: StaffTokenRevoked) -> None:
        session.add(_Note(id=len(noted) + 1, text="noted"))
        noted.append(event)
        await session.execute(select(1))

    noted: list[Event] = []
    consumer = ConsumerBatcher(
        runtime,  # type: ignore[arg-type]
        {"staff_token.revoked": handle},
        queue="svc.notes",
        name="notes",
        max_batch=10,
        flush_once=flush_once,
    )
    listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        async with db.transaction() as session:
            # As the consumer's batcher applies a batch (where flush_once takes effect).
            await consumer.batcher.apply_many(
                session, [StaffTokenRevoked(token_id=uuid4()) for _ in range(5)]
            )
    finally:
        remove(db.engine.sync_engine, "before_cursor_execute", count)
    async with db.reader() as session:
        stored = (await session.execute(select(func.count()).select_from(_Note))).scalar_one()
    assert stored == 5
    assert len(statements) == inserts
