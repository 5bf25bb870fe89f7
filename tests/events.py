"""Events as the services publish them, for tests that call handlers directly."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from shared.events import ReportTriaged


def report_triaged(report_id: UUID, *, received_at: datetime) -> ReportTriaged:
    """Triage's verdict: an online report passed on to Kent, high priority."""
    return ReportTriaged(
        report_id=report_id,
        reference="PACR-AAAA-AAAA",
        channel="online",
        received_at=received_at,
        force="kent",
        disposition="disseminate",
        priority="high",
        categories=[],
        sealed_package="x",
    )
