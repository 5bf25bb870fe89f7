from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from services.dispatch.deps import ContextDep, ForceDep, SessionDep
from services.dispatch.messages import service
from services.dispatch.messages.schemas import (
    MessageAccepted,
    MessageCreate,
    ReporterMessagePublic,
)
from services.dispatch.packages.routes import ForceOrOpsDep
from services.dispatch.packages.service import own_package
from shared.errors import Forbidden, NotFound, Unauthorized, Unprocessable, error_responses

router = APIRouter(prefix="/v1/intelligence", tags=["messages"])
_ERRORS = error_responses(Unauthorized, Forbidden, NotFound, Unprocessable)


@router.post(
    "/{package_id}/messages",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=MessageAccepted,
    responses=_ERRORS,
    summary="A question or note for the anonymous reporter of one of this force's packages",
)
async def message_reporter(
    package_id: UUID,
    message_in: MessageCreate,
    force: ForceDep,
    session: SessionDep,
    context: ContextDep,
) -> MessageAccepted:
    package = await own_package(session, force, package_id)
    return await service.send_to_reporter(
        session=session, package=package, text=message_in.text, bus_sealer=context.runtime.sealer
    )


@router.get(
    "/{package_id}/messages",
    response_model=list[ReporterMessagePublic],
    responses=_ERRORS,
    summary="The reporter's messages about a package (also pushed as reporter.message)",
)
async def reporter_messages(
    package_id: UUID, caller: ForceOrOpsDep, session: SessionDep, context: ContextDep
) -> list[ReporterMessagePublic]:
    package = await own_package(session, caller, package_id)
    return await service.reporter_messages(
        session=session, package=package, data_sealer=context.data_sealer
    )
