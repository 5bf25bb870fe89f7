"""Group commit on SQLite: rows written by the committer's own sqlite3 connection read back
through SQLAlchemy exactly as if SQLAlchemy had written them; outbox rows are handed to the
relay with their ids, and deleted in a later transaction."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Column, DateTime, MetaData, String, Table, Uuid, select
from sqlalchemy.exc import IntegrityError

from shared.db import Database
from shared.events import ReportSubmitted
from shared.group_commit import GroupCommitter
from shared.outbox import Outbox, Pending

pytestmark = pytest.mark.integration

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(20), unique=True, nullable=False),
    Column("kind", String(10), nullable=False, default="plain"),
    Column("at", DateTime(timezone=True), nullable=False),
)
outbox = Outbox(metadata)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/g.db")
    async with database.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield database
    await database.dispose()


def _event(n: int) -> ReportSubmitted:
    return ReportSubmitted(
        correlation_id=f"c{n}",
        report_id=uuid.uuid4(),
        reference=f"PACR-0000-{n:04d}",
        channel="online",
        received_at=datetime.now(UTC),
        sealed_content="sealed",
    )


async def test_rows_read_back_as_sqlalchemy_wrote_them_and_outbox_rows_are_handed_over(
    db: Database,
) -> None:
    handed: list[Pending] = []
    outbox.committed = handed.extend  # type: ignore[method-assign,assignment]
    committer = GroupCommitter(db, outbox=outbox)
    committer.start()
    at = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    ids = [uuid.uuid4() for _ in range(50)]
    events = [_event(n) for n in range(50)]
    await asyncio.gather(
        *(
            committer.insert(
                [
                    (things, {"id": ids[n], "name": f"n{n}", "at": at}),
                    (outbox.table, outbox.row(events[n])),
                ]
            )
            for n in range(50)
        )
    )
    async with db.reader() as session:
        stored = (await session.execute(select(things).order_by(things.c.name))).all()
        queued = (await session.execute(select(outbox.table))).all()
    assert {row.id for row in stored} == set(ids)
    assert {row.kind for row in stored} == {"plain"}  # the column's default
    assert {row.at.replace(tzinfo=UTC) for row in stored} == {at}
    # Every handed-over row is the stored row with the same event id.
    assert sorted((p.event_id, p.payload) for p in handed) == sorted(
        (r.event_id, r.payload) for r in queued
    )

    # A duplicate fails alone; the others in its batch commit.
    results = await asyncio.gather(
        committer.insert([(things, {"id": uuid.uuid4(), "name": "n1", "at": at})]),
        committer.insert([(things, {"id": uuid.uuid4(), "name": "fresh", "at": at})]),
        return_exceptions=True,
    )
    assert isinstance(results[0], IntegrityError) and results[1] is None

    await committer.delete_outbox_rows([p.event_id for p in handed[:20]])
    async with db.reader() as session:
        left = (await session.execute(select(outbox.table.c.event_id))).scalars().all()
    assert sorted(left) == sorted(p.event_id for p in handed[20:])
    await committer.stop()
