"""`make migrate`: bring every service's database to the latest schema (services also do
this at start-up; this is for running it by hand, e.g. before a rolling deployment)."""

from __future__ import annotations

from pathlib import Path

from services.dispatch.settings import DispatchSettings
from services.intake.settings import IntakeSettings
from services.triage.settings import TriageSettings
from shared.migrations import upgrade

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    for name, settings in (
        ("intake", IntakeSettings()),
        ("triage", TriageSettings()),
        ("dispatch", DispatchSettings()),
    ):
        upgrade(ROOT / "services" / name / "migrations", settings.resolved_database_url)
        print(f"{name}: migrated")
