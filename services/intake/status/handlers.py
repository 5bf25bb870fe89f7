"""Keeps the status a reporter sees current, from triage's and dispatch's events."""

from __future__ import annotations

from sqlalchemy import update
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

# For each status, those a report must not already have for an event to move it there.
_NOT_BEHIND = {
    status: [name for name, rank in STATUS_RANK.items() if rank >= STATUS_RANK[status]]
    for status in STATUS_RANK
}


async def _advance(
    session: AsyncSession, report_id: object, status: str, force: str | None = None
) -> None:
    """Move the report on to status, never back: one UPDATE that only takes a report whose
    status ranks below it. A read and then a write let two consumers (replicas) both read
    the old status, and the later commit moved the report back (PostgreSQL re-checks an
    UPDATE's condition on the row after the other transaction's commit, not a read's)."""
    values: dict[str, object] = {"status": status, "updated_at": utcnow()}
    if force:
        values["force"] = force
    moved = await session.execute(
        update(Report)
        .where(col(Report.id) == report_id, col(Report.status).not_in(_NOT_BEHIND[status]))
        .values(**values)
    )
    if moved.rowcount == 0 and force:  # type: ignore[attr-defined]
        # Already that far (a late or repeated event): the force it names still holds.
        await session.execute(update(Report).where(col(Report.id) == report_id).values(force=force))


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
