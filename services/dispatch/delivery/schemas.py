"""The bodies of deliveries that are not packages (same envelope and signing)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel


class ReminderData(BaseModel):
    reminder_id: UUID
    package_id: UUID
    report_reference: str
    force: str
    # What the force has not yet done: acknowledge the package, or report its outcome.
    overdue: Literal["acknowledgement", "outcome"]
    due_at: datetime
    reminder_number: int


class ReminderEnvelope(BaseModel):
    """`intelligence.reminder`: a package's acknowledgement or outcome is overdue."""

    type: Literal["intelligence.reminder"] = "intelligence.reminder"
    timestamp: datetime
    data: ReminderData


class ReporterMessageData(BaseModel):
    message_id: UUID
    package_id: UUID
    report_reference: str
    force: str
    text: str
    sent_at: datetime


class ReporterMessageEnvelope(BaseModel):
    """`reporter.message`: the anonymous reporter's message about a package."""

    type: Literal["reporter.message"] = "reporter.message"
    timestamp: datetime
    data: ReporterMessageData
