from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from services.intake.database import IntakeModel


class IdempotentAnswer(IntakeModel, table=True):
    """The first answer to an Idempotency-Key.

    The key is kept only as a keyed hash, and the answer (it holds the receipt) is sealed
    with a key derived from the Idempotency-Key itself: only a client that still has the
    key can have it opened, and the database alone reveals no receipt."""

    __tablename__ = "idempotency_keys"

    key_hash: str = Field(primary_key=True, max_length=64)
    body_hash: str = Field(max_length=64)
    status_code: int
    sealed_answer: str
    created_at: datetime
