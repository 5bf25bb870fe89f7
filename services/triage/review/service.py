"""Analyst review: low-confidence results wait here; the analyst's decision flows on."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.triage.assessments.models import Assessment
from services.triage.assessments.service import after_publish, triaged_event
from services.triage.database import tables
from services.triage.engine.sanitise import Redaction, apply_redactions, summarise
from services.triage.review.models import ReviewDecision
from services.triage.review.schemas import (
    RedactionView,
    ReviewDecisionIn,
    ReviewItem,
    ReviewOutcome,
)
from shared.auth import Staff
from shared.crypto import Sealer
from shared.errors import Conflict, NotFound, Unprocessable
from shared.events import CategoryTag, PackageContent, ReportContent, utcnow

ANALYST_EVIDENCE = "analyst decision"


def _redactions(decision: dict[str, Any]) -> list[Redaction]:
    return [
        Redaction(r["kind"], int(r["start"]), int(r["end"])) for r in decision.get("redactions", [])
    ]


def _categories(decision: dict[str, Any]) -> list[CategoryTag]:
    return [
        CategoryTag(
            code=c["code"],
            evidence=list(c.get("evidence", [])),
            confidence=float(c.get("confidence", 1.0)),
        )
        for c in decision.get("categories", [])
    ]


def _item(assessment: Assessment, data_sealer: Sealer) -> ReviewItem:
    decision = json.loads(data_sealer.open(assessment.result))
    original = ReportContent.model_validate_json(data_sealer.open(assessment.sealed_original))
    redactions = _redactions(decision)
    return ReviewItem(
        report_id=assessment.report_id,
        reference=assessment.reference,
        channel=assessment.channel,
        received_at=assessment.received_at,
        confidence=assessment.confidence,
        categories=_categories(decision),
        force=assessment.force,
        force_evidence=decision.get("force_evidence") or {},
        priority=assessment.priority,
        disposition=assessment.disposition,
        duplicate_of=assessment.duplicate_of,
        original_text=original.what_happened,
        redactions=[RedactionView(index=i, **r.as_dict()) for i, r in enumerate(redactions)],
        sanitised_text=apply_redactions(original.what_happened, redactions),
    )


async def pending_reviews(
    *, session: AsyncSession, data_sealer: Sealer, limit: int
) -> list[ReviewItem]:
    rows = (
        await session.execute(
            select(Assessment)
            .where(Assessment.state == "in_review")  # type: ignore[arg-type]
            .order_by(Assessment.created_at)  # type: ignore[arg-type]
            .limit(limit)
        )
    ).scalars()
    return [_item(a, data_sealer) for a in rows]


def _final_redactions(
    proposed: list[Redaction], decision_in: ReviewDecisionIn, text_length: int
) -> list[Redaction]:
    for index in decision_in.undo_redactions:
        if not 0 <= index < len(proposed):
            raise Unprocessable(f"There is no proposed redaction {index}.")
    kept = [r for i, r in enumerate(proposed) if i not in set(decision_in.undo_redactions)]
    for new in decision_in.add_redactions:
        if new.end > text_length or new.start >= new.end:
            raise Unprocessable("A redaction must lie within the account and not be empty.")
    spans = kept + [Redaction(n.kind, n.start, n.end) for n in decision_in.add_redactions]
    spans.sort(key=lambda r: (r.start, -r.end))
    merged: list[Redaction] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Redaction(last.kind, last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return merged


async def decide(
    *,
    session: AsyncSession,
    report_id: UUID,
    decision_in: ReviewDecisionIn,
    analyst: Staff,
    data_sealer: Sealer,
    bus_sealer: Sealer,
) -> ReviewOutcome:
    assessment = await session.get(Assessment, report_id)
    if assessment is None:
        raise NotFound("No such report in triage.")
    if assessment.state != "in_review":
        raise Conflict("This report is not waiting for review (already decided).")
    decision = json.loads(data_sealer.open(assessment.result))
    original = ReportContent.model_validate_json(data_sealer.open(assessment.sealed_original))
    package = PackageContent.model_validate_json(data_sealer.open(assessment.sealed_package))
    proposed_redactions = _redactions(decision)
    final = _final_redactions(proposed_redactions, decision_in, len(original.what_happened))

    proposed = {
        "categories": [c.code for c in _categories(decision)],
        "force": assessment.force,
        "priority": assessment.priority,
        "disposition": assessment.disposition,
    }
    by_code = {c.code: c for c in _categories(decision)}
    codes = decision_in.categories if decision_in.categories is not None else list(by_code)
    categories = [
        by_code.get(code) or CategoryTag(code=code, evidence=[ANALYST_EVIDENCE]) for code in codes
    ]
    assessment.force = decision_in.force or assessment.force
    assessment.priority = decision_in.priority or assessment.priority
    assessment.disposition = decision_in.disposition or assessment.disposition
    assessment.state = "published"
    assessment.reviewed_at = utcnow()
    force_evidence = dict(decision.get("force_evidence") or {})
    if decision_in.force and decision_in.force != proposed["force"]:
        force_evidence = {
            "source": "analyst",
            "matched": decision_in.force,
            "detail": f"set by an analyst (triage proposed {proposed['force']})",
        }

    details = apply_redactions(original.what_happened, final)
    package = package.model_copy(update={"details": details, "summary": summarise(details)})
    decision.update(
        {
            "categories": [c.model_dump() for c in categories],
            "force_evidence": force_evidence,
            "redactions": [r.as_dict() for r in final],
        }
    )
    assessment.result = data_sealer.seal(json.dumps(decision))
    assessment.sealed_package = data_sealer.seal(package.model_dump_json())
    session.add(assessment)

    undone = [proposed_redactions[i].as_dict() for i in sorted(set(decision_in.undo_redactions))]
    session.add(
        ReviewDecision(
            id=uuid4(),
            report_id=report_id,
            analyst=analyst.name,
            analyst_token_id=analyst.token_id,
            proposed=json.dumps(proposed),
            decided=json.dumps(
                {
                    "categories": codes,
                    "force": assessment.force,
                    "priority": assessment.priority,
                    "disposition": assessment.disposition,
                }
            ),
            redactions_undone=json.dumps(undone),
            redactions_added=json.dumps([n.model_dump() for n in decision_in.add_redactions]),
            note=decision_in.note,
            decided_at=utcnow(),
        )
    )
    # Audit: the analyst's decision (ids and codes only; no report content).
    await tables.audit.record(
        session,
        actor=analyst.name[:200],
        role=analyst.role,
        action="review.decide",
        target=str(report_id),
        detail={"force": assessment.force, "disposition": assessment.disposition},
    )
    linked = [UUID(r) for r in decision.get("linked_report_ids", [])]
    triaged = triaged_event(
        assessment,
        categories=categories,
        force_evidence=force_evidence,
        package=package,
        linked=linked,
        flags=decision.get("flags", []),
        bus_sealer=bus_sealer,
        reviewed=True,
    )
    await after_publish(session, assessment, bus_sealer, [triaged])
    return ReviewOutcome(
        report_id=report_id,
        state=assessment.state,
        categories=codes,
        force=assessment.force,
        priority=assessment.priority,
        disposition=assessment.disposition,
        sanitised_text=details,
    )
