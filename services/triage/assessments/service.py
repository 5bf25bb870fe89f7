"""Assessing a submitted report: tag, sanitise, link, and pass it on (or hold it for review)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.triage.assessments.models import Assessment, SubjectLink
from services.triage.assessments.store import DatabaseReportStore, Indexer, OpenedFingerprints
from services.triage.database import tables
from services.triage.engine import Analysis, TriageEngine, TriageInput, TriageResult
from shared.crypto import Sealer
from shared.events import (
    CategoryTag,
    Event,
    FollowupToReporter,
    PackageContent,
    ReportContent,
    ReportSubmitted,
    ReportTriaged,
    Subject,
    open_model,
    seal_model,
    utcnow,
)

PRIORITY_STEPS = ["standard", "high", "urgent"]


@dataclass(frozen=True)
class TriagePolicy:
    review_threshold: float
    repeat_subject_threshold: int


def _input_of(content: ReportContent) -> TriageInput:
    return TriageInput(
        text=content.what_happened,
        location=content.location,
        force_hint=content.force_hint,
        subject_name=content.subject.name,
        subject_role=content.subject.role,
        subject_number=content.subject.number,
        subject_station=content.subject.station,
        categories_hint=list(content.categories_hint),
        personal_sentences=list(content.personal_sentences),
    )


# In a batch's session info: its new reports, opened and analysed up front (analyse_batch).
_ANALYSED = "triage.analysed"


def _analyse_all(engine: TriageEngine, inputs: list[tuple[str, TriageInput]]) -> list[Analysis]:
    return [engine.analyse(inp, report_id=report_id) for report_id, inp in inputs]


async def analyse_batch(
    session: AsyncSession, events: Sequence[Event], *, engine: TriageEngine, bus_sealer: Sealer
) -> None:
    """Before a consumer's batch: its new reports opened and analysed in one trip to a
    worker thread, not one each. A trip per report cost triage about a twentieth of its CPU
    in the pipeline (the hand-over to the thread and the wake-up back, session 9). The
    analysis is CPU work, off the event loop either way."""
    reports = [
        (event, open_model(bus_sealer, ReportContent, event.sealed_content))
        for event in events
        if isinstance(event, ReportSubmitted)
    ]
    inputs = [(str(event.report_id), _input_of(content)) for event, content in reports]
    analyses = await asyncio.to_thread(_analyse_all, engine, inputs)
    session.info[_ANALYSED] = {
        event.event_id: (content, analysis)
        for (event, content), analysis in zip(reports, analyses, strict=True)
    }


SUBJECT_LINKS = SubjectLink.__table__  # type: ignore[attr-defined]
# Core (see store.persist), built once per process rather than per report.
_EARLIER_ABOUT = (
    select(SUBJECT_LINKS.c.report_id)
    .where(SUBJECT_LINKS.c.subject_key.in_(bindparam("keys", expanding=True)))
    .where(SUBJECT_LINKS.c.report_id != bindparam("report_id"))
    .distinct()
)
_ADD_LINKS = insert(SUBJECT_LINKS)


async def _link_subject(
    session: AsyncSession, report_id: UUID, keys: list[str], index: Indexer
) -> list[UUID]:
    """Record this report's subject keys; return the earlier reports about the same person."""
    keys = sorted({index(k) for k in keys})
    if not keys:
        return []
    earlier = (
        (await session.execute(_EARLIER_ABOUT, {"keys": keys, "report_id": report_id}))
        .scalars()
        .all()
    )
    await session.execute(_ADD_LINKS, [{"subject_key": k, "report_id": report_id} for k in keys])
    return sorted(set(earlier), key=str)


def _raise_priority(priority: str) -> str:
    index = PRIORITY_STEPS.index(priority) if priority in PRIORITY_STEPS else 0
    return PRIORITY_STEPS[min(index + 1, len(PRIORITY_STEPS) - 1)]


def _subject_of(result: TriageResult, content: ReportContent) -> Subject:
    found = result.subject or {}
    role = found.get("role") or content.subject.role
    return Subject(
        name=(found.get("name") or content.subject.name)[:200],
        role=role if role in Subject.model_fields["role"].annotation.__args__ else "unknown",  # type: ignore[union-attr]
        number=(found.get("number") or content.subject.number)[:50],
        station=(found.get("station") or content.subject.station)[:200],
    )


