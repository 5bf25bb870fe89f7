"""Data shapes of the triage engine: what goes in, what comes out, what is stored.

Kept free of any framework so the service, the CLI and the tests share them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

CATEGORY_CODES: tuple[str, ...] = (
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
)
PRIORITIES: tuple[str, ...] = ("urgent", "high", "standard")
DISPOSITIONS: tuple[str, ...] = ("disseminate", "insufficient", "not_police", "duplicate")


@dataclass
class TriageInput:
    """What the reporter (or call handler) told us; every field but text is optional."""

    text: str
    location: str = ""
    force_hint: str = ""
    channel: str = "online"
    subject_name: str = ""
    subject_role: str = ""
    subject_number: str = ""
    subject_station: str = ""
    categories_hint: list[str] = field(default_factory=list)
    personal_sentences: list[str] = field(default_factory=list)


@dataclass
class CategoryTag:
    """One category with the words or rule that put it there."""

    code: str
    evidence: list[str]
    confidence: float


@dataclass
class TriageResult:
    """The engine's decision with the evidence for each part, so an analyst can check it."""

    categories: list[CategoryTag]
    force: str
    force_evidence: dict[str, str]
    force_confidence: float
    priority: str
    priority_evidence: list[str]
    priority_confidence: float
    disposition: str
    disposition_evidence: list[str]
    disposition_confidence: float
    duplicate_of: str | None
    confidence: float
    subject: dict[str, str]
    subject_keys: list[str]
    sanitised_text: str
    redactions: list[dict[str, Any]]
    summary: str

    @property
    def category_codes(self) -> list[str]:
        """Just the codes, in canonical order."""
        return [tag.code for tag in self.categories]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (only str, float, int, list, dict and None), sharing nothing
        mutable with the result. Written out rather than dataclasses.asdict, which copies
        value by value through every list and cost 2% of triage's CPU in the pipeline."""
        decision = dict(vars(self))
        decision["categories"] = [
            {"code": tag.code, "evidence": list(tag.evidence), "confidence": tag.confidence}
            for tag in self.categories
        ]
        for name in ("priority_evidence", "disposition_evidence", "subject_keys"):
            decision[name] = list(decision[name])
        for name in ("force_evidence", "subject"):
            decision[name] = dict(decision[name])
        decision["redactions"] = [dict(redaction) for redaction in self.redactions]
        return decision


@dataclass
class StoredReport:
    """What duplicate detection keeps about a report; all fields serialisable."""

    report_id: str
    fingerprint: list[int]
    force: str
    categories: list[str]
    priority: str
    band_keys: list[str]
    subject_keys: list[str] = field(default_factory=list)


class ReportStore(Protocol):
    """Where earlier reports live; looked up by band key so no full scan is needed."""

    def candidates(self, band_keys: list[str]) -> list[StoredReport]:
        """Reports sharing at least one band key, each once."""
        ...

    def add(self, report: StoredReport) -> None:
        """Remember a report for later lookups."""
        ...


class MemoryReportStore:
    """In-memory ReportStore for the CLI and tests: an inverted index band key -> ids."""

    def __init__(self) -> None:
        self._reports: dict[str, StoredReport] = {}
        self._index: dict[str, list[str]] = {}

    def candidates(self, band_keys: list[str]) -> list[StoredReport]:
        seen: dict[str, StoredReport] = {}
        for key in band_keys:
            for report_id in self._index.get(key, ()):
                if report_id not in seen:
                    seen[report_id] = self._reports[report_id]
        return list(seen.values())

    def add(self, report: StoredReport) -> None:
        self._reports[report.report_id] = report
        for key in report.band_keys:
            self._index.setdefault(key, []).append(report.report_id)

    def __len__(self) -> int:
        return len(self._reports)
