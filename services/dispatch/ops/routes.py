from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Request

from services.dispatch.audit.service import record_staff
from services.dispatch.deps import ContextDep, OpsDep, SessionDep
from services.dispatch.ops import service
from services.dispatch.ops.sampler import QueueSampler
from services.dispatch.ops.schemas import (
    MessagesReplayed,
    OverduePackage,
    ParkedMessage,
    ParkedPackage,
    QueueInfo,
)
from shared.errors import (
    Conflict,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
    error_responses,
)

router = APIRouter(prefix="/v1/ops", tags=["operations"])


async def get_sampler(request: Request) -> QueueSampler | None:
    """The app's queue sampler (set by create_app), if it has one."""
    return getattr(request.app.state, "queue_sampler", None)


SamplerDep = Annotated[QueueSampler | None, Depends(get_sampler)]


@router.get(
    "/queues",
    response_model=list[QueueInfo],
    responses=error_responses(Unauthorized, Forbidden, ServiceUnavailable),
    summary="Every queue's depth, ready and unacked counts, consumers, rates and parked count",
)
async def queues(_: OpsDep, context: ContextDep, sampler: SamplerDep) -> list[QueueInfo]:
    return await service.queue_depths(context.runtime.bus, sampler=sampler)


@router.get(
    "/parked-messages",
    response_model=list[ParkedMessage],
    responses=error_responses(Unauthorized, Forbidden, NotFound, ServiceUnavailable),
    summary="Messages in the parking queues, left in place (ids and reasons, never content)",
)
async def parked_messages(
    _: OpsDep,
    context: ContextDep,
    queue: str | None = Query(None, max_length=200, description="one queue; default all"),
    limit: int = Query(100, ge=1, le=1000),
) -> list[ParkedMessage]:
    return await service.list_parked_messages(bus=context.runtime.bus, queue=queue, limit=limit)


@router.post(
    "/parked-messages/{queue}/replay",
    status_code=202,
    response_model=MessagesReplayed,
    responses=error_responses(Unauthorized, Forbidden, NotFound, ServiceUnavailable),
    summary="Put parked messages back into the queue they were parked from",
)
async def replay_messages(
    staff: OpsDep,
    context: ContextDep,
    queue: Annotated[str, Path(max_length=200)],
    event_id: Annotated[
        list[str] | None, Query(description="only these (repeatable); default all")
    ] = None,
) -> MessagesReplayed:
    db = context.runtime.db

    async def audit_request(queue_name: str) -> None:
        # Committed before the broker acts: a database that cannot record the request
        # stops the replay, so no operator's replay goes unaudited.
        async with db.transaction() as session:
            await record_staff(
                session,
                staff,
                action="bus_message.replay_requested",
                target=queue_name,
                detail={"event_ids": sorted(event_id) if event_id else "all"},
            )

    result = await service.replay_parked_messages(
        bus=context.runtime.bus, queue=queue, event_ids=event_id, before_replay=audit_request
    )
    async with db.transaction() as session:
        for replayed in result.event_ids:
            await record_staff(
                session, staff, action="bus_message.replay", target=f"{result.queue}/{replayed}"
            )
    return result


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
