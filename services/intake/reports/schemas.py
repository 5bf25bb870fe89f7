from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shared.events import Subject
from shared.reference import force_codes

# Control characters (C0 but tab, newline and carriage return; DEL; C1) are removed from
# every text a reporter sends rather than refusing a whole account over a pasted byte.
from shared.validation import without_controls

CategoryCode = Literal[
    "bribery_corruption",
    "sexual_misconduct",
    "domestic_abuse",
    "discrimination",
    "drugs",
    "dishonesty",
    "misuse_of_information",
    "offensive_communications",
    "violence_abuse_of_force",
    "criminal_association",
    "other_misconduct",
]


class ReporterContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    details: str = Field(min_length=3, max_length=500)
    share_with_force: bool = False


class ReportCreate(BaseModel):
    """A report as a web or mobile client, or a call handler, sends it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    channel: Literal["online", "app", "phone"] = "online"
    what_happened: str = Field(min_length=20, max_length=20000)
    subject: Subject = Field(default_factory=Subject)
    force_hint: str = Field("", max_length=64)
    location: str = Field("", max_length=500)
    when: str = Field("", max_length=100)
    categories_hint: list[CategoryCode] = Field(default_factory=list, max_length=11)
    follow_up: bool = True
    # Confidential rather than anonymous: given only by choice, sealed, and passed to the
    # force only with share_with_force.
    contact: ReporterContactIn | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_controls(cls, data: Any) -> Any:
        return without_controls(data)

    @field_validator("force_hint")
    @classmethod
    def _known_force(cls, value: str) -> str:
        if value and value not in force_codes():
            raise ValueError("is not a known force code")
        return value


class ReportAccepted(BaseModel):
    reference: str
    receipt: str | None = Field(
        None, description="Shown once, only when follow_up is true. It cannot be recovered."
    )
    status: Literal["received"] = "received"
