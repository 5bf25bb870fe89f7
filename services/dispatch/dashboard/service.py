"""What the operations page shows: figures from dispatch's own tables, charts as SVG data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.ops.service import list_parked, queue_depths
from services.dispatch.packages.models import DeliveryAttempt, Package
from services.dispatch.settings import DispatchSettings
from services.dispatch.stats.service import statistics
from shared.bus import Bus
from shared.events import utcnow


@dataclass
class Bar:
    label: str
    value: int
    width: float  # percent of the widest bar


def bars(values: dict[str, int]) -> list[Bar]:
    top = max(values.values(), default=0) or 1
    return [Bar(k, v, 100.0 * v / top) for k, v in values.items()]


async def deliveries_by_force(session: AsyncSession) -> dict[str, dict[str, int]]:
    """Attempts in the last 24 hours per force: delivered, retried, parked."""
    since = utcnow() - timedelta(hours=24)
    rows = (
        await session.execute(
            select(Package.force, DeliveryAttempt.outcome, func.count())
            .join(Package, Package.id == DeliveryAttempt.package_id)  # type: ignore[arg-type]
            .where(DeliveryAttempt.attempted_at >= since)  # type: ignore[arg-type]
            .group_by(Package.force, DeliveryAttempt.outcome)
        )
    ).all()
    out: dict[str, dict[str, int]] = {}
    for force, outcome, count in rows:
        out.setdefault(force, {"delivered": 0, "retry": 0, "parked": 0})[outcome] = count
    return dict(sorted(out.items()))


async def dashboard_data(
    *, session: AsyncSession, settings: DispatchSettings, bus: Bus
) -> dict[str, Any]:
    figures = await statistics(session=session, settings=settings, from_day=None, to_day=None)
    try:
        queues: list[Any] | None = await queue_depths(bus)
    except Exception:
        queues = None  # the page still shows everything else
    weeks = figures.weekly[-12:]
    top = max((w.phone + w.online + w.app for w in weeks), default=0) or 1
    return {
        "figures": figures,
        "queues": queues,
        "queue_bars": bars({q.name: q.messages for q in queues}) if queues else [],
        "weeks": weeks,
        "week_top": top,
        "force_bars": bars({k: v.disseminated for k, v in figures.by_force.items()}),
        "deliveries": await deliveries_by_force(session),
        "parked": await list_parked(session=session, limit=50),
    }
