"""The audit log: every entry chained to the one before, so any change is detectable."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import MetaData, delete, update

from shared.audit import VERIFY_PAUSE_EVERY, AuditLog
from shared.db import Database

pytestmark = pytest.mark.integration


@pytest.fixture
async def audited(tmp_path: Path) -> tuple[Database, AuditLog]:
    metadata = MetaData()
    log = AuditLog(metadata)
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/audit.db")
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    async with db.transaction() as session:
        for n in range(5):
            await log.record(
                session,
                actor="Night ops",
                role="ops",
                action="package.replayed",
                target=f"package-{n}",
            )
    return db, log


async def test_an_untouched_log_verifies(audited: tuple[Database, AuditLog]) -> None:
    db, log = audited
    async with db.reader() as session:
        result = await log.verify(session)
    assert result.ok and result.entries == 5


async def test_a_changed_entry_is_found(audited: tuple[Database, AuditLog]) -> None:
    db, log = audited
    async with db.transaction() as session:
        await session.execute(
            update(log.table).where(log.table.c.id == 3).values(actor="someone else")
        )
    async with db.reader() as session:
        result = await log.verify(session)
    assert not result.ok and result.first_broken_id == 3


async def test_a_removed_entry_is_found(audited: tuple[Database, AuditLog]) -> None:
    db, log = audited
    async with db.transaction() as session:
        await session.execute(delete(log.table).where(log.table.c.id == 2))
    async with db.reader() as session:
        result = await log.verify(session)
    assert not result.ok and result.first_broken_id == 3


async def test_a_long_actor_or_target_still_verifies(audited: tuple[Database, AuditLog]) -> None:
    db, log = audited
    async with db.transaction() as session:
        await log.record(
            session, actor="A" * 500, role="ops", action="force.updated", target="t" * 300
        )
    async with db.reader() as session:
        result = await log.verify(session)
    assert result.ok and result.entries == 6


async def test_entries_rolled_back_leave_no_gap_in_the_chain(
    audited: tuple[Database, AuditLog],
) -> None:
    """A session whose transaction rolled back (a batch retried one by one) appends after
    the last committed entry, not after the one it rolled back."""
    db, log = audited
    async with db.sessionmaker() as session:
        async with session.begin():
            await log.record(session, actor="a", role="ops", action="x", target="gone")
            await session.rollback()
        async with session.begin():
            for n in range(2):
                await log.record(session, actor="a", role="ops", action="x", target=f"kept{n}")
    async with db.reader() as session:
        result = await log.verify(session)
    assert result.ok and result.entries == 7


async def _verify_counting_other_work(db: Database, log: AuditLog) -> tuple[bool, int]:
    """Verify while another task counts its turns on the event loop."""
    turns = 0

    async def other_work() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    other = asyncio.create_task(other_work())
    try:
        async with db.reader() as session:
            result = await log.verify(session)
    finally:
        other.cancel()
    return result.ok, turns


async def test_verifying_a_long_chain_lets_the_service_go_on_working(
    audited: tuple[Database, AuditLog],
) -> None:
    """SQLite runs on the service's event loop: a verification that never paused would
    stop deliveries and requests for as long as it read the whole chain."""
    db, log = audited
    ok, turns_for_five = await _verify_counting_other_work(db, log)
    assert ok
    async with db.transaction() as session:
        for n in range(3000):
            await log.record(session, actor="dispatch", role="system", action="a", target=str(n))

    ok, turns_for_long = await _verify_counting_other_work(db, log)

    assert ok
    # Other work had a turn after every VERIFY_PAUSE_EVERY entries read, not only after all.
    assert turns_for_long >= turns_for_five + 3000 // VERIFY_PAUSE_EVERY
