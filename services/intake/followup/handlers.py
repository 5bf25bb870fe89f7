"""Bus consumers for the follow-up loop (on intake's status queue)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.followup import service
from shared.crypto import Sealer
from shared.events import FollowupToReporter
from shared.runtime import EventHandler


def followup_handlers(*, bus_sealer: Sealer, data_sealer: Sealer) -> dict[str, EventHandler]:
    async def on_followup_to_reporter(session: AsyncSession, event: FollowupToReporter) -> None:
        await service.record_message_to_reporter(
            session=session, event=event, bus_sealer=bus_sealer, data_sealer=data_sealer
        )

    return {"followup.to_reporter": on_followup_to_reporter}
