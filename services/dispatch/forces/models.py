from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from services.dispatch.database import DispatchModel


class ForceRecord(DispatchModel, table=True):
    """A receiving force: every force is known from the start, onboarded one at a time."""

    __tablename__ = "forces"

    code: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    endpoint_url: str | None = Field(default=None, max_length=500)
    active: bool = False
    # Signing secrets are needed to sign, so they are sealed (not hashed).
    sealed_secret: str | None = None
    sealed_previous_secret: str | None = None
    previous_secret_expires_at: datetime | None = None
    api_key_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)
    onboarded_at: datetime | None = None
    updated_at: datetime | None = None
