from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlmodel import Field, Index

from services.triage.database import TriageModel


class Assessment(TriageModel, table=True):
    """Triage's decision about one report, with everything needed to review it."""

    __tablename__ = "assessments"

    report_id: UUID = Field(primary_key=True)
    reference: str = Field(max_length=20, index=True)
    correlation_id: str = Field(default="", max_length=64)
    channel: str = Field(max_length=16)
    received_at: datetime
    # The report as received, unredacted, sealed with triage's key: only analysts open it.
    sealed_original: str
    # The sanitised package content, sealed likewise.
    sealed_package: str
    # The decision (codes, evidence, confidences, redaction positions) as JSON: no content.
    result: str
    force: str = Field(max_length=64)
    priority: str = Field(max_length=16)
    disposition: str = Field(max_length=16)
    confidence: float
    state: str = Field(max_length=16, index=True)  # "published" or "in_review"
    duplicate_of: UUID | None = None
    created_at: datetime
    reviewed_at: datetime | None = None


class DuplicateCandidate(TriageModel, table=True):
    """One band key of a report's fingerprint: duplicate look-ups read only matching rows,
    and of each key only the most recent (see store.DatabaseReportStore)."""

    __tablename__ = "duplicate_bands"
    __table_args__ = (
        # Erasing a report finds its rows without reading every report's.
        Index("ix_duplicate_bands_report_id", "report_id"),
        # On SQLite the rows live in their primary key's order, so the look-up reads a
        # key's most recent report ids straight from the table, and a report's 33 keys
        # are written to two B-trees, not four (row, primary key, recency index and
        # report index): with 128-bit keys too (store.Indexer), 1.35 -> 0.72 ms of CPU per
        # report at 20,000 reports stored.
        {"sqlite_with_rowid": False},
    )

    # In this order: the look-up's range (a key's rows, newest first) is the key's prefix.
    band_key: str = Field(primary_key=True, max_length=32)
    added_at: datetime = Field(primary_key=True)
    report_id: UUID = Field(primary_key=True)


class StoredFingerprint(TriageModel, table=True):
    __tablename__ = "fingerprints"

    report_id: UUID = Field(primary_key=True)
    data: str  # the engine's StoredReport as JSON


class SubjectLink(TriageModel, table=True):
    """A normalised subject key (force + number or name) seen in a report."""

    __tablename__ = "subject_links"
    __table_args__ = (Index("ix_subject_links_report_id", "report_id"),)

    subject_key: str = Field(primary_key=True, max_length=200)
    report_id: UUID = Field(primary_key=True)
