"""Accepting a report: sealed, stored and queued for triage in one transaction."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from uuid import uuid4

from services.intake.database import tables
from services.intake.reports.models import Report
from services.intake.reports.receipts import (
    ReceiptHasher,
    new_receipt,
    new_reference,
    normalise_receipt,
)
from services.intake.reports.schemas import ReportAccepted, ReportCreate
from shared.crypto import Sealer
from shared.events import ReportContent, ReportSubmitted, seal_model, utcnow
from shared.group_commit import GroupCommitter
from shared.logging import correlation_id

REPORTS = Report.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Receipt:
    shown: str
    lookup: str
    hashed: str


async def make_receipt(hasher: ReceiptHasher) -> Receipt:
    shown = new_receipt()
    normalised = normalise_receipt(shown)
    assert normalised is not None
    hashed = await asyncio.to_thread(hasher.hash, normalised)
    return Receipt(shown=shown, lookup=hasher.lookup_key(normalised), hashed=hashed)


async def create_report(
    *,
    committer: GroupCommitter,
    report_in: ReportCreate,
    receipt: Receipt | None,
    data_sealer: Sealer,
    bus_sealer: Sealer,
) -> ReportAccepted:
    """Store the report (content sealed) and its report.submitted event in one transaction
    (shared with other requests' rows by group commit); returns only after it committed,
    so a report answered 202 can no longer be lost."""
    content = ReportContent(
        what_happened=report_in.what_happened,
        subject=report_in.subject,
        force_hint=report_in.force_hint,
        location=report_in.location,
        when=report_in.when,
        categories_hint=list(report_in.categories_hint),
    )
    report_id = uuid4()
    reference = new_reference()
    now = utcnow()
    report_row = {
        "id": report_id,
        "reference": reference,
        "channel": report_in.channel,
        "sealed_content": seal_model(data_sealer, content),
        "receipt_lookup": receipt.lookup if receipt else None,
        "receipt_hash": receipt.hashed if receipt else None,
        "status": "received",
        "force": None,
        "received_at": now,
        "updated_at": now,
    }
    event = ReportSubmitted(
        correlation_id=correlation_id.get() or reference,
        report_id=report_id,
        reference=reference,
        channel=report_in.channel,
        received_at=now,
        sealed_content=seal_model(bus_sealer, content),
    )
    await committer.insert([(REPORTS, report_row), (tables.outbox.table, tables.outbox.row(event))])
    return ReportAccepted(reference=reference, receipt=receipt.shown if receipt else None)
