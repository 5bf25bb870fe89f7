"""Annotated dependencies for dispatch's routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.delivery.worker import DeliveryWorker
from services.dispatch.forces.models import ForceRecord
from services.dispatch.forces.service import force_by_api_key
from services.dispatch.settings import DispatchSettings
from shared.auth import Staff, bearer_token
from shared.crypto import Sealer
from shared.errors import Unauthorized
from shared.runtime import ServiceRuntime

if TYPE_CHECKING:
    from services.dispatch.packages.acknowledgements import AcknowledgementBatcher


class DispatchContext:
    def __init__(self, settings: DispatchSettings, runtime: ServiceRuntime) -> None:
        self.settings = settings
        self.runtime = runtime
        self.data_sealer = Sealer(settings.data_keys.get_secret_value())
        self.worker: DeliveryWorker  # set by create_app
        self.acknowledgements: AcknowledgementBatcher  # set by create_app


async def get_context(request: Request) -> DispatchContext:
    """Async, as intake's: FastAPI runs a plain `def` dependency in its thread pool."""
    return request.app.state.dispatch  # type: ignore[no-any-return]


ContextDep = Annotated[DispatchContext, Depends(get_context)]


async def get_session(context: ContextDep) -> AsyncIterator[AsyncSession]:
    """The request's transaction: committed before the response is sent (scope=function)."""
    async with context.runtime.db.transaction() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


def require_staff(*roles: str):  # type: ignore[no-untyped-def]
    async def dependency(request: Request, context: ContextDep) -> Staff:
        async with context.runtime.db.reader() as session:
            return await context.runtime.tables.staff_tokens.authenticate(
                session,
                request,
                roles,
                admin_token=context.settings.admin_token.get_secret_value(),
            )

    return Depends(dependency)


AdminDep = Annotated[Staff, require_staff("admin")]
OpsDep = Annotated[Staff, require_staff("ops")]


async def current_force(request: Request, context: ContextDep) -> ForceRecord:
    raw = bearer_token(request)
    if raw is None:
        raise Unauthorized("The force's API key is required (Authorization: Bearer ...).")
    async with context.runtime.db.reader() as session:
        force = await force_by_api_key(session, raw)
    if force is None:
        raise Unauthorized("The API key is not valid.")
    return force


ForceDep = Annotated[ForceRecord, Depends(current_force)]
