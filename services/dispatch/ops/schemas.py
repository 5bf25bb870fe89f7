from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel


class ParkedPackage(BaseModel):
    package_id: UUID
    force: str
    priority: str
    attempts: int
    last_error: str | None
    parked_at: datetime | None


class QueueInfo(BaseModel):
    name: str
    messages: int
    consumers: int
    parked: int
