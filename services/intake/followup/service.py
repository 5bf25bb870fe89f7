"""The follow-up loop: the reporter, with only the receipt, sees where the report stands and
what the force asked, and can answer; answers travel to the force as events."""

from __future__ import annotations

import asyncio
import time
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.intake.database import tables
from services.intake.followup.models import FollowupMessage
from services.intake.followup.schemas import (
    FollowupPublic,
    MessageAccepted,
    MessageCreate,
    MessagePublic,
)
from services.intake.ratelimit import ReceiptGuessLimiter
from services.intake.reports.models import Report
from services.intake.reports.receipts import ReceiptHasher, normalise_receipt
from shared import reference
from shared.crypto import Sealer
from shared.db import Database
from shared.errors import Unauthorized
from shared.events import FollowupToForce, FollowupToReporter, utcnow
from shared.logging import correlation_id

# Never a valid receipt (O is not in the alphabet after normalising): stands in for
# malformed input so the same slow work is done for it.
_NOT_A_RECEIPT = "0" * 20


def receipt_from_header(authorization: str | None) -> str:
    """The receipt from `Authorization: Receipt <receipt>`, or "" if absent."""
    scheme, _, value = (authorization or "").partition(" ")
    return value.strip() if scheme.lower() == "receipt" else ""


async def report_for_receipt(
    *,
    db: Database,
    hasher: ReceiptHasher,
    limiter: ReceiptGuessLimiter,
    raw: str,
    floor_seconds: float,
) -> Report:
    """The report this receipt opens; 401 otherwise, after the same delay either way
    (argon2id is always run, then padded to a constant floor). Wrong guesses count against
    the receipt's look-up prefix and the whole service (429 once over budget).

    No receipt at all is not a guess: 401 at once. A malformed one can never be right and
    is refused without counting, so junk cannot spend the budget every reporter shares."""
    if not raw:
        raise Unauthorized(
            "A receipt is required: Authorization: Receipt <your receipt>.",
            headers={"WWW-Authenticate": "Receipt"},
        )
    started = time.monotonic()
    normalised = normalise_receipt(raw)
    lookup = hasher.lookup_key(normalised or _NOT_A_RECEIPT)
    if normalised is not None:
        limiter.check(lookup)
    report: Report | None = None
    if normalised is not None:
        async with db.reader() as session:
            report = (
                await session.execute(select(Report).where(Report.receipt_lookup == lookup))  # type: ignore[arg-type]
            ).scalar_one_or_none()
    stored = report.receipt_hash if report is not None else None
    ok = await asyncio.to_thread(hasher.verify, stored, normalised or _NOT_A_RECEIPT)
    remaining = floor_seconds - (time.monotonic() - started)
    if remaining > 0:
        await asyncio.sleep(remaining)
    if not ok or report is None:
        if normalised is not None:
            limiter.failed(lookup)
        raise Unauthorized(
            "That receipt is not recognised. Check it and try again.",
            headers={"WWW-Authenticate": "Receipt"},
        )
    return report


async def followup_view(
    *, session: AsyncSession, report: Report, data_sealer: Sealer
) -> FollowupPublic:
    rows = (
        await session.execute(
            select(FollowupMessage)
            .where(FollowupMessage.report_id == report.id)  # type: ignore[arg-type]
            .order_by(FollowupMessage.created_at)  # type: ignore[arg-type]
        )
    ).scalars()
    messages = [
        MessagePublic(
            sender="you" if m.direction == "to_force" else ("force" if m.sender else "pacars"),
            text=data_sealer.open_text(m.sealed_text),
            sent_at=m.created_at,
        )
        for m in rows
    ]
    force = reference.force_by_code(report.force) if report.force else None
    return FollowupPublic(
        reference=report.reference,
        status=report.status,
        force=report.force,
        force_name=force.name if force else None,
        updated_at=report.updated_at,
        messages=messages,
    )


async def send_message(
    *,
    session: AsyncSession,
    report: Report,
    message_in: MessageCreate,
    data_sealer: Sealer,
    bus_sealer: Sealer,
) -> MessageAccepted:
    """Keep the reporter's message (sealed) and announce it for the force, in one
    transaction."""
    now = utcnow()
    message_id = uuid4()
    session.add(
        FollowupMessage(
            id=message_id,
            report_id=report.id,
            direction="to_force",
            sender="",
            sealed_text=data_sealer.seal(message_in.text),
            created_at=now,
        )
    )
    await tables.outbox.add(
        session,
        FollowupToForce(
            correlation_id=correlation_id.get() or report.reference,
            report_id=report.id,
            sealed_text=bus_sealer.seal(message_in.text),
        ),
    )
    return MessageAccepted(message_id=message_id, sent_at=now)


async def record_message_to_reporter(
    *, session: AsyncSession, event: FollowupToReporter, bus_sealer: Sealer, data_sealer: Sealer
) -> None:
    """A force's (or PACARS's) question, kept sealed with intake's key for the reporter."""
    exists = (
        await session.execute(select(col(Report.id)).where(col(Report.id) == event.report_id))
    ).first()
    if exists is None:
        return  # not a report of ours: nothing to show anyone
    text = bus_sealer.open_text(event.sealed_text)
    session.add(
        FollowupMessage(
            id=uuid4(),
            report_id=event.report_id,
            direction="to_reporter",
            sender=event.force if event.force in reference.force_codes() else "",
            sealed_text=data_sealer.seal(text),
            event_id=event.event_id,
            created_at=event.occurred_at,
        )
    )
