from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlmodel import Field

from services.intake.database import IntakeModel


class Attachment(IntakeModel, table=True):
    """An evidence file, metadata stripped, sealed with intake's data key (key id inside)."""

    __tablename__ = "attachments"

    id: UUID = Field(primary_key=True)
    report_id: UUID = Field(index=True)
    media_type: str = Field(max_length=64)
    size: int
    sealed_data: str
    created_at: datetime
