from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.events import CategoryTag, Subject
from shared.validation import PlainText


class AttachmentLink(BaseModel):
    attachment_id: UUID
    media_type: str
    size: int
    url: str


class PackageData(BaseModel):
    """The `data` of an intelligence.package delivery (the public contract)."""

    package_id: UUID
    report_reference: str
    force: str
    channel: str
    categories: list[CategoryTag]
    priority: str
    summary: str
    details: str
    subject: Subject
    location: str
    linked_packages: list[UUID] = Field(default_factory=list)
    received_at: datetime
    # Additions to the contract: why it reached this force, and any red flags.
    when: str = ""
    force_evidence: dict[str, str] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)
    redirected_from: UUID | None = None
    # Evidence files: each `url` answers only to this force's API key.
    attachments: list[AttachmentLink] = Field(default_factory=list)
    # Only when a confidential reporter consented to it being passed on.
    reporter_contact: str | None = None
    # Conflict of interest: sent to an independent body instead of this force, and why.
    diverted_from: str | None = None
    routing_reason: str | None = None


class WebhookEnvelope(BaseModel):
    type: Literal["intelligence.package"] = "intelligence.package"
    timestamp: datetime
    data: PackageData


class AcknowledgementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["received", "investigation_opened", "no_further_action", "wrong_force"]
    force_reference: PlainText | None = Field(None, max_length=100)
    redirect_to: PlainText | None = Field(None, max_length=64)

    @model_validator(mode="after")
    def _redirect_only_with_wrong_force(self) -> AcknowledgementCreate:
        if self.outcome == "wrong_force" and not self.redirect_to:
            raise ValueError("redirect_to is required with wrong_force")
        if self.outcome != "wrong_force" and self.redirect_to:
            raise ValueError("redirect_to goes only with wrong_force")
        return self


class AcknowledgementPublic(BaseModel):
    acknowledgement_id: UUID
    package_id: UUID
    outcome: str
    force_reference: str | None
    redirected_package_id: UUID | None = None
    created_at: datetime


class AttemptPublic(BaseModel):
    # intelligence.package, or a notice about it (intelligence.reminder, reporter.message)
    kind: str = "intelligence.package"
    attempted_at: datetime
    status_code: int | None
    latency_ms: float
    error: str | None
    outcome: str


class PackageStatus(BaseModel):
    package_id: UUID
    report_reference: str
    force: str
    status: str
    priority: str
    attempts: int
    created_at: datetime
    delivered_at: datetime | None
    parked_at: datetime | None
    acknowledged_at: datetime | None
    outcome: str | None
    last_error: str | None
    redirected_from: UUID | None = None
    # Conflict of interest: the force it was not sent to, and why.
    diverted_from: str | None = None
    routing_reason: str | None = None
    # Deadlines: what is overdue (acknowledgement | outcome), by when it was due, reminders.
    overdue: str | None = None
    due_at: datetime | None = None
    reminders_sent: int = 0
    history: list[AttemptPublic] = Field(default_factory=list)


class PulledPackage(BaseModel):
    webhook_id: str
    status: str
    package: WebhookEnvelope
