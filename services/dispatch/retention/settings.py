"""Retention settings (env prefix DISPATCH_RETENTION_), kept with the job they steer."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RetentionSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DISPATCH_RETENTION_", extra="ignore")

    # How long after its case closes a report is kept (30-day months).
    months: float = Field(12.0, gt=0)
    # Per category, e.g. {"sexual_misconduct": 24}: a report with several categories is
    # kept for the longest that applies.
    by_category: dict[str, float] = Field(default_factory=dict)
    # How often the scheduled job runs; operators can also run it by hand.
    every_hours: float = Field(24.0, gt=0)
    # Reports erased per run at most (the next run takes the rest).
    batch: int = Field(1000, ge=1)

    def keep_for_days(self, categories: list[str]) -> float:
        months = max([self.months, *(self.by_category.get(c, 0.0) for c in categories)])
        return months * 30.0
