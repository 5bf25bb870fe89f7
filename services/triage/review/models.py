from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlmodel import Field

from services.triage.database import TriageModel


class ReviewDecision(TriageModel, table=True):
    """An analyst's decision on a low-confidence result: what triage proposed, what the
    analyst decided, and each redaction they undid or added. Kept so triage's accuracy can
    be measured against analysts' corrections."""

    __tablename__ = "review_decisions"

    id: UUID = Field(primary_key=True)
    report_id: UUID = Field(index=True)
    analyst: str = Field(max_length=200)
    analyst_token_id: str = Field(max_length=36)
    proposed: str  # JSON: categories, force, priority, disposition
    decided: str  # JSON: the same fields as decided
    redactions_undone: str  # JSON list of redaction positions (no text)
    redactions_added: str  # JSON list of redaction positions (no text)
    note: str = Field(default="", max_length=2000)
    decided_at: datetime
