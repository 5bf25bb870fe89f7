"""Retention: a report is deleted a set time after its case closes, everywhere.

When a case closes (CASE_CLOSES): triage decided not to pass the report on (any disposition
but "disseminate"), or a force recorded a final outcome for it (investigation_opened or
no_further_action). A wrong_force answer reopens it until the next force answers; a report
still with a force, or undelivered, stays open and is never deleted.

Dispatch keeps the record of closure (stats_reports), so it decides which reports are due:
it deletes its own packages, attempts, acknowledgements and notices (sealed content and
all), then announces `report.erased` so intake and triage delete theirs (content, receipts,
attachments and keys alike). The anonymous daily aggregates (stats_daily) are not touched,
so the statistics keep their figures. The audit log records that a deletion happened and
how many, never which reports.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.dispatch.database import tables
from services.dispatch.delivery.models import Notice
from services.dispatch.packages.models import Acknowledgement, DeliveryAttempt, Package
from services.dispatch.retention.schemas import RetentionRun
from services.dispatch.retention.settings import RetentionSettings
from services.dispatch.stats.models import StatsReport
from shared.events import ReportErased, utcnow

CASE_CLOSES = (
    "triage decided not to pass the report on, or a force recorded investigation_opened or "
    "no_further_action (wrong_force reopens it)"
)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def due_reports(
    *, session: AsyncSession, settings: RetentionSettings, now: datetime
) -> list[UUID]:
    """Closed cases whose retention time is up (the longest of their categories')."""
    shortest = min([settings.months, *settings.by_category.values()]) * 30.0
    candidates = (
        await session.execute(
            select(
                col(StatsReport.report_id),
                col(StatsReport.categories),
                col(StatsReport.closed_at),
            )
            .where(StatsReport.closed_at <= now - timedelta(days=shortest))  # type: ignore[operator, arg-type]
            .order_by(StatsReport.closed_at)  # type: ignore[arg-type]
            .limit(settings.batch)
        )
    ).all()
    due: list[UUID] = []
    for report_id, categories, closed_at in candidates:
        if closed_at is None:  # the query takes closed cases only
            continue
        keep = timedelta(days=settings.keep_for_days([c for c in categories.split(",") if c]))
        if _aware(closed_at) + keep <= now:
            due.append(report_id)
    return due


async def run_retention(
    *,
    session: AsyncSession,
    settings: RetentionSettings,
    dry_run: bool,
    actor: str = "retention schedule",
    role: str = "system",
    now: datetime | None = None,
) -> RetentionRun:
    now = now or utcnow()
    report_ids = await due_reports(session=session, settings=settings, now=now)
    package_ids = list(
        (
            await session.execute(
                select(col(Package.id)).where(col(Package.report_id).in_(report_ids))
            )
        ).scalars()
    )
    notices = (
        await session.execute(select(func.count()).where(col(Notice.report_id).in_(report_ids)))
    ).scalar_one()
    result = RetentionRun(
        dry_run=dry_run, reports=len(report_ids), packages=len(package_ids), notices=notices
    )
    if dry_run or not report_ids:
        return result
    await session.execute(
        delete(DeliveryAttempt).where(col(DeliveryAttempt.package_id).in_(package_ids))
    )
    await session.execute(
        delete(Acknowledgement).where(col(Acknowledgement.package_id).in_(package_ids))
    )
    await session.execute(delete(Notice).where(col(Notice.report_id).in_(report_ids)))
    await session.execute(delete(Package).where(col(Package.id).in_(package_ids)))
    await session.execute(delete(StatsReport).where(col(StatsReport.report_id).in_(report_ids)))
    await tables.outbox.add(session, ReportErased(report_ids=report_ids))
    await tables.audit.record(
        session,
        actor=actor[:200],
        role=role,
        action="retention.erase",
        target="reports",
        detail={"reports": result.reports, "packages": result.packages, "notices": notices},
    )
    return result
