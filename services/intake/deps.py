"""Annotated dependencies for intake's routes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.followup import service as followup_service
from services.intake.ratelimit import ClientLimiter, ReceiptGuessLimiter
from services.intake.reports.models import Report
from services.intake.reports.receipts import ReceiptHasher
from services.intake.settings import IntakeSettings
from shared.auth import Staff, bearer_token
from shared.crypto import Sealer
from shared.errors import UnsupportedMediaType
from shared.group_commit import GroupCommitter
from shared.runtime import ServiceRuntime


class IntakeContext:
    """What intake's routes need beyond the shared runtime."""

    def __init__(self, settings: IntakeSettings, runtime: ServiceRuntime) -> None:
        self.settings = settings
        self.runtime = runtime
        self.data_sealer = Sealer(settings.data_keys.get_secret_value())
        # Hands each commit's outbox rows to the relay (and deletes the confirmed ones).
        self.committer = GroupCommitter(runtime.db, outbox=runtime.outbox)
        self.receipts = ReceiptHasher(
            pepper=settings.receipt_pepper.get_secret_value(),
            memory_kib=settings.receipt_hash_memory_kib,
            time_cost=settings.receipt_hash_time_cost,
        )
        self.submissions = ClientLimiter(
            limit=settings.submissions_per_client,
            window_seconds=settings.submission_window_seconds,
            exempt=settings.rate_limit_exempt,
        )
        # See IntakeSettings.evidence_reports_at_once.
        self.evidence_slots = asyncio.Semaphore(settings.evidence_reports_at_once)
        self.receipt_guesses = ReceiptGuessLimiter(
            per_prefix=settings.receipt_failures_per_prefix,
            global_limit=settings.receipt_failures_global,
            window_seconds=settings.receipt_failure_window_seconds,
        )


async def get_context(request: Request) -> IntakeContext:
    """Async on purpose: FastAPI runs a plain `def` dependency in its thread pool, a thread
    hop on every request for what is an attribute read."""
    return request.app.state.intake  # type: ignore[no-any-return]


ContextDep = Annotated[IntakeContext, Depends(get_context)]


async def get_session(context: ContextDep) -> AsyncIterator[AsyncSession]:
    """The request's transaction: committed before the response is sent (scope=function)."""
    async with context.runtime.db.transaction() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def optional_staff(request: Request, context: ContextDep) -> Staff | None:
    """A staff token is optional on public routes; when sent, it must be valid."""
    if bearer_token(request) is None:
        return None
    async with context.runtime.db.reader() as session:
        return await context.runtime.tables.staff_tokens.authenticate(
            session,
            request,
            ("call_handler",),
            admin_token=context.settings.admin_token.get_secret_value(),
        )


OptionalStaffDep = Annotated[Staff | None, Depends(optional_staff)]


async def require_json(request: Request) -> None:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).")


JsonBody = Depends(require_json)


async def limit_submissions(request: Request, context: ContextDep) -> None:
    """Per-client submission budget (in memory, keyed hash; see ratelimit)."""
    if bearer_token(request) is None:  # call handlers (checked by the route) are not limited
        context.submissions.check(request)


SubmissionLimit = Depends(limit_submissions)


async def submission_context(request: Request) -> tuple[IntakeContext, Staff | None]:
    """What POST /v1/reports needs before it reads the body: the context, the optional staff
    token (valid when sent), and the per-client budget for submissions without one."""
    context: IntakeContext = request.app.state.intake
    if bearer_token(request) is None:
        context.submissions.check(request)
        return context, None
    return context, await optional_staff(request, context)


async def receipt_report(request: Request, context: ContextDep) -> Report:
    """The report the `Authorization: Receipt ...` header opens (401 after a constant delay)."""
    return await followup_service.report_for_receipt(
        db=context.runtime.db,
        hasher=context.receipts,
        limiter=context.receipt_guesses,
        raw=followup_service.receipt_from_header(request.headers.get("authorization")),
        floor_seconds=context.settings.receipt_check_floor_seconds,
    )


ReceiptReportDep = Annotated[Report, Depends(receipt_report)]
