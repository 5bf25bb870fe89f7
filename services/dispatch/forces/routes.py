from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter

from services.dispatch.audit.service import record_staff
from services.dispatch.deps import AdminDep, ContextDep, OpsDep, SessionDep
from services.dispatch.forces import service
from services.dispatch.forces.schemas import ForceCredentials, ForcePublic, ForceUpdate
from shared.errors import Forbidden, NotFound, Unauthorized, Unprocessable, error_responses

router = APIRouter(prefix="/v1/forces", tags=["forces"])
_ERRORS = error_responses(Unauthorized, Forbidden, NotFound, Unprocessable)


@router.get(
    "",
    response_model=list[ForcePublic],
    responses=_ERRORS,
    summary="Every force with its delivery health",
)
async def list_forces(_: OpsDep, session: SessionDep, context: ContextDep) -> list[ForcePublic]:
    return await service.list_forces(
        session, settings=context.settings, circuits=context.worker.circuit_states()
    )


@router.put(
    "/{code}",
    response_model=ForceCredentials,
    response_model_exclude_none=True,
    responses=_ERRORS,
    summary="Onboard or update a force",
)
async def put_force(
    code: str, update_in: ForceUpdate, staff: AdminDep, session: SessionDep, context: ContextDep
) -> ForceCredentials:
    answer = await service.update_force(
        session=session, code=code, update_in=update_in, sealer=context.data_sealer
    )
    changed = update_in.model_dump(mode="json", exclude_unset=True)
    await record_staff(session, staff, action="force.update", target=code, detail=changed)
    return answer


@router.post(
    "/{code}/rotate-secret",
    responses=_ERRORS,
    summary="New signing secret; the old one still verifies for 24 hours",
)
async def rotate_secret(
    code: str, staff: AdminDep, session: SessionDep, context: ContextDep
) -> dict[str, str]:
    secret = await service.rotate_secret(
        session=session,
        code=code,
        sealer=context.data_sealer,
        overlap=timedelta(hours=context.settings.secret_overlap_hours),
    )
    await record_staff(session, staff, action="force.rotate_secret", target=code)
    return {"code": code, "signing_secret": secret}


@router.post("/{code}/rotate-key", responses=_ERRORS, summary="New API key for a force")
async def rotate_key(code: str, staff: AdminDep, session: SessionDep) -> dict[str, str]:
    api_key = await service.rotate_api_key(session=session, code=code)
    await record_staff(session, staff, action="force.rotate_key", target=code)
    return {"code": code, "api_key": api_key}
