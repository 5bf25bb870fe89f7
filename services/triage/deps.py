"""Annotated dependencies for triage's routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from services.triage.settings import TriageSettings
from shared.auth import Staff
from shared.crypto import Sealer
from shared.runtime import ServiceRuntime


class TriageContext:
    def __init__(self, settings: TriageSettings, runtime: ServiceRuntime) -> None:
        self.settings = settings
        self.runtime = runtime
        self.data_sealer = Sealer(settings.data_keys.get_secret_value())


async def get_context(request: Request) -> TriageContext:
    """Async, as intake's: FastAPI runs a plain `def` dependency in its thread pool."""
    return request.app.state.triage  # type: ignore[no-any-return]


ContextDep = Annotated[TriageContext, Depends(get_context)]


async def get_session(context: ContextDep) -> AsyncIterator[AsyncSession]:
    """The request's transaction: committed before the response is sent (scope=function)."""
    async with context.runtime.db.transaction() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def current_analyst(request: Request, context: ContextDep) -> Staff:
    async with context.runtime.db.reader() as session:
        return await context.runtime.tables.staff_tokens.authenticate(
            session,
            request,
            ("analyst",),
            admin_token=context.settings.admin_token.get_secret_value(),
        )


AnalystDep = Annotated[Staff, Depends(current_analyst)]