async def assess_report(
    *,
    session: AsyncSession,
    event: ReportSubmitted,
    engine: TriageEngine,
    bus_sealer: Sealer,
    data_sealer: Sealer,
    index: Indexer,
    policy: TriagePolicy,
    opened: OpenedFingerprints | None = None,
) -> Assessment:
    store = DatabaseReportStore(session, index=index, sealer=data_sealer, opened=opened)
    analysed = session.info.get(_ANALYSED, {}).pop(event.event_id, None)
    if analysed is not None:
        content, analysis = analysed
    else:
        content = open_model(bus_sealer, ReportContent, event.sealed_content)
        # CPU-bound: off the event loop, so one report's regexes never stall the others.
        # The look-up then runs here, on the loop, and the little work left after it too:
        # one trip to the worker thread and back, where a look-up from inside it took two.
        analysis = await asyncio.to_thread(
            engine.analyse, _input_of(content), report_id=str(event.report_id)
        )
    await store.prefetch(analysis.lookup_keys)
    result: TriageResult = engine.conclude(analysis, store=store)
    await store.persist()

    flags: list[str] = []
    priority = result.priority
    linked = await _link_subject(session, event.report_id, result.subject_keys, index)
    if len(linked) + 1 >= policy.repeat_subject_threshold:
        priority = _raise_priority(priority)
        flags.append(
            f"repeat_subject: {len(linked) + 1} reports about the same person "
            f"(threshold {policy.repeat_subject_threshold}); priority raised to {priority}"
        )

    package = PackageContent(
        summary=result.summary,
        details=result.sanitised_text,
        subject=_subject_of(result, content),
        location=content.location,
        when=content.when,
        attachments=list(content.attachments),
        reporter_contact=(
            content.contact.details
            if content.contact and content.contact.share_with_force and content.contact.details
            else None
        ),
    )
    decision = result.to_dict()
    decision.pop("sanitised_text", None)
    decision.pop("summary", None)
    decision.pop("subject", None)
    decision["flags"] = flags
    decision["linked_report_ids"] = [str(r) for r in linked]
    decision["final_priority"] = priority

    in_review = result.confidence < policy.review_threshold
    assessment = Assessment(
        report_id=event.report_id,
        reference=event.reference,
        correlation_id=event.correlation_id[:64],
        channel=event.channel,
        received_at=event.received_at,
        sealed_original=data_sealer.seal(content.model_dump_json()),
        sealed_package=data_sealer.seal(package.model_dump_json()),
        # Evidence quotes the account: sealed like the rest of it.
        result=data_sealer.seal(json.dumps(decision)),
        force=result.force,
        priority=priority,
        disposition=result.disposition,
        confidence=result.confidence,
        state="in_review" if in_review else "published",
        duplicate_of=UUID(result.duplicate_of) if result.duplicate_of else None,
        created_at=utcnow(),
    )
    session.add(assessment)
    if not in_review:
        categories = [
            CategoryTag(code=c.code, evidence=list(c.evidence), confidence=c.confidence)
            for c in result.categories
        ]
        triaged = triaged_event(
            assessment,
            categories=categories,
            force_evidence=result.force_evidence or {},
            package=package,
            linked=linked,
            flags=flags,
            bus_sealer=bus_sealer,
        )
        await after_publish(session, assessment, bus_sealer, [triaged])
    return assessment


def triaged_event(
    assessment: Assessment,
    *,
    categories: list[CategoryTag],
    force_evidence: dict[str, Any],
    package: PackageContent,
    linked: list[UUID],
    flags: list[str],
    bus_sealer: Sealer,
    reviewed: bool = False,
) -> ReportTriaged:
    return ReportTriaged(
        correlation_id=assessment.correlation_id,
        report_id=assessment.report_id,
        reference=assessment.reference,
        channel=assessment.channel,  # type: ignore[arg-type]
        received_at=assessment.received_at,
        categories=categories,
        force=assessment.force,
        force_evidence={k: str(v) for k, v in force_evidence.items()},
        priority=assessment.priority,  # type: ignore[arg-type]
        disposition=assessment.disposition,  # type: ignore[arg-type]
        confidence=assessment.confidence,
        duplicate_of=assessment.duplicate_of,
        linked_report_ids=linked,
        flags=flags,
        reviewed_by_analyst=reviewed,
        sealed_package=seal_model(bus_sealer, package),
    )


MORE_INFORMATION = (
    "Thank you for your report. We cannot pass it on yet because we cannot tell who it is "
    "about or which police force they work for. If you can, please tell us the force or the "
    "town, and the person's name, role, shoulder number or station."
)


async def after_publish(
    session: AsyncSession, assessment: Assessment, bus_sealer: Sealer, events: list[Event]
) -> None:
    """Events that go with a published decision: an insufficient report asks the reporter,
    through the anonymous follow-up loop, for what is missing."""
    if assessment.disposition == "insufficient":
        events.append(
            FollowupToReporter(
                correlation_id=assessment.correlation_id,
                report_id=assessment.report_id,
                force="",
                sealed_text=bus_sealer.seal(MORE_INFORMATION),
            )
        )
    await tables.outbox.add(session, *events)
