"""Statistics counted out of order: dispatch's statistics consumer can lag behind its
packages consumer, and so behind a force that answers at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select

from services.dispatch.packages.models import Package
from services.dispatch.stats.models import StatsDaily, StatsReport
from services.dispatch.stats.service import (
    count_acknowledgement,
    count_submitted,
    count_triaged,
)
from shared.db import Database
from shared.events import ReportSubmitted
from tests.events import report_triaged

pytestmark = pytest.mark.integration

RECEIVED = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def kent_package(report_id: UUID, *, created_at: datetime) -> Package:
    return Package(
        id=uuid4(),
        report_id=report_id,
        reference="PACR-AAAA-AAAA",
        correlation_id="c",
        force="kent",
        priority="high",
        priority_rank=1,
        sealed_data="x",
        status="delivered",
        next_attempt_at=created_at,
        created_at=created_at,
    )


async def test_a_late_triage_count_does_not_reopen_a_case_the_force_has_closed(
    db: Database,
) -> None:
    report_id = uuid4()
    package = kent_package(report_id, created_at=RECEIVED)
    answered = RECEIVED + timedelta(minutes=5)
    async with db.transaction() as session:
        await count_acknowledgement(
            session=session,
            package=package,
            outcome="investigation_opened",
            acknowledged_at=answered,
            ack_deadline_hours=48,
            received=lambda: (RECEIVED, "online"),
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


async def test_a_report_acknowledged_before_it_was_counted_keeps_the_day_it_was_received(
    db: Database,
) -> None:
    """Received a minute before midnight, packaged and acknowledged after it, and counted
    by the lagging statistics consumer only then: every figure is the received day's."""
    report_id = uuid4()
    received = datetime(2026, 12, 5, 23, 59, tzinfo=UTC)
    package = kent_package(report_id, created_at=received + timedelta(minutes=2))
    async with db.transaction() as session:
        await count_acknowledgement(
            session=session,
            package=package,
            outcome="received",
            acknowledged_at=received + timedelta(minutes=3),
            ack_deadline_hours=48,
            received=lambda: (received, "phone"),
        )
    submitted = ReportSubmitted(
        report_id=report_id,
        reference="PACR-AAAA-AAAA",
        channel="phone",
        received_at=received,
        sealed_content="x",
    )
    async with db.transaction() as session:
        await count_submitted(session, submitted)
        await count_triaged(session, report_triaged(report_id, received_at=received))
    async with db.reader() as session:
        figures = (await session.execute(select(StatsDaily))).scalars().all()
        row = await session.get(StatsReport, report_id)
    assert {(f.metric, f.channel): f.day for f in figures} == {
        ("contacts", "phone"): received.date(),
        ("assessed", ""): received.date(),
        ("disseminated", ""): received.date(),
        ("acknowledged", ""): received.date(),
        ("acknowledged_within_target", ""): received.date(),
    }
    assert row is not None and row.channel == "phone"
