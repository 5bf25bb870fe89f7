from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from services.triage.assessments.service import TriagePolicy, assess_report
from services.triage.assessments.store import Indexer
from services.triage.engine import TriageEngine
from shared.crypto import Sealer
from shared.events import ReportSubmitted


def report_submitted_handler(
    *,
    engine: TriageEngine,
    bus_sealer: Sealer,
    data_sealer: Sealer,
    index: Indexer,
    policy: TriagePolicy,
) -> Callable[[AsyncSession, ReportSubmitted], Awaitable[None]]:
    async def on_report_submitted(session: AsyncSession, event: ReportSubmitted) -> None:
        await assess_report(
            session=session,
            event=event,
            engine=engine,
            bus_sealer=bus_sealer,
            data_sealer=data_sealer,
            index=index,
            policy=policy,
        )

    return on_report_submitted
