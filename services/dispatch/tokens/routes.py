from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from services.dispatch.audit.service import record_staff
from services.dispatch.deps import AdminDep, SessionDep
from services.dispatch.tokens import service
from services.dispatch.tokens.schemas import TokenCreate, TokenIssued
from shared.errors import Forbidden, NotFound, Unauthorized, Unprocessable, error_responses

router = APIRouter(prefix="/v1/tokens", tags=["tokens"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenIssued,
    responses=error_responses(Unauthorized, Forbidden, Unprocessable),
    summary="Issue a staff token (shown once)",
)
async def issue_token(token_in: TokenCreate, staff: AdminDep, session: SessionDep) -> TokenIssued:
    issued = await service.issue_token(session=session, token_in=token_in)
    await record_staff(
        session,
        staff,
        action="token.issue",
        target=str(issued.token_id),
        detail={"role": issued.role},
    )
    return issued


@router.delete(
    "/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(Unauthorized, Forbidden, NotFound),
    summary="Revoke a staff token everywhere",
)
async def revoke_token(token_id: UUID, staff: AdminDep, session: SessionDep) -> Response:
    await service.revoke_token(session=session, token_id=token_id)
    await record_staff(session, staff, action="token.revoke", target=str(token_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
