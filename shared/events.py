"""Every event contract, and nowhere else.

Events are versioned pydantic models with a literal `type` that is also the routing
key. Report content never travels in the clear: what a reporter wrote is sealed
(shared.crypto) inside the event, because messages rest on the broker's disk and in
outbox tables.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal, TypeVar
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from shared.crypto import Sealer

Channel = Literal["online", "app", "phone"]
Priority = Literal["urgent", "high", "standard"]
Disposition = Literal["disseminate", "insufficient", "not_police", "duplicate"]
Outcome = Literal["received", "investigation_opened", "no_further_action", "wrong_force"]
SubjectRole = Literal[
    "police_officer", "police_staff", "volunteer", "pcso", "special_constable", "unknown"
]


def utcnow() -> datetime:
    return datetime.now(UTC)


class Subject(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field("", max_length=200)
    role: SubjectRole = "unknown"
    number: str = Field("", max_length=50)
    station: str = Field("", max_length=200)


# --- sealed contents -------------------------------------------------------------------


class AttachmentRef(BaseModel):
    """Evidence kept (encrypted, metadata stripped) by intake; the file never travels on the
    bus. A force fetches it through dispatch with its API key."""

    attachment_id: UUID
    media_type: str
    size: int


class ReporterContact(BaseModel):
    """A confidential (not anonymous) reporter's contact details, given by choice.

    Passed to the force only when `share_with_force` is true; never otherwise."""

    details: str = Field("", max_length=500)
    share_with_force: bool = False


class ReportContent(BaseModel):
    """What the reporter wrote: sealed inside report.submitted."""

    what_happened: str
    subject: Subject = Field(default_factory=Subject)
    force_hint: str = ""
    location: str = ""
    when: str = ""
    categories_hint: list[str] = Field(default_factory=list)
    personal_sentences: list[str] = Field(default_factory=list)
    attachments: list[AttachmentRef] = Field(default_factory=list)
    contact: ReporterContact | None = None


class CategoryTag(BaseModel):
    code: str
    evidence: list[str] = Field(default_factory=list)
    confidence: float = 1.0


class PackageContent(BaseModel):
    """The sanitised intelligence: sealed inside report.triaged."""

    summary: str
    details: str
    subject: Subject = Field(default_factory=Subject)
    location: str = ""
    when: str = ""
    attachments: list[AttachmentRef] = Field(default_factory=list)
    # Present only when the reporter chose to be confidential and consented to sharing.
    reporter_contact: str | None = None


M = TypeVar("M", bound=BaseModel)


def seal_model(sealer: Sealer, model: BaseModel) -> str:
    return sealer.seal(model.model_dump_json())


def open_model(sealer: Sealer, cls: type[M], sealed: str) -> M:
    return cls.model_validate_json(sealer.open(sealed))


# --- the envelope ----------------------------------------------------------------------


class Event(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str  # each event narrows it to its Literal, which is also its routing key
    event_id: UUID = Field(default_factory=uuid4)
    occurred_at: datetime = Field(default_factory=utcnow)
    correlation_id: str = ""
    schema_version: int = 1


class ReportSubmitted(Event):
    type: Literal["report.submitted"] = "report.submitted"
    report_id: UUID
    reference: str
    channel: Channel
    received_at: datetime
    sealed_content: str


class ReportTriaged(Event):
    type: Literal["report.triaged"] = "report.triaged"
    report_id: UUID
    reference: str
    channel: Channel
    received_at: datetime
    categories: list[CategoryTag]
    force: str
    force_evidence: dict[str, str] = Field(default_factory=dict)
    priority: Priority
    disposition: Disposition
    confidence: float = 1.0
    duplicate_of: UUID | None = None
    linked_report_ids: list[UUID] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    reviewed_by_analyst: bool = False
    sealed_package: str


class IntelligenceDelivered(Event):
    type: Literal["intelligence.delivered"] = "intelligence.delivered"
    package_id: UUID
    report_id: UUID
    force: str
    delivered_at: datetime


class IntelligenceAcknowledged(Event):
    type: Literal["intelligence.acknowledged"] = "intelligence.acknowledged"
    package_id: UUID
    report_id: UUID
    force: str
    outcome: Outcome
    redirect_to: str | None = None
    acknowledged_at: datetime


class FollowupToReporter(Event):
    """A force's question or note for the anonymous reporter (text sealed)."""

    type: Literal["followup.to_reporter"] = "followup.to_reporter"
    report_id: UUID
    force: str
    sealed_text: str


class FollowupToForce(Event):
    """A reporter's message for whoever holds the report (text sealed)."""

    type: Literal["followup.to_force"] = "followup.to_force"
    report_id: UUID
    sealed_text: str


class StaffTokenIssued(Event):
    """Dispatch issues staff tokens; every service keeps the hashes to check them."""

    type: Literal["staff_token.issued"] = "staff_token.issued"
    token_id: UUID
    token_hash: str
    role: str
    name: str
    expires_at: datetime


class StaffTokenRevoked(Event):
    type: Literal["staff_token.revoked"] = "staff_token.revoked"
    token_id: UUID


class ReportErased(Event):
    """Retention: a closed case's time is up; every service deletes what it holds of these
    reports (content and keys alike). Carries ids only."""

    type: Literal["report.erased"] = "report.erased"
    report_ids: list[UUID]


AnyEvent = Annotated[
    ReportSubmitted
    | ReportTriaged
    | IntelligenceDelivered
    | IntelligenceAcknowledged
    | FollowupToReporter
    | FollowupToForce
    | StaffTokenIssued
    | StaffTokenRevoked
    | ReportErased,
    Field(discriminator="type"),
]

_any_event: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)


def parse_event(raw: bytes | str) -> Event:
    """Parse once at the consumer's edge; raises pydantic.ValidationError if invalid."""
    return _any_event.validate_json(raw)


def routing_key(event: Event) -> str:
    return str(event.type)  # type: ignore[attr-defined]
