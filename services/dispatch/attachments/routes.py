from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

import httpx
from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from services.dispatch.attachments import service
from services.dispatch.deps import ContextDep, ForceDep
from shared.errors import NotFound, ServiceUnavailable, Unauthorized, error_responses

router = APIRouter(prefix="/v1/intelligence", tags=["intelligence"])


@router.get(
    "/{package_id}/attachments/{attachment_id}",
    responses={
        200: {"description": "The file (metadata already stripped by intake)"},
        **error_responses(Unauthorized, NotFound, ServiceUnavailable),
    },
    response_class=StreamingResponse,
    summary="An evidence file of one of the force's packages (the force's API key)",
)
async def get_attachment(
    package_id: UUID, attachment_id: UUID, force: ForceDep, context: ContextDep
) -> StreamingResponse:
    async with context.runtime.db.reader() as session:
        link = await service.listed_attachment(
            session=session,
            force=force,
            package_id=package_id,
            attachment_id=attachment_id,
            data_sealer=context.data_sealer,
        )
    settings = context.settings
    client = httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=5.0))
    url = f"{settings.intake_url.rstrip('/')}/internal/attachments/{link.attachment_id}"
    headers = {"Authorization": f"Bearer {settings.internal_token.get_secret_value()}"}
    try:
        upstream = await client.send(client.build_request("GET", url, headers=headers), stream=True)
    except httpx.HTTPError as exc:
        await client.aclose()
        raise ServiceUnavailable("The evidence store is not reachable; try again.") from exc
    if upstream.status_code != 200:
        await upstream.aclose()
        await client.aclose()
        if upstream.status_code == 404:
            raise NotFound("The attachment is no longer held.")
        raise ServiceUnavailable("The evidence store did not answer; try again.")

    async def body() -> AsyncIterator[bytes]:
        try:
            async for chunk in upstream.aiter_bytes():
                yield chunk
        finally:
            await upstream.aclose()
            await client.aclose()

    extension = {
        "image/jpeg": "jpg",
        "image/png": "png",
        "application/pdf": "pdf",
        "text/plain": "txt",
    }.get(link.media_type, "bin")
    return StreamingResponse(
        body(),
        media_type=link.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{link.attachment_id}.{extension}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
