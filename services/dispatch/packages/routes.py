from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, status

from services.dispatch.audit.service import record_force, record_staff
from services.dispatch.deps import ContextDep, ForceDep, SessionDep
from services.dispatch.forces.models import ForceRecord
from services.dispatch.forces.service import force_by_api_key
from services.dispatch.packages import service
from services.dispatch.packages.schemas import (
    AcknowledgementCreate,
    AcknowledgementPublic,
    PackageStatus,
    PulledPackage,
)
from shared.auth import bearer_token
from shared.errors import Forbidden, NotFound, Unauthorized, Unprocessable, error_responses

router = APIRouter(prefix="/v1/intelligence", tags=["intelligence"])
_ERRORS = error_responses(Unauthorized, Forbidden, NotFound, Unprocessable)


async def force_or_operator(request: Request, context: ContextDep) -> ForceRecord | None:
    """A force (its own packages only) or an operator (all of them)."""
    raw = bearer_token(request)
    if raw is None:
        raise Unauthorized("A force API key or an ops token is required.")
    async with context.runtime.db.reader() as session:
        force = await force_by_api_key(session, raw)
        if force is not None:
            return force
        # Kept for the audit entry of what the operator reads.
        request.state.staff = await context.runtime.tables.staff_tokens.authenticate(
            session, request, ("ops",), admin_token=context.settings.admin_token.get_secret_value()
        )
    return None


ForceOrOpsDep = Annotated[ForceRecord | None, Depends(force_or_operator)]


@router.get(
    "",
    response_model=list[PulledPackage],
    responses=_ERRORS,
    summary="Pull this force's packages not yet delivered",
)
async def pull_packages(
    force: ForceDep,
    session: SessionDep,
    context: ContextDep,
    status_filter: Literal["undelivered"] = Query("undelivered", alias="status"),
    limit: int = Query(100, ge=1, le=500),
) -> list[PulledPackage]:
    return await service.undelivered(
        session=session, force=force, data_sealer=context.data_sealer, limit=limit
    )


@router.get(
    "/{package_id}",
    response_model=PackageStatus,
    responses=_ERRORS,
    summary="A package's status and delivery history",
)
async def get_package(
    package_id: UUID,
    caller: ForceOrOpsDep,
    session: SessionDep,
    context: ContextDep,
    request: Request,
) -> PackageStatus:
    found = await service.package_status(
        session=session, force=caller, package_id=package_id, settings=context.settings
    )
    if caller is not None:
        await record_force(session, caller, action="package.read", target=str(package_id))
    else:
        await record_staff(
            session, request.state.staff, action="package.read", target=str(package_id)
        )
    return found


@router.post(
    "/{package_id}/acknowledgements",
    status_code=status.HTTP_201_CREATED,
    response_model=AcknowledgementPublic,
    responses=_ERRORS,
    summary="Acknowledge a package or report its outcome",
)
async def acknowledge_package(
    package_id: UUID,
    ack_in: AcknowledgementCreate,
    force: ForceDep,
    context: ContextDep,
) -> AcknowledgementPublic:
    # Committed with the other acknowledgements arriving meanwhile (packages.acknowledgements).
    return await context.acknowledgements.acknowledge(
        force=force, package_id=package_id, ack_in=ack_in
    )
