"""Annotated dependencies for intake's routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

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
        self.committer = GroupCommitter(runtime.db, on_commit=runtime.outbox.notify)
        self.receipts = ReceiptHasher(
            pepper=settings.receipt_pepper.get_secret_value(),
            memory_kib=settings.receipt_hash_memory_kib,
            time_cost=settings.receipt_hash_time_cost,
        )


def get_context(request: Request) -> IntakeContext:
    return request.app.state.intake  # type: ignore[no-any-return]


ContextDep = Annotated[IntakeContext, Depends(get_context)]


async def get_session(context: ContextDep) -> AsyncIterator[AsyncSession]:
    """The request's transaction: committed before the response is sent (scope=function)."""
    async with context.runtime.db.transaction() as session:
        yield session
    context.runtime.outbox.notify()


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


def require_json(request: Request) -> None:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise UnsupportedMediaType("Send the report as JSON (Content-Type: application/json).")


JsonBody = Depends(require_json)
