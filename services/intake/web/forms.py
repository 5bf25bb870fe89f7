"""The report form: what the reporter typed, turned into a ReportCreate or plain-English
errors keyed by field, so the page can show them in a summary and beside each field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from services.intake.reports.schemas import ReportCreate
from shared import reference

TEXT_FIELDS = (
    "what_happened",
    "subject_name",
    "subject_role",
    "subject_number",
    "subject_station",
    "force_hint",
    "location",
    "when",
    "identity",
    "contact_details",
)

ROLES = [
    ("unknown", "I don't know"),
    ("police_officer", "Police officer"),
    ("police_staff", "Police staff"),
    ("pcso", "Police community support officer (PCSO)"),
    ("special_constable", "Special constable"),
    ("volunteer", "Police volunteer"),
]

# Plain words for each field the model may refuse.
_MESSAGES = {
    "what_happened": "Tell us what happened, in at least 20 characters (up to 20,000).",
    "subject_name": "The name can be up to 200 characters.",
    "subject_role": "Choose a role from the list.",
    "subject_number": "The shoulder or collar number can be up to 50 characters.",
    "subject_station": "The station can be up to 200 characters.",
    "force_hint": "Choose a police force from the list, or 'I don't know'.",
    "location": "The place can be up to 500 characters.",
    "when": "When it happened can be up to 100 characters.",
    "contact_details": "Give contact details (at least 3 characters, up to 500), "
    "or choose to stay anonymous.",
}

UNREADABLE = (
    "What was sent here could not be read as text (it was not UTF-8). Please type it again."
)

_FIELD_OF = {
    ("what_happened",): "what_happened",
    ("subject", "name"): "subject_name",
    ("subject", "role"): "subject_role",
    ("subject", "number"): "subject_number",
    ("subject", "station"): "subject_station",
    ("force_hint",): "force_hint",
    ("location",): "location",
    ("when",): "when",
    ("contact",): "contact_details",
    ("contact", "details"): "contact_details",
}


@dataclass
class ReportForm:
    """Values as typed (kept on error) and errors by field name."""

    values: dict[str, str] = field(default_factory=dict)
    follow_up: bool = True
    share_contact: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> ReportForm:
        return cls(values={name: "" for name in TEXT_FIELDS} | {"identity": "anonymous"})

    @classmethod
    def from_form(cls, form: Any) -> ReportForm:
        values = {}
        for name in TEXT_FIELDS:
            raw = form.get(name)
            values[name] = raw if isinstance(raw, str) else ""
        if values["identity"] not in ("anonymous", "confidential"):
            values["identity"] = "anonymous"
        return cls(
            values=values,
            follow_up=form.get("follow_up") == "yes",
            share_contact=form.get("share_contact") == "yes",
        )

    def refuse_undecodable(self, names: list[str], *, files_chosen: bool) -> None:
        """Mark the fields whose text was not valid UTF-8 (they were dropped, never re-read
        as Latin-1): the whole form is refused, and those fields are to be typed again."""
        for name in names:
            target = name if name in _MESSAGES else "what_happened"
            self.errors.setdefault(target, UNREADABLE)
        if files_chosen:
            self.errors.setdefault(
                "attachments", "Please choose your files again (the browser does not keep them)."
            )

    def to_report(self, channel: str) -> ReportCreate | None:
        """The report, or None with self.errors filled in."""
        v = self.values
        body: dict[str, Any] = {
            "channel": channel,
            "what_happened": v["what_happened"],
            "subject": {
                "name": v["subject_name"].strip(),
                "role": v["subject_role"] or "unknown",
                "number": v["subject_number"].strip(),
                "station": v["subject_station"].strip(),
            },
            "force_hint": v["force_hint"],
            "location": v["location"],
            "when": v["when"],
            "follow_up": self.follow_up,
        }
        if v["identity"] == "confidential":
            body["contact"] = {
                "details": v["contact_details"],
                "share_with_force": self.share_contact,
            }
        try:
            return ReportCreate.model_validate(body)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(str(p) for p in err.get("loc", ()))
                name = _FIELD_OF.get(loc) or _FIELD_OF.get(loc[:2]) or _FIELD_OF.get(loc[:1])
                if name and name not in self.errors:
                    self.errors[name] = _MESSAGES[name]
            if not self.errors:
                self.errors["what_happened"] = "Check the form and try again."
            return None


def force_choices() -> list[tuple[str, str]]:
    return sorted(((f.code, f.name) for f in reference.forces()), key=lambda c: c[1])
