from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlmodel import Field

from services.intake.database import IntakeModel


class FollowupMessage(IntakeModel, table=True):
    """A message between the reporter and whoever holds the report (text sealed)."""

    __tablename__ = "followup_messages"

    id: UUID = Field(primary_key=True)
    report_id: UUID = Field(index=True)
    # to_reporter (a force's or PACARS's question) or to_force (the reporter's answer).
    direction: str = Field(max_length=16)
    # Who wrote a to_reporter message: a force code, or "" for PACARS itself.
    sender: str = Field(default="", max_length=64)
    sealed_text: str
    # The event it came from, so a redelivered event cannot add it twice.
    event_id: UUID | None = Field(default=None, unique=True)
    created_at: datetime
