"""What operators see and do: parked packages, replay, queue depths."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.delivery.deadlines import due_at, overdue, overdue_kind
from services.dispatch.ops.schemas import OverduePackage, ParkedPackage, QueueInfo
from services.dispatch.packages.models import Package
from services.dispatch.settings import DispatchSettings
from shared.bus import TOPOLOGY, Bus
from shared.errors import Conflict, NotFound, ServiceUnavailable
from shared.events import utcnow


async def list_parked(*, session: AsyncSession, limit: int) -> list[ParkedPackage]:
    rows = (
        await session.execute(
            select(Package)
            .where(Package.status == "parked")  # type: ignore[arg-type]
            .order_by(Package.parked_at)  # type: ignore[arg-type]
            .limit(limit)
        )
    ).scalars()
    return [
        ParkedPackage(
            package_id=p.id,
            force=p.force,
            priority=p.priority,
            attempts=p.attempts,
            last_error=p.last_error,
            parked_at=p.parked_at,
        )
        for p in rows
    ]


async def replay_parked(*, session: AsyncSession, package_id: UUID) -> Package:
    package = await session.get(Package, package_id)
    if package is None:
        raise NotFound("No such package.")
    if package.status != "parked":
        raise Conflict(f"The package is {package.status}, not parked.")
    package.status = "pending"
    package.attempts = 0
    package.parked_at = None
    package.next_attempt_at = utcnow()
    # A fresh age window too, so a replayed package gets its full retry allowance.
    package.created_at = utcnow()
    session.add(package)
    return package


async def queue_depths(bus: Bus) -> list[QueueInfo]:
    if not bus.connected:
        raise ServiceUnavailable("The broker is not reachable.")
    names = [q.name for q in TOPOLOGY] + [q.parking for q in TOPOLOGY]
    depths = await bus.queue_depths(names)
    return [
        QueueInfo(
            name=q.name,
            messages=depths[q.name]["messages"],
            consumers=depths[q.name]["consumers"],
            parked=depths[q.parking]["messages"],
        )
        for q in TOPOLOGY
    ]


async def list_overdue(
    *, session: AsyncSession, settings: DispatchSettings, force: str | None, limit: int
) -> list[OverduePackage]:
    """Packages past their acknowledgement or outcome deadline, longest overdue first."""
    query = select(Package).where(overdue(utcnow(), settings))
    if force is not None:
        query = query.where(Package.force == force)  # type: ignore[arg-type]
    rows = (
        await session.execute(query.order_by(Package.created_at).limit(limit))  # type: ignore[arg-type]
    ).scalars()
    return [
        OverduePackage(
            package_id=p.id,
            force=p.force,
            priority=p.priority,
            status=p.status,
            overdue=overdue_kind(p),
            due_at=due_at(p, settings),
            created_at=p.created_at,
            acknowledged_at=p.acknowledged_at,
            outcome=p.outcome,
            reminders_sent=p.reminders_sent,
            last_reminder_at=p.last_reminder_at,
        )
        for p in rows
    ]
