"""TransactionBatcher: many callers, one transaction, each answered after its own commit."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from shared.batching import TransactionBatcher
from shared.db import Database

pytestmark = pytest.mark.integration

metadata = MetaData()
rows = Table("rows", metadata, Column("id", Integer, primary_key=True), Column("v", String))


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/b.db")
    async with database.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return database


async def _stored(db: Database) -> list[int]:
    async with db.reader() as session:
        return sorted((await session.execute(select(rows.c.id))).scalars())


async def _insert(session: AsyncSession, n: int) -> None:
    await session.execute(insert(rows).values(id=n, v="x"))


async def test_every_caller_returns_after_its_row_is_committed(db: Database) -> None:
    batcher: TransactionBatcher[int] = TransactionBatcher(db, _insert, name="t")
    batcher.start()
    await asyncio.gather(*(batcher.submit(n) for n in range(100)))
    assert await _stored(db) == list(range(100))
    await batcher.stop()


async def test_a_bad_item_fails_alone(db: Database) -> None:
    batcher: TransactionBatcher[int] = TransactionBatcher(db, _insert, name="t")
    batcher.start()
    await batcher.submit(5)
    results = await asyncio.gather(*(batcher.submit(n) for n in (1, 5, 7)), return_exceptions=True)
    assert results[0] is None and results[2] is None
    assert isinstance(results[1], Exception)  # the duplicate key
    assert await _stored(db) == [1, 5, 7]
    await batcher.stop()


async def test_a_batch_function_gets_the_waiting_items_and_a_bad_one_still_fails_alone(
    db: Database,
) -> None:
    batches: list[list[int]] = []

    async def insert_all(session: AsyncSession, items: list[int]) -> None:
        batches.append(list(items))
        await session.execute(insert(rows), [{"id": n, "v": "x"} for n in items])

    batcher: TransactionBatcher[int] = TransactionBatcher(db, apply_many=insert_all, name="t")
    batcher.start()
    await batcher.submit(5)
    results = await asyncio.gather(
        *(batcher.submit(n) for n in (1, 5, 7, 9)), return_exceptions=True
    )
    assert [type(r).__name__ for r in results] == [
        "NoneType",
        "IntegrityError",
        "NoneType",
        "NoneType",
    ]
    assert await _stored(db) == [1, 5, 7, 9]
    # The four waiting items went in one call, then (after it failed) one call each.
    assert batches == [[5], [1, 5, 7, 9], [1], [5], [7], [9]]
    await batcher.stop()


def test_one_way_of_applying_is_given(db: Database) -> None:
    with pytest.raises(TypeError):
        TransactionBatcher(db, name="t")
    with pytest.raises(TypeError):
        TransactionBatcher(db, _insert, apply_many=lambda s, items: _insert(s, 0), name="t")


async def test_an_outage_is_waited_out_or_reported_at_once(db: Database) -> None:
    failures = {"left": 3}

    async def flaky(session: AsyncSession, n: int) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("INSERT", {}, ConnectionRefusedError("database is down"))
        await _insert(session, n)

    patient: TransactionBatcher[int] = TransactionBatcher(db, flaky, name="consumer")
    patient.start()
    await asyncio.wait_for(patient.submit(1), timeout=10)  # retried until the database is back
    assert await _stored(db) == [1]
    await patient.stop()

    failures["left"] = 1
    hasty: TransactionBatcher[int] = TransactionBatcher(
        db, flaky, name="requests", wait_out_outages=False
    )
    hasty.start()
    with pytest.raises(OperationalError):
        await hasty.submit(2)
    assert await _stored(db) == [1]
    await hasty.stop()


async def _gathered(db: Database, linger: float) -> list[list[int]]:
    """Five items, one every 40 ms, into a batcher lingering so long: its batches."""
    batches: list[list[int]] = []

    async def insert_all(session: AsyncSession, items: list[int]) -> None:
        batches.append(items)
        for n in items:
            await _insert(session, n)

    batcher: TransactionBatcher[int] = TransactionBatcher(
        db, apply_many=insert_all, name="t", linger=linger
    )
    batcher.start()

    async def submit_later(n: int) -> None:
        await asyncio.sleep(0.04 * n)
        await batcher.submit(n)

    await asyncio.gather(*(submit_later(n) for n in range(5)))
    await batcher.stop()
    assert await _stored(db) == list(range(5))  # every caller returned after its commit
    return batches


async def test_items_that_come_one_at_a_time_are_each_a_transaction(db: Database) -> None:
    batches = await _gathered(db, linger=0.0)
    assert batches[0] == [0] and len(batches) > 1


async def test_a_lingering_batch_gathers_items_that_come_one_at_a_time(db: Database) -> None:
    assert await _gathered(db, linger=0.5) == [[0, 1, 2, 3, 4]]
