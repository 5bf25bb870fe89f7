"""The status a reporter sees only moves forward, whatever order the events come in and
however many consumers apply them at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

import psycopg2
import pytest
from sqlalchemy import insert, select

from services.intake.database import IntakeModel
from services.intake.reports.models import Report
from services.intake.status.handlers import (
    on_intelligence_acknowledged,
    on_intelligence_delivered,
    on_report_triaged,
)
from shared.db import Database
from shared.events import IntelligenceAcknowledged, IntelligenceDelivered
from tests.events import report_triaged
from tests.stack import POSTGRES_DSN, scratch_database, wait_for

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
REPORTS = Report.__table__  # type: ignore[attr-defined]


@pytest.fixture
async def db(backend: str, tmp_path: Path) -> AsyncIterator[Database]:
    async with scratch_database(backend, tmp_path, IntakeModel.metadata, name="status") as db:
        yield db


async def _report(db: Database) -> UUID:
    report_id = uuid4()
    async with db.transaction() as session:
        await session.execute(
            insert(REPORTS).values(
                id=report_id,
                reference=f"PACR-{report_id.hex[:4]}-{report_id.hex[4:8]}".upper(),
                channel="online",
                sealed_content="sealed",
                status="received",
                received_at=NOW,
                updated_at=NOW,
            )
        )
    return report_id


async def _seen(db: Database, report_id: UUID) -> tuple[str, str | None]:
    async with db.reader() as session:
        row = (
            await session.execute(
                select(REPORTS.c.status, REPORTS.c.force).where(REPORTS.c.id == report_id)
            )
        ).one()
    return row.status, row.force


def _delivered(report_id: UUID) -> IntelligenceDelivered:
    return IntelligenceDelivered(
        package_id=uuid4(), report_id=report_id, force="kent", delivered_at=NOW
    )


def _acknowledged(report_id: UUID) -> IntelligenceAcknowledged:
    return IntelligenceAcknowledged(
        package_id=uuid4(),
        report_id=report_id,
        force="kent",
        outcome="received",
        acknowledged_at=NOW,
    )


async def test_a_late_event_never_moves_a_report_back(db: Database) -> None:
    report_id = await _report(db)
    async with db.transaction() as session:
        await on_intelligence_acknowledged(session, _acknowledged(report_id))
    async with db.transaction() as session:  # arriving after the acknowledgement
        await on_intelligence_delivered(session, _delivered(report_id))
        await on_report_triaged(session, report_triaged(report_id, received_at=NOW))
    assert await _seen(db, report_id) == ("acknowledged", "kent")


async def test_a_late_event_still_records_the_force_it_names(db: Database) -> None:
    """Re-routed after it was acknowledged: the report keeps its status and the time it
    last moved, and shows the force now holding it; an event naming no force keeps it."""
    report_id = await _report(db)
    async with db.transaction() as session:
        await on_intelligence_acknowledged(session, _acknowledged(report_id))
    moved = await _updated_at(db, report_id)
    assert moved > NOW
    redelivered = _delivered(report_id).model_copy(update={"force": "essex"})
    async with db.transaction() as session:
        await on_intelligence_delivered(session, redelivered)
    assert await _seen(db, report_id) == ("acknowledged", "essex")
    assert await _updated_at(db, report_id) == moved
    unrouted = report_triaged(report_id, received_at=NOW).model_copy(update={"force": "unknown"})
    async with db.transaction() as session:
        await on_report_triaged(session, unrouted)
    assert await _seen(db, report_id) == ("acknowledged", "essex")


async def _updated_at(db: Database, report_id: UUID) -> datetime:
    async with db.reader() as session:
        moved: datetime = (
            await session.execute(select(REPORTS.c.updated_at).where(REPORTS.c.id == report_id))
        ).scalar_one()
    return moved if moved.tzinfo else moved.replace(tzinfo=UTC)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_two_consumers_at_once_never_move_a_report_back(db: Database) -> None:
    """One transaction acknowledges and holds the row; another, meanwhile, applies the
    earlier delivery and waits for the row; the first commits, then the second."""
    report_id = await _report(db)
    first = db.sessionmaker()
    await first.begin()
    await on_intelligence_acknowledged(first, _acknowledged(report_id))

    async def second() -> None:
        async with db.transaction() as session:
            await on_intelligence_delivered(session, _delivered(report_id))

    behind = asyncio.create_task(second())
    database = str(db.engine.url.database)

    def waiting_for_a_lock() -> bool:
        conn = psycopg2.connect(f"{POSTGRES_DSN}/{database}")
        try:
            with conn.cursor() as cur:
                cur.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = %s AND wait_event_type = 'Lock'",
                    (database,),
                )
                return bool(cur.fetchone()[0])
        finally:
            conn.close()

    async def second_is_waiting() -> bool:
        return await asyncio.to_thread(waiting_for_a_lock)

    await wait_for(second_is_waiting, timeout=10, message="the second transaction to wait")
    await first.commit()
    await first.close()
    await behind
    assert await _seen(db, report_id) == ("acknowledged", "kent")
