from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlmodel import Field, Index

from services.dispatch.database import DispatchModel

NOTICE_KINDS = ("intelligence.reminder", "reporter.message")


class Notice(DispatchModel, table=True):
    """A delivery to a force that is not a package: a deadline reminder or a reporter's
    message. Scheduled, signed, retried and parked exactly like packages, by the same
    worker (same per-force slots and circuit breaker); its id is its webhook-id."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_due", "status", "next_attempt_at"),)

    id: UUID = Field(primary_key=True)
    kind: str = Field(max_length=32)  # intelligence.reminder | reporter.message
    report_id: UUID = Field(index=True)
    # The package (and so the force) it concerns; None while a reporter's message waits
    # for its report to reach a force ("unrouted").
    package_id: UUID | None = Field(default=None, index=True)
    force: str | None = Field(default=None, max_length=64)
    correlation_id: str = Field(default="", max_length=64)
    priority_rank: int = 2
    # reporter.message: the text, sealed with dispatch's data key.
    sealed_text: str | None = None
    # intelligence.reminder: what is overdue (acknowledgement | outcome) and since when.
    reminder_of: str | None = Field(default=None, max_length=16)
    due_at: datetime | None = None
    # unrouted -> pending -> delivered; parked when delivery gave up.
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_attempt_at: datetime
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime
    delivered_at: datetime | None = None
    parked_at: datetime | None = None
