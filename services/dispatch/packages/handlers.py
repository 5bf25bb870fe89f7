from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.packages.service import create_package
from shared.crypto import Sealer
from shared.events import ReportTriaged


def report_triaged_handler(
    *,
    bus_sealer: Sealer,
    data_sealer: Sealer,
    public_url: str,
    independent: str,
    on_new_package: Callable[[], None],
) -> Callable[[AsyncSession, ReportTriaged], Awaitable[None]]:
    async def on_report_triaged(session: AsyncSession, event: ReportTriaged) -> None:
        package = await create_package(
            session=session,
            event=event,
            bus_sealer=bus_sealer,
            data_sealer=data_sealer,
            public_url=public_url,
            independent=independent,
        )
        if package is not None:
            on_new_package()

    return on_report_triaged
