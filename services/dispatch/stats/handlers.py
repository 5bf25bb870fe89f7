"""The dispatch.stats consumer: every contact and every assessment, counted from events."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.stats.service import (
    count_submitted,
    count_triaged,
    finish_batch,
    prepare_batch,
)
from shared.events import ReportSubmitted, ReportTriaged
from shared.runtime import BatchHooks, EventHandler


async def on_report_submitted(session: AsyncSession, event: ReportSubmitted) -> None:
    await count_submitted(session, event)


async def on_report_triaged(session: AsyncSession, event: ReportTriaged) -> None:
    await count_triaged(session, event)


STATS_HANDLERS: dict[str, EventHandler] = {
    "report.submitted": on_report_submitted,
    "report.triaged": on_report_triaged,
}

# A batch's rows read in one query and its counts written in one upsert.
STATS_BATCH = BatchHooks(prepare=prepare_batch, finish=finish_batch)
