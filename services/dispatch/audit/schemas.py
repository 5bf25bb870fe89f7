from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor: str
    role: str
    action: str
    target: str
    detail: str


class AuditVerification(BaseModel):
    ok: bool
    entries: int
    first_broken_id: int | None = None
    reason: str = ""
