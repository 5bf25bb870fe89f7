"""The shape of GET /v1/stats (contracts.md: add fields, never rename)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class Contacts(BaseModel):
    phone: int = 0
    online: int = 0
    app: int = 0
    total: int = 0


class ForceFigures(BaseModel):
    disseminated: int = 0
    investigations_opened: int = 0
    no_further_action: int = 0
    redirected_away: int = 0
    overdue: int = 0


class WeekFigures(BaseModel):
    week: str = Field(description="ISO week, e.g. 2026-W47")
    phone: int = 0
    online: int = 0
    app: int = 0
    disseminated: int = 0


class Statistics(BaseModel):
    from_: date = Field(alias="from", serialization_alias="from")
    to: date
    contacts: Contacts
    assessed: int
    disseminated: int
    investigations_opened: int
    no_further_action: int
    redirected: int
    acknowledged_within_target: int
    overdue: int
    by_force: dict[str, ForceFigures]
    weekly: list[WeekFigures]

    model_config = {"populate_by_name": True}
