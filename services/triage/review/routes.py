from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query

from services.triage.deps import AnalystDep, ContextDep, SessionDep
from services.triage.review import service
from services.triage.review.schemas import ReviewDecisionIn, ReviewItem, ReviewOutcome
from shared.errors import (
    Conflict,
    Forbidden,
    NotFound,
    Unauthorized,
    Unprocessable,
    error_responses,
)

router = APIRouter(prefix="/v1/review", tags=["review"])


@router.get(
    "",
    response_model=list[ReviewItem],
    responses=error_responses(Unauthorized, Forbidden),
    summary="Results triage is not sure of, oldest first",
)
async def list_reviews(
    _: AnalystDep, session: SessionDep, context: ContextDep, limit: int = Query(50, ge=1, le=500)
) -> list[ReviewItem]:
    return await service.pending_reviews(
        session=session, data_sealer=context.data_sealer, limit=limit
    )


@router.post(
    "/{report_id}",
    response_model=ReviewOutcome,
    responses=error_responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable),
    summary="An analyst's decision; it then flows on as report.triaged",
)
async def decide(
    report_id: UUID,
    decision_in: ReviewDecisionIn,
    analyst: AnalystDep,
    session: SessionDep,
    context: ContextDep,
) -> ReviewOutcome:
    return await service.decide(
        session=session,
        report_id=report_id,
        decision_in=decision_in,
        analyst=analyst,
        data_sealer=context.data_sealer,
        bus_sealer=context.runtime.sealer,
    )
