"""report.erased: intake deletes what it holds of those reports (dispatch decided they are
due; see services.dispatch.retention). The report row goes with its sealed content and its
receipt's hashes, so the receipt opens nothing any more; evidence and follow-up messages
go too. The audit log records the deletion by count only."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.attachments.models import Attachment
from services.intake.database import tables
from services.intake.followup.models import FollowupMessage
from services.intake.reports.models import Report
from shared.events import ReportErased


async def on_report_erased(session: AsyncSession, event: ReportErased) -> None:
    ids = event.report_ids
    attachments = await session.execute(delete(Attachment).where(Attachment.report_id.in_(ids)))  # type: ignore[attr-defined]
    messages = await session.execute(
        delete(FollowupMessage).where(FollowupMessage.report_id.in_(ids))  # type: ignore[attr-defined]
    )
    reports = await session.execute(delete(Report).where(Report.id.in_(ids)))  # type: ignore[attr-defined]
    await tables.audit.record(
        session,
        actor="retention",
        role="system",
        action="retention.erase",
        target="reports",
        detail={
            "reports": reports.rowcount,  # type: ignore[attr-defined]
            "attachments": attachments.rowcount,  # type: ignore[attr-defined]
            "messages": messages.rowcount,  # type: ignore[attr-defined]
        },
    )


RETENTION_HANDLERS = {"report.erased": on_report_erased}
