from __future__ import annotations

from fastapi import APIRouter, status

from services.intake.deps import ContextDep, JsonBody, OptionalStaffDep
from services.intake.reports import service
from services.intake.reports.schemas import ReportAccepted, ReportCreate
from shared.errors import (
    Forbidden,
    PayloadTooLarge,
    Unauthorized,
    Unprocessable,
    UnsupportedMediaType,
    error_responses,
)

router = APIRouter(prefix="/v1", tags=["reports"])


@router.post(
    "/reports",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ReportAccepted,
    response_model_exclude_none=True,
    dependencies=[JsonBody],
    responses=error_responses(
        Unauthorized, Forbidden, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    ),
    summary="Report a police officer, member of staff or volunteer, anonymously",
)
async def submit_report(
    report_in: ReportCreate, context: ContextDep, staff: OptionalStaffDep
) -> ReportAccepted:
    if report_in.channel == "phone" and staff is None:
        raise Unauthorized("Phone reports are taken by call handlers: send a call_handler token.")
    receipt = await service.make_receipt(context.receipts) if report_in.follow_up else None
    return await service.create_report(
        committer=context.committer,
        report_in=report_in,
        receipt=receipt,
        data_sealer=context.data_sealer,
        bus_sealer=context.runtime.sealer,
    )
