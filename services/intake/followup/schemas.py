from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.intake.reports.schemas import without_controls


class MessagePublic(BaseModel):
    # "force": the force holding the report; "pacars": the service itself; "you": the reporter.
    sender: Literal["force", "pacars", "you"] = Field(alias="from")
    text: str
    sent_at: datetime

    model_config = ConfigDict(populate_by_name=True)


class FollowupPublic(BaseModel):
    reference: str
    status: str
    force: str | None = Field(None, description="The force's code, once one holds the report.")
    force_name: str | None = None
    updated_at: datetime
    messages: list[MessagePublic] = Field(default_factory=list)


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=5000)

    @field_validator("text", mode="before")
    @classmethod
    def _no_controls(cls, value: object) -> object:
        return without_controls(value)


class MessageAccepted(BaseModel):
    message_id: UUID
    sent_at: datetime
    status: Literal["sent"] = "sent"
