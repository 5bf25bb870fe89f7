"""A reporter's answer to an insufficient report: assess the report again with it.

Triage asks the reporter of an insufficient report (no subject or force to act on) for
more, through the anonymous follow-up loop. Their answer arrives as `followup.to_force`,
like any message for a force; dispatch keeps it until the report has a package. Without
this step nothing ever gave it one, so the answer waited for ever. Triage now reads the
answer too: for a report it judged insufficient, it assesses the account again with the
answer added, and a report that now names a subject and a force flows on as any other
(dispatch then delivers the waiting message with the package).
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from services.triage.assessments.models import (
    Assessment,
    DuplicateCandidate,
    StoredFingerprint,
    SubjectLink,
)
from services.triage.assessments.service import TriagePolicy, assess_report
from services.triage.assessments.store import Indexer, OpenedFingerprints
from services.triage.engine import TriageEngine
from shared.crypto import Sealer
from shared.events import FollowupToForce, ReportContent, ReportSubmitted, seal_model

ANSWER_HEADING = "Added by the reporter when asked for more:"


async def _forget_assessment(session: AsyncSession, report_id: UUID) -> None:
    """The earlier decision and what it indexed (fingerprint, bands, subject keys), so the
    new assessment neither matches the report against itself nor links it twice. Review
    decisions stay: they are the record of what analysts corrected."""
    for model in (DuplicateCandidate, StoredFingerprint, SubjectLink, Assessment):
        await session.execute(delete(model).where(model.report_id == report_id))  # type: ignore[arg-type]


async def reassess_with_answer(
    *,
    session: AsyncSession,
    event: FollowupToForce,
    engine: TriageEngine,
    bus_sealer: Sealer,
    data_sealer: Sealer,
    index: Indexer,
    policy: TriagePolicy,
    opened: OpenedFingerprints | None = None,
) -> Assessment | None:
    """The new assessment, or None when the message is not for triage (the report was
    passed on, is with an analyst, or is not known here)."""
    earlier = await session.get(Assessment, event.report_id)
    if earlier is None or earlier.disposition != "insufficient" or earlier.state != "published":
        return None
    original = ReportContent.model_validate_json(data_sealer.open(earlier.sealed_original))
    answer = bus_sealer.open_text(event.sealed_text).strip()
    if not answer:
        return None
    content = original.model_copy(
        update={"what_happened": f"{original.what_happened}\n\n{ANSWER_HEADING} {answer}"}
    )
    resubmitted = ReportSubmitted(
        correlation_id=earlier.correlation_id or event.correlation_id,
        report_id=earlier.report_id,
        reference=earlier.reference,
        channel=earlier.channel,  # type: ignore[arg-type]
        received_at=earlier.received_at,
        sealed_content=seal_model(bus_sealer, content),
    )
    session.expunge(earlier)  # replaced below by a row with the same key
    await _forget_assessment(session, earlier.report_id)
    return await assess_report(
        session=session,
        event=resubmitted,
        engine=engine,
        bus_sealer=bus_sealer,
        data_sealer=data_sealer,
        index=index,
        policy=policy,
        opened=opened,
    )
