"""Deadlines: acknowledge within one, report an outcome within another, or be reminded.

The clock starts when the package is made available to the force (pushed or pulled).
A package is overdue for acknowledgement while it has none past the first deadline, and
overdue for an outcome while it has only "received" past the second. Delivered overdue
packages get an `intelligence.reminder` delivery, again every `reminder_every_hours`
while they stay overdue; every overdue package shows to operators.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.dispatch.delivery.models import Notice
from services.dispatch.packages.models import Package
from services.dispatch.settings import DispatchSettings

OPEN_STATUSES = ("pending", "delivered", "parked")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def ack_overdue(now: datetime, settings: DispatchSettings) -> Any:
    cut = now - timedelta(hours=settings.ack_deadline_hours)
    return (
        Package.acknowledged_at.is_(None)  # type: ignore[union-attr]
        & (Package.created_at <= cut)  # type: ignore[operator]
        & Package.status.in_(OPEN_STATUSES)  # type: ignore[attr-defined]
    )


def outcome_overdue(now: datetime, settings: DispatchSettings) -> Any:
    cut = now - timedelta(hours=settings.outcome_deadline_hours)
    return (
        Package.acknowledged_at.is_not(None)  # type: ignore[union-attr]
        & or_(col(Package.outcome).is_(None), col(Package.outcome) == "received")
        & (Package.created_at <= cut)  # type: ignore[operator]
    )


def overdue(now: datetime, settings: DispatchSettings) -> Any:
    return or_(ack_overdue(now, settings), outcome_overdue(now, settings))


def overdue_kind(package: Package) -> str:
    return "acknowledgement" if package.acknowledged_at is None else "outcome"


def due_at(package: Package, settings: DispatchSettings) -> datetime:
    hours = (
        settings.ack_deadline_hours
        if package.acknowledged_at is None
        else settings.outcome_deadline_hours
    )
    return _aware(package.created_at) + timedelta(hours=hours)


async def create_reminders(
    *, session: AsyncSession, now: datetime, settings: DispatchSettings, limit: int = 500
) -> int:
    """Schedule a reminder for each delivered package newly (or again) overdue."""
    again = now - timedelta(hours=settings.reminder_every_hours)
    not_recent = or_(
        col(Package.last_reminder_at).is_(None),
        col(Package.last_reminder_at) <= again,
    )
    candidates = (
        (
            await session.execute(
                select(Package)
                .where(Package.status == "delivered", overdue(now, settings), not_recent)  # type: ignore[arg-type]
                .order_by(Package.priority_rank, Package.created_at)  # type: ignore[arg-type]
                .limit(limit)
            )
        )
        .scalars()
        .all()
    )
    made = 0
    for package in candidates:
        # Claimed with a conditional update, so two dispatch replicas never both remind.
        claimed = await session.execute(
            update(Package)
            .where(Package.id == package.id, not_recent)  # type: ignore[arg-type]
            .values(last_reminder_at=now, reminders_sent=Package.reminders_sent + 1)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        session.add(
            Notice(
                id=uuid4(),
                kind="intelligence.reminder",
                report_id=package.report_id,
                package_id=package.id,
                force=package.force,
                correlation_id=package.correlation_id,
                # After every package of the force's: a reminder never delays intelligence.
                priority_rank=package.priority_rank + 10,
                reminder_of=overdue_kind(package),
                due_at=due_at(package, settings),
                status="pending",
                next_attempt_at=now,
                created_at=now,
            )
        )
        made += 1
    return made
