from __future__ import annotations

from fastapi import APIRouter, Query

from services.dispatch.audit import service
from services.dispatch.audit.schemas import AuditEntry, AuditVerification
from services.dispatch.deps import AdminDep, SessionDep
from shared.errors import Forbidden, Unauthorized, error_responses

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get(
    "",
    response_model=list[AuditEntry],
    responses=error_responses(Unauthorized, Forbidden),
    summary="The latest audit entries, newest first (admin)",
)
async def entries(
    _: AdminDep, session: SessionDep, limit: int = Query(100, ge=1, le=1000)
) -> list[AuditEntry]:
    return await service.recent_entries(session=session, limit=limit)


@router.get(
    "/verify",
    response_model=AuditVerification,
    responses=error_responses(Unauthorized, Forbidden),
    summary="Check dispatch's audit chain end to end (admin)",
)
async def verify(_: AdminDep, session: SessionDep) -> AuditVerification:
    return await service.verify(session=session)
