from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlmodel import Field

from services.intake.database import IntakeModel

# How far a status has come; a late or repeated event never moves a report backwards.
STATUS_RANK = {
    "received": 0,
    "assessed": 1,
    "passed_to_force": 2,
    "acknowledged": 3,
    "investigation_opened": 4,
    "no_further_action": 4,
    "closed": 5,
}


class Report(IntakeModel, table=True):
    __tablename__ = "reports"

    id: UUID = Field(primary_key=True)
    reference: str = Field(max_length=20, unique=True, index=True)
    channel: str = Field(max_length=16)
    # Everything the reporter wrote, sealed with intake's data key (key id inside).
    sealed_content: str
    # The receipt, never stored: an HMAC of its look-up part and an argon2id hash of it all.
    receipt_lookup: str | None = Field(default=None, max_length=64, unique=True, index=True)
    receipt_hash: str | None = Field(default=None, max_length=200)
    status: str = Field(default="received", max_length=32)
    force: str | None = Field(default=None, max_length=64)
    received_at: datetime
    updated_at: datetime


REPORTS = Report.__table__  # type: ignore[attr-defined]  # for Core statements
