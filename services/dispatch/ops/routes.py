from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query

from services.dispatch.audit.service import record_staff
from services.dispatch.deps import ContextDep, OpsDep, SessionDep
from services.dispatch.ops import service
from services.dispatch.ops.schemas import OverduePackage, ParkedPackage, QueueInfo
from shared.errors import (
    Conflict,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
    error_responses,
)

router = APIRouter(prefix="/v1/ops", tags=["operations"])


@router.get(
    "/queues",
    response_model=list[QueueInfo],
    responses=error_responses(Unauthorized, Forbidden, ServiceUnavailable),
    summary="Every queue's depth, consumers and parked count",
)
async def queues(_: OpsDep, context: ContextDep) -> list[QueueInfo]:
    return await service.queue_depths(context.runtime.bus)


@router.get(
    "/parked",
    response_model=list[ParkedPackage],
    responses=error_responses(Unauthorized, Forbidden),
    summary="Packages whose delivery gave up, oldest first",
)
async def parked(
    _: OpsDep, session: SessionDep, limit: int = Query(100, ge=1, le=1000)
) -> list[ParkedPackage]:
    return await service.list_parked(session=session, limit=limit)


@router.get(
    "/overdue",
    response_model=list[OverduePackage],
    responses=error_responses(Unauthorized, Forbidden),
    summary="Packages whose acknowledgement or outcome is overdue, longest overdue first",
)
async def overdue(
    _: OpsDep,
    session: SessionDep,
    context: ContextDep,
    force: str | None = Query(None, max_length=64),
    limit: int = Query(100, ge=1, le=1000),
) -> list[OverduePackage]:
    return await service.list_overdue(
        session=session, settings=context.settings, force=force, limit=limit
    )


@router.post(
    "/parked/{package_id}/replay",
    status_code=202,
    responses=error_responses(Unauthorized, Forbidden, NotFound, Conflict),
    summary="Deliver a parked package again",
)
async def replay(
    package_id: UUID, staff: OpsDep, session: SessionDep, context: ContextDep
) -> dict[str, str]:
    package = await service.replay_parked(session=session, package_id=package_id)
    await record_staff(session, staff, action="package.replay", target=str(package.id))
    context.worker.notify()
    return {"package_id": str(package.id), "status": package.status}
