from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.triage.assessments.service import TriagePolicy
from services.triage.assessments.store import Indexer, OpenedFingerprints
from services.triage.engine import TriageEngine
from shared.crypto import Sealer


def assessing_handler(
    service: Callable[..., Awaitable[object]],
    *,
    engine: TriageEngine,
    bus_sealer: Sealer,
    data_sealer: Sealer,
    index: Indexer,
    policy: TriagePolicy,
    opened: OpenedFingerprints,
) -> Callable[[AsyncSession, Any], Awaitable[None]]:
    """A consumer handler that calls `service` (assess_report for a new report,
    reassess_with_answer for a reporter's answer) with what every assessment needs."""

    async def handle(session: AsyncSession, event: Any) -> None:
        await service(
            session=session,
            event=event,
            engine=engine,
            bus_sealer=bus_sealer,
            data_sealer=data_sealer,
            index=index,
            policy=policy,
            opened=opened,
        )

    return handle
