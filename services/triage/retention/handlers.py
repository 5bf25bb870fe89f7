"""report.erased: triage deletes what it holds of those reports (dispatch decided they are
due; see services.dispatch.retention): the assessment with its sealed original and
package, the duplicate bands, fingerprints and subject links (so an erased report is no
longer matched as a duplicate or linked), and review decisions. The audit log records the
deletion by count only."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from services.triage.assessments.models import (
    Assessment,
    DuplicateCandidate,
    StoredFingerprint,
    SubjectLink,
)
from services.triage.database import tables
from services.triage.review.models import ReviewDecision
from shared.events import ReportErased


async def on_report_erased(session: AsyncSession, event: ReportErased) -> None:
    ids = event.report_ids
    for model in (DuplicateCandidate, StoredFingerprint, SubjectLink, ReviewDecision):
        await session.execute(delete(model).where(model.report_id.in_(ids)))  # type: ignore[attr-defined]
    assessments = await session.execute(delete(Assessment).where(Assessment.report_id.in_(ids)))  # type: ignore[attr-defined]
    await tables.audit.record(
        session,
        actor="retention",
        role="system",
        action="retention.erase",
        target="reports",
        detail={"reports": assessments.rowcount},  # type: ignore[attr-defined]
    )


RETENTION_HANDLERS = {"report.erased": on_report_erased}
