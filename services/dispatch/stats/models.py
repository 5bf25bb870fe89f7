"""Statistics at rest: anonymous daily counts, kept apart from the per-report rows.

`StatsDaily` holds only counts by day, channel and force: nothing in it leads back to a
report, so retention never touches it and the published figures survive deletion.
`StatsReport` is the per-report memory that makes counting idempotent ("a report
redirected to a second force counts once"); retention deletes it with the report.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlmodel import Field, Index

from services.dispatch.database import DispatchModel


class StatsDaily(DispatchModel, table=True):
    __tablename__ = "stats_daily"
    __table_args__ = (
        Index("uq_stats_daily_key", "day", "metric", "channel", "force", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    # The day the report was received (UTC): every figure of a report falls in its period.
    day: date = Field(index=True)
    # contacts, assessed, disseminated, investigations_opened, no_further_action,
    # redirected, acknowledged, acknowledged_within_target
    metric: str = Field(max_length=32)
    channel: str = Field(default="", max_length=16)  # "" where not by channel
    force: str = Field(default="", max_length=64)  # "" where not by force
    count: int = 0


class StatsReport(DispatchModel, table=True):
    """What has already been counted for one report (deleted by retention)."""

    __tablename__ = "stats_reports"

    report_id: UUID = Field(primary_key=True)
    day: date
    channel: str = Field(max_length=16)
    contacted: bool = False
    assessed: bool = False
    disseminated: bool = False
    investigation_opened: bool = False
    no_further_action: bool = False
    redirected: bool = False
    acknowledged: bool = False
    # Retention (services.dispatch.retention): the category codes triage gave, and when the
    # case closed (see retention.service.CASE_CLOSES); None while it is open.
    categories: str = Field(default="", max_length=500)
    closed_at: datetime | None = Field(default=None, index=True)
