from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.messages.service import receive_from_reporter
from shared.crypto import Sealer
from shared.events import FollowupToForce


def followup_to_force_handler(
    *, bus_sealer: Sealer, data_sealer: Sealer, on_new_notice: Callable[[], None]
) -> Callable[[AsyncSession, FollowupToForce], Awaitable[None]]:
    async def on_followup_to_force(session: AsyncSession, event: FollowupToForce) -> None:
        await receive_from_reporter(
            session=session, event=event, bus_sealer=bus_sealer, data_sealer=data_sealer
        )
        on_new_notice()

    return on_followup_to_force
