from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from services.triage.assessments.service import TriagePolicy
from services.triage.assessments.store import Indexer
from services.triage.engine import TriageEngine
from services.triage.followup.service import reassess_with_answer
from shared.crypto import Sealer
from shared.events import FollowupToForce


def followup_to_force_handler(
    *,
    engine: TriageEngine,
    bus_sealer: Sealer,
    data_sealer: Sealer,
    index: Indexer,
    policy: TriagePolicy,
) -> Callable[[AsyncSession, FollowupToForce], Awaitable[None]]:
    async def on_followup_to_force(session: AsyncSession, event: FollowupToForce) -> None:
        await reassess_with_answer(
            session=session,
            event=event,
            engine=engine,
            bus_sealer=bus_sealer,
            data_sealer=data_sealer,
            index=index,
            policy=policy,
        )

    return on_followup_to_force
