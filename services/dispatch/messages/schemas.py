from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.validation import PlainText


class MessageCreate(BaseModel):
    """A force's question or note for the anonymous reporter."""

    model_config = ConfigDict(extra="forbid")

    text: PlainText = Field(min_length=1, max_length=5000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


class MessageAccepted(BaseModel):
    package_id: UUID
    status: str = "sent_to_reporter"


class ReporterMessagePublic(BaseModel):
    """A reporter's message about a package, as the force (or an operator) reads it."""

    message_id: UUID
    package_id: UUID
    text: str
    sent_at: datetime
    # pending (being delivered), delivered (pushed), parked (push gave up: read it here)
    status: str
    delivered_at: datetime | None
