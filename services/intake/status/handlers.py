"""Keeps the status a reporter sees current, from triage's and dispatch's events."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.intake.reports.models import STATUS_RANK, Report
from shared.events import IntelligenceAcknowledged, IntelligenceDelivered, ReportTriaged, utcnow
from shared.runtime import EventHandler

_OUTCOME_STATUS = {
    "received": "acknowledged",
    "investigation_opened": "investigation_opened",
    "no_further_action": "no_further_action",
}


async def _advance(
    session: AsyncSession, report_id: object, status: str, force: str | None = None
) -> None:
    current = (
        await session.execute(select(col(Report.status)).where(col(Report.id) == report_id))
    ).scalar_one_or_none()
    if current is None or STATUS_RANK[status] <= STATUS_RANK.get(current, 0):
        if current is not None and force:
            await session.execute(
                update(Report).where(Report.id == report_id).values(force=force)  # type: ignore[arg-type]
            )
        return
    values: dict[str, object] = {"status": status, "updated_at": utcnow()}
    if force:
        values["force"] = force
    await session.execute(update(Report).where(Report.id == report_id).values(**values))  # type: ignore[arg-type]


async def on_report_triaged(session: AsyncSession, event: ReportTriaged) -> None:
    status = "assessed"
    if event.disposition in ("not_police",):
        status = "closed"
    await _advance(
        session, event.report_id, status, event.force if event.force != "unknown" else None
    )


async def on_intelligence_delivered(session: AsyncSession, event: IntelligenceDelivered) -> None:
    await _advance(session, event.report_id, "passed_to_force", event.force)


async def on_intelligence_acknowledged(
    session: AsyncSession, event: IntelligenceAcknowledged
) -> None:
    if event.outcome == "wrong_force":
        # Re-routed: the new force's delivery will move it on; the reporter sees no step back.
        return
    await _advance(session, event.report_id, _OUTCOME_STATUS[event.outcome], event.force)


HANDLERS: dict[str, EventHandler] = {
    "report.triaged": on_report_triaged,
    "intelligence.delivered": on_intelligence_delivered,
    "intelligence.acknowledged": on_intelligence_acknowledged,
}
