"""Intake: the public face of PACARS: the API, the web pages, the call-handler console and
the way back to the reporter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from services.intake.attachments.routes import router as attachments_router
from services.intake.callhandler.routes import router as callhandler_router
from services.intake.database import tables
from services.intake.deps import IntakeContext
from services.intake.followup.handlers import followup_handlers
from services.intake.followup.routes import router as followup_router
from services.intake.reports.routes import router as reports_router
from services.intake.retention.handlers import RETENTION_HANDLERS
from services.intake.settings import IntakeSettings
from services.intake.status.handlers import HANDLERS as STATUS_HANDLERS
from services.intake.web.routes import router as web_router
from shared.http import create_service_app, health_router, return_large_blocks, tune_gc
from shared.runtime import ServiceRuntime

MIGRATIONS = Path(__file__).parent / "migrations"

# The routes that take evidence files; only they may exceed MAX_BODY_BYTES.
UPLOAD_PATHS = ("/v1/reports", "/report", "/console/report")

# Sent with every answer: nothing cached by the browser or a proxy, no referrer, no
# third-party anything (the pages need only their own stylesheet), no framing.
PRIVACY_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    settings = settings or IntakeSettings()
    runtime = ServiceRuntime(settings=settings, tables=tables, migrations_dir=MIGRATIONS)
    context = IntakeContext(settings, runtime)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        context.committer.start()
        runtime.consume_staff_tokens("intake.staff-tokens")
        runtime.consume("intake.retention", RETENTION_HANDLERS)  # report.erased
        runtime.consume(
            "intake.status",
            {
                **STATUS_HANDLERS,
                **followup_handlers(bus_sealer=runtime.sealer, data_sealer=context.data_sealer),
            },
            linger=settings.status_batch_linger_seconds,
        )
        tune_gc()
        return_large_blocks()  # evidence uploads
        yield
        await context.committer.stop()
        await runtime.stop()

    # Every file at its largest, plus the rest of the form.
    upload_limit = (
        settings.max_attachments * settings.max_attachment_bytes + settings.max_body_bytes
    )
    app = create_service_app(
        title="PACARS intake",
        description="Anonymous reports about police officers, staff and volunteers.",
        lifespan=lifespan,
        max_body_bytes=settings.max_body_bytes,
        body_limit_overrides=dict.fromkeys(UPLOAD_PATHS, upload_limit),
        # Added by the access-log middleware: one layer fewer on every request.
        response_headers=PRIVACY_HEADERS,
    )

    app.state.intake = context
    # Matched in this order, and each router passed over costs a request 6-25 us here (FastAPI
    # tries every route of an included router, whatever its prefix): submissions first,
    # the probes last.
    app.include_router(reports_router)
    app.include_router(followup_router)
    app.include_router(attachments_router)
    app.include_router(web_router)
    app.include_router(callhandler_router)
    app.include_router(health_router(runtime.readiness))
    return app
