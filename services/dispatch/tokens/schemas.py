from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.validation import PlainText


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["call_handler", "analyst", "ops", "admin"]
    name: PlainText = Field(min_length=1, max_length=200)
    expires_in_days: int = Field(90, ge=1, le=366)


class TokenIssued(BaseModel):
    token_id: UUID
    token: str = Field(description="Shown once; only its hash is kept.")
    role: str
    name: str
    expires_at: datetime
