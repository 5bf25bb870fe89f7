"""Intake: the public face of PACARS (API and, later, the web form and follow-up)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from services.intake.database import tables
from services.intake.deps import IntakeContext
from services.intake.reports.routes import router as reports_router
from services.intake.settings import IntakeSettings
from services.intake.status.handlers import HANDLERS as STATUS_HANDLERS
from shared.http import create_service_app, health_router
from shared.runtime import ServiceRuntime

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    settings = settings or IntakeSettings()
    runtime = ServiceRuntime(settings=settings, tables=tables, migrations_dir=MIGRATIONS)
    context = IntakeContext(settings, runtime)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        context.committer.start()
        runtime.consume_staff_tokens("intake.staff-tokens")
        runtime.consume("intake.status", STATUS_HANDLERS)
        yield
        await context.committer.stop()
        await runtime.stop()

    app = create_service_app(
        title="PACARS intake",
        description="Anonymous reports about police officers, staff and volunteers.",
        lifespan=lifespan,
        max_body_bytes=settings.max_body_bytes,
    )
    app.state.intake = context
    app.include_router(health_router(runtime.readiness))
    app.include_router(reports_router)
    return app
