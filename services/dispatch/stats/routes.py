from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query

from services.dispatch.deps import ContextDep, OpsDep, SessionDep
from services.dispatch.stats import service
from services.dispatch.stats.schemas import Statistics
from shared.errors import Forbidden, Unauthorized, Unprocessable, error_responses

router = APIRouter(prefix="/v1/stats", tags=["statistics"])


@router.get(
    "",
    response_model=Statistics,
    response_model_by_alias=True,
    responses=error_responses(Unauthorized, Forbidden, Unprocessable),
    summary="National figures for reports received in a period (default: all time)",
)
async def statistics(
    _: OpsDep,
    session: SessionDep,
    context: ContextDep,
    from_day: date | None = Query(None, alias="from", description="ISO date, inclusive"),
    to_day: date | None = Query(None, alias="to", description="ISO date, inclusive"),
) -> Statistics:
    return await service.statistics(
        session=session, settings=context.settings, from_day=from_day, to_day=to_day
    )
