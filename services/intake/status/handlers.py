"""Keeps the status a reporter sees current, from triage's and dispatch's events."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Update, bindparam, case, func, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.reports.models import REPORTS, STATUS_RANK
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


def _advance_statement(status: str) -> Update:
    """UPDATE reports: to status when the report is behind it, never back; the force named
    is taken either way (a late or repeated event's force still holds). One statement, so
    PostgreSQL re-checks the whole of it on the row as another transaction left it: a read
    then a write let two consumers (replicas) both read the old status, and the later commit
    moved the report back."""
    behind = REPORTS.c.status.not_in(_NOT_BEHIND[status])
    return (
        update(REPORTS)
        .where(REPORTS.c.id == bindparam("report_id"))
        .values(
            status=case((behind, status), else_=REPORTS.c.status),
            updated_at=case(
                (behind, bindparam("now", type_=REPORTS.c.updated_at.type)),
                else_=REPORTS.c.updated_at,
            ),
            force=func.coalesce(
                bindparam("new_force", type_=REPORTS.c.force.type), REPORTS.c.force
            ),
        )
    )


# Built once per status: a statement built per event cost SQLAlchemy's ORM bulk-update
# path and a fresh cache key each time, most of intake's CPU for an event.
_ADVANCE = {status: _advance_statement(status) for status in STATUS_RANK}


async def _advance(
    session: AsyncSession, report_id: UUID, status: str, force: str | None = None
) -> None:
    """Move the report on to status, never back, and record the force it names, if any."""
    await session.execute(
        _ADVANCE[status], {"report_id": report_id, "now": utcnow(), "new_force": force or None}
    )


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
