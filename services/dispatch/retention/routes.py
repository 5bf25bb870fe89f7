from __future__ import annotations

from fastapi import APIRouter, Query

from services.dispatch.deps import OpsDep, SessionDep
from services.dispatch.retention import service
from services.dispatch.retention.schemas import RetentionRun
from services.dispatch.retention.settings import RetentionSettings
from shared.errors import Forbidden, Unauthorized, error_responses

router = APIRouter(prefix="/v1/ops/retention", tags=["operations"])


@router.post(
    "/run",
    response_model=RetentionRun,
    responses=error_responses(Unauthorized, Forbidden),
    summary="Delete closed cases whose retention time is up (dry_run: only count them)",
)
async def run(staff: OpsDep, session: SessionDep, dry_run: bool = Query(False)) -> RetentionRun:
    return await service.run_retention(
        session=session,
        settings=RetentionSettings(),
        dry_run=dry_run,
        actor=staff.name,
        role=staff.role,
    )
