from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared import reference
from shared.events import CategoryTag
from shared.validation import PlainText

CATEGORY_CODES = (
    "bribery_corruption",
    "sexual_misconduct",
    "domestic_abuse",
    "discrimination",
    "drugs",
    "dishonesty",
    "misuse_of_information",
    "offensive_communications",
    "violence_abuse_of_force",
    "criminal_association",
    "other_misconduct",
)


class RedactionView(BaseModel):
    index: int
    kind: str
    start: int
    end: int
    marker: str


class ReviewItem(BaseModel):
    report_id: UUID
    reference: str
    channel: str
    received_at: datetime
    confidence: float
    categories: list[CategoryTag]
    force: str
    force_evidence: dict[str, Any]
    priority: str
    disposition: str
    duplicate_of: UUID | None
    # The account as received (sealed at rest; shown only to analysts) and each redaction
    # triage proposes, so the analyst can check them.
    original_text: str
    redactions: list[RedactionView]
    sanitised_text: str


class NewRedaction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    kind: Literal["reporter_name", "phone", "email", "address", "personal"] = "personal"


class ReviewDecisionIn(BaseModel):
    """What the analyst decides; anything left out keeps triage's proposal."""

    model_config = ConfigDict(extra="forbid")

    categories: list[Literal[CATEGORY_CODES]] | None = None  # type: ignore[valid-type]
    force: PlainText | None = None
    priority: Literal["urgent", "high", "standard"] | None = None
    disposition: Literal["disseminate", "insufficient", "not_police", "duplicate"] | None = None
    undo_redactions: list[int] = Field(default_factory=list)
    add_redactions: list[NewRedaction] = Field(default_factory=list)
    note: PlainText = Field("", max_length=2000)

    @field_validator("force")
    @classmethod
    def _known_force(cls, value: str | None) -> str | None:
        if value is not None and value != "unknown" and value not in reference.force_codes():
            raise ValueError("is not a known force code")
        return value


class ReviewOutcome(BaseModel):
    report_id: UUID
    state: str
    categories: list[str]
    force: str
    priority: str
    disposition: str
    sanitised_text: str
