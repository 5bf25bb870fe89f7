"""Statistics counted out of order: dispatch's statistics consumer can lag behind its
packages consumer, and so behind a force that answers at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest

from services.dispatch.database import DispatchModel
from services.dispatch.packages.models import Package
from services.dispatch.stats.models import StatsReport
from services.dispatch.stats.service import count_acknowledgement, count_triaged
from shared.db import Database
from tests.events import report_triaged

pytestmark = pytest.mark.integration

RECEIVED = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/dispatch.db")
    async with database.engine.begin() as conn:
        await conn.run_sync(DispatchModel.metadata.create_all)
    return database


async def test_a_late_triage_count_does_not_reopen_a_case_the_force_has_closed(
    db: Database,
) -> None:
    report_id = uuid4()
    package = Package(
        id=uuid4(),
        report_id=report_id,
        reference="PACR-AAAA-AAAA",
        correlation_id="c",
        force="kent",
        priority="high",
        priority_rank=1,
        sealed_data="x",
        status="delivered",
        next_attempt_at=RECEIVED,
        created_at=RECEIVED,
    )
    answered = RECEIVED + timedelta(minutes=5)
    async with db.transaction() as session:
        await count_acknowledgement(
            session=session,
            package=package,
            outcome="investigation_opened",
            acknowledged_at=answered,
            ack_deadline_hours=48,
        )
    async with db.transaction() as session:  # the statistics consumer, behind
        await count_triaged(session, report_triaged(report_id, received_at=RECEIVED))
    async with db.reader() as session:
        row = await session.get(StatsReport, report_id)
    assert row is not None
    assert (row.assessed, row.disseminated, row.investigation_opened) == (True, True, True)
    closed = (
        row.closed_at
        if row.closed_at is None or row.closed_at.tzinfo
        else row.closed_at.replace(tzinfo=UTC)
    )
    assert closed == answered  # closed by the outcome: retention counts from here
