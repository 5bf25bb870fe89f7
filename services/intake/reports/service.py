"""Accepting a report: sealed, stored and queued for triage in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from sqlalchemy import Table, insert
from sqlalchemy.exc import IntegrityError

from services.intake.attachments import service as attachments
from services.intake.attachments.service import SealedFile
from services.intake.database import tables
from services.intake.idempotency import service as idempotent
from services.intake.idempotency.service import IdempotencyKey
from services.intake.reports.models import REPORTS
from services.intake.reports.receipts import (
    ReceiptHasher,
    new_receipt,
    new_reference,
    normalise_receipt,
)
from services.intake.reports.schemas import ReportAccepted, ReportCreate
from shared.audit import AuditLog
from shared.crypto import Sealer
from shared.db import Database
from shared.events import (
    ReportContent,
    ReporterContact,
    ReportSubmitted,
    utcnow,
)
from shared.group_commit import GroupCommitter
from shared.logging import correlation_id

if TYPE_CHECKING:
    from services.intake.deps import IntakeContext


@dataclass(frozen=True)
class TakenBy:
    """The member of staff who entered a report for a caller (the call-handler console):
    audited in the report's own transaction, so neither is ever stored without the other."""

    name: str
    role: str


@dataclass(frozen=True)
class Receipt:
    shown: str
    lookup: str
    hashed: str


async def make_receipt(hasher: ReceiptHasher) -> Receipt:
    shown = new_receipt()
    normalised = normalise_receipt(shown)
    assert normalised is not None
    hashed = await hasher.hash_off_loop(normalised)
    return Receipt(shown=shown, lookup=hasher.lookup_key(normalised), hashed=hashed)


async def create_report(
    *,
    committer: GroupCommitter,
    report_in: ReportCreate,
    receipt: Receipt | None,
    data_sealer: Sealer,
    bus_sealer: Sealer,
    files: Sequence[SealedFile] = (),
    idempotency: tuple[IdempotencyKey, str] | None = None,
    taken_by: TakenBy | None = None,
    db: Database | None = None,
    audit: AuditLog | None = None,
) -> ReportAccepted:
    """Store the report (content sealed), its evidence, its remembered answer and its
    report.submitted event in one transaction (shared with other requests' rows by group
    commit); returns only after it committed, so a report answered 202 can no longer be
    lost. A report taken by staff goes in a transaction of its own with the audit entry
    (the chain's next hash is read in that transaction, which group commit cannot do)."""
    report_id = uuid4()
    reference = new_reference()
    now = utcnow()
    refs, attachment_rows = attachments.attachment_rows(list(files), report_id=report_id, now=now)
    contact = (
        ReporterContact(
            details=report_in.contact.details,
            share_with_force=report_in.contact.share_with_force,
        )
        if report_in.contact
        else None
    )
    content = ReportContent(
        what_happened=report_in.what_happened,
        subject=report_in.subject,
        force_hint=report_in.force_hint,
        location=report_in.location,
        when=report_in.when,
        categories_hint=list(report_in.categories_hint),
        attachments=refs,
        contact=contact,
    )
    # Written once, sealed twice: with intake's data key for the row, with the bus key for
    # the event.
    plain = content.model_dump_json()
    report_row = {
        "id": report_id,
        "reference": reference,
        "channel": report_in.channel,
        "sealed_content": data_sealer.seal(plain),
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
        sealed_content=bus_sealer.seal(plain),
    )
    answer = ReportAccepted(reference=reference, receipt=receipt.shown if receipt else None)
    rows: list[tuple[Table, dict[str, Any]]] = [(REPORTS, report_row)]
    rows += [(attachments.ATTACHMENTS, row) for row in attachment_rows]
    if idempotency is not None:
        key, body = idempotency
        rows.append(
            (
                idempotent.IDEMPOTENCY,
                idempotent.answer_row(key=key, body=body, answer=answer, now=now),
            )
        )
    rows.append((tables.outbox.table, tables.outbox.row(event)))
    if taken_by is None:
        await committer.insert(rows)
        return answer
    assert db is not None and audit is not None
    async with db.transaction() as session:
        for table, row in rows:
            await session.execute(insert(table), [row])
        # Which member of staff took which report; nothing about the caller.
        await audit.record(
            session,
            actor=taken_by.name,
            role=taken_by.role,
            action="report.phone_submit",
            target=reference,
        )
        # Not handed over by group commit: the relay's poll, woken by the commit, finds it.
        tables.outbox.mark(session)
    return answer


async def accept_report(
    *,
    context: IntakeContext,
    report_in: ReportCreate,
    files: Sequence[SealedFile] = (),
    idempotency_key: str | None = None,
    taken_by: TakenBy | None = None,
) -> ReportAccepted:
    """What every channel (API, web form, call-handler console) does with a valid report:
    the first answer again for a repeated Idempotency-Key, else a new report."""
    attachments.check_count(len(files), max_files=context.settings.max_attachments)
    idempotency: tuple[IdempotencyKey, str] | None = None
    if idempotency_key is not None:
        key = IdempotencyKey(
            idempotency_key, pepper=context.settings.receipt_pepper.get_secret_value().encode()
        )
        canonical = report_in.model_dump_json().encode() + b"".join(f.digest for f in files)
        idempotency = (key, idempotent.body_hash(canonical))
        found = await idempotent.first_answer(
            db=context.runtime.db,
            key=key,
            body=idempotency[1],
            now=utcnow(),
            window_hours=context.settings.idempotency_hours,
        )
        if found is not None:
            return found
    receipt = await make_receipt(context.receipts) if report_in.follow_up else None
    try:
        return await create_report(
            committer=context.committer,
            report_in=report_in,
            receipt=receipt,
            data_sealer=context.data_sealer,
            bus_sealer=context.runtime.sealer,
            files=files,
            idempotency=idempotency,
            taken_by=taken_by,
            db=context.runtime.db,
            audit=context.runtime.tables.audit,
        )
    except IntegrityError:
        if idempotency is None:
            raise
        # The same key raced in from another request and won: answer as it did.
        found = await idempotent.first_answer(
            db=context.runtime.db,
            key=idempotency[0],
            body=idempotency[1],
            now=utcnow(),
            window_hours=context.settings.idempotency_hours,
        )
        if found is None:
            raise
        return found
