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


class OverduePackage(BaseModel):
    package_id: UUID
    force: str
    priority: str
    status: str
    # What the force has not done in time: acknowledgement | outcome
    overdue: str
    due_at: datetime
    created_at: datetime
    acknowledged_at: datetime | None
    outcome: str | None
    reminders_sent: int
    last_reminder_at: datetime | None
