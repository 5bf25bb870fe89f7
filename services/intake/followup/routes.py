from __future__ import annotations

from fastapi import APIRouter, status

from services.intake.deps import ContextDep, JsonBody, ReceiptReportDep, SessionDep
from services.intake.followup import service
from services.intake.followup.schemas import FollowupPublic, MessageAccepted, MessageCreate
from shared.errors import (
    TooManyRequests,
    Unauthorized,
    Unprocessable,
    UnsupportedMediaType,
    error_responses,
)

router = APIRouter(prefix="/v1/followup", tags=["follow-up"])


@router.get(
    "",
    response_model=FollowupPublic,
    response_model_by_alias=True,
    responses=error_responses(Unauthorized, TooManyRequests),
    summary="Where the report stands, and the messages (Authorization: Receipt ...)",
)
async def get_followup(
    report: ReceiptReportDep, session: SessionDep, context: ContextDep
) -> FollowupPublic:
    return await service.followup_view(
        session=session, report=report, data_sealer=context.data_sealer
    )


@router.post(
    "/messages",
    status_code=status.HTTP_201_CREATED,
    response_model=MessageAccepted,
    dependencies=[JsonBody],
    responses=error_responses(Unauthorized, TooManyRequests, Unprocessable, UnsupportedMediaType),
    summary="A message to whoever holds the report (Authorization: Receipt ...)",
)
async def post_message(
    message_in: MessageCreate, report: ReceiptReportDep, session: SessionDep, context: ContextDep
) -> MessageAccepted:
    return await service.send_message(
        session=session,
        report=report,
        message_in=message_in,
        data_sealer=context.data_sealer,
        bus_sealer=context.runtime.sealer,
    )
