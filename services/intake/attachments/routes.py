"""The internal endpoint dispatch fetches evidence from, for a force that asked for it."""

from __future__ import annotations

import hmac
from uuid import UUID

from fastapi import APIRouter, Request, Response

from services.intake.attachments import service
from services.intake.deps import ContextDep
from shared.auth import bearer_token
from shared.errors import NotFound, Unauthorized, error_responses

router = APIRouter(prefix="/internal", tags=["internal"], include_in_schema=False)


def _require_internal(request: Request, expected: str) -> None:
    raw = bearer_token(request) or ""
    if not hmac.compare_digest(raw.encode(), expected.encode()):
        raise Unauthorized("Only PACARS's own services may fetch evidence here.")


@router.get(
    "/attachments/{attachment_id}",
    responses=error_responses(Unauthorized, NotFound),
    summary="An evidence file, decrypted, for dispatch (INTERNAL_TOKEN)",
)
async def get_attachment(attachment_id: UUID, request: Request, context: ContextDep) -> Response:
    _require_internal(request, context.settings.internal_token.get_secret_value())
    async with context.runtime.db.reader() as session:
        found = await service.read_attachment(
            session=session, attachment_id=attachment_id, sealer=context.data_sealer
        )
    return Response(found.data, media_type=found.media_type)
