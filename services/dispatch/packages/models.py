from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlmodel import Field, Index

from services.dispatch.database import DispatchModel

PRIORITY_RANK = {"urgent": 0, "high": 1, "standard": 2}


class Package(DispatchModel, table=True):
    """An intelligence package for one force, and where its delivery stands."""

    __tablename__ = "packages"
    __table_args__ = (
        # The scheduler's look-up: due packages of one force, most urgent first.
        Index("ix_packages_due", "force", "status", "priority_rank", "next_attempt_at"),
        Index("uq_packages_report_force", "report_id", "force", unique=True),
    )

    id: UUID = Field(primary_key=True)  # also the webhook-id of every attempt
    report_id: UUID
    reference: str = Field(max_length=20)
    # Follows the report from intake's request through every service's logs and events.
    correlation_id: str = Field(default="", max_length=64)
    force: str = Field(max_length=64)
    priority: str = Field(max_length=16)
    priority_rank: int
    # The package's data (sanitised account, subject, evidence), sealed with dispatch's key.
    sealed_data: str
    # pending (to deliver or pull) -> delivered; parked when delivery gave up.
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    next_attempt_at: datetime
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime
    delivered_at: datetime | None = None
    parked_at: datetime | None = None
    acknowledged_at: datetime | None = None
    outcome: str | None = Field(default=None, max_length=32)
    force_reference: str | None = Field(default=None, max_length=100)
    redirected_from: UUID | None = None
    # Conflict of interest: the force it would have gone to, and why it did not.
    diverted_from: str | None = Field(default=None, max_length=64)
    routing_reason: str | None = Field(default=None, max_length=300)
    # Deadline reminders sent to the force (see delivery.deadlines).
    reminders_sent: int = 0
    last_reminder_at: datetime | None = None


class DeliveryAttempt(DispatchModel, table=True):
    __tablename__ = "delivery_attempts"

    id: int | None = Field(default=None, primary_key=True)
    package_id: UUID = Field(index=True)
    attempted_at: datetime
    status_code: int | None = None
    latency_ms: float
    error: str | None = Field(default=None, max_length=500)
    outcome: str = Field(max_length=16)  # delivered, retry, parked
    # What was delivered: the package itself, or a notice about it (reminder, message).
    kind: str = Field(default="intelligence.package", max_length=32)
    notice_id: UUID | None = None


class Acknowledgement(DispatchModel, table=True):
    __tablename__ = "acknowledgements"

    id: UUID = Field(primary_key=True)
    package_id: UUID = Field(index=True)
    force: str = Field(max_length=64)
    outcome: str = Field(max_length=32)
    force_reference: str | None = Field(default=None, max_length=100)
    redirect_to: str | None = Field(default=None, max_length=64)
    created_at: datetime
