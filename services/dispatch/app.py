"""Dispatch: delivers intelligence to forces, records what they say, and serves operators."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from services.dispatch.attachments.routes import router as attachments_router
from services.dispatch.audit.routes import router as audit_router
from services.dispatch.dashboard.routes import router as dashboard_router
from services.dispatch.database import tables
from services.dispatch.delivery.webhooks import document_webhooks
from services.dispatch.delivery.worker import DeliveryWorker
from services.dispatch.deps import DispatchContext
from services.dispatch.forces.routes import router as forces_router
from services.dispatch.forces.service import ensure_forces_known
from services.dispatch.messages.handlers import followup_to_force_handler
from services.dispatch.messages.routes import router as messages_router
from services.dispatch.ops.routes import router as ops_router
from services.dispatch.ops.sampler import QueueSampler
from services.dispatch.packages.acknowledgements import AcknowledgementBatcher
from services.dispatch.packages.handlers import report_triaged_handler
from services.dispatch.packages.routes import router as packages_router
from services.dispatch.retention.routes import router as retention_router
from services.dispatch.retention.schedule import retention_forever
from services.dispatch.retention.settings import RetentionSettings
from services.dispatch.settings import DispatchSettings
from services.dispatch.stats.handlers import STATS_BATCH, STATS_HANDLERS
from services.dispatch.stats.routes import router as stats_router
from services.dispatch.tokens.routes import router as tokens_router
from shared.http import create_service_app, health_router
from shared.runtime import ServiceRuntime

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: DispatchSettings | None = None) -> FastAPI:
    settings = settings or DispatchSettings()
    runtime = ServiceRuntime(settings=settings, tables=tables, migrations_dir=MIGRATIONS)
    context = DispatchContext(settings, runtime)
    worker = DeliveryWorker(runtime=runtime, settings=settings, data_sealer=context.data_sealer)
    context.worker = worker
    context.acknowledgements = AcknowledgementBatcher(context)
    # Queue figures and rates for operators, and the queue and breaker gauges.
    sampler = QueueSampler(bus=runtime.bus, settings=settings, circuits=worker.circuit_states)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        async with runtime.db.transaction() as session:
            await ensure_forces_known(
                session,
                independent=(
                    settings.independent_destination,
                    settings.independent_destination_name,
                ),
            )
        runtime.consume(
            "dispatch.report-triaged",
            {
                "report.triaged": report_triaged_handler(
                    bus_sealer=runtime.sealer,
                    data_sealer=context.data_sealer,
                    public_url=settings.dispatch_public_url.rstrip("/"),
                    independent=settings.independent_destination,
                    on_new_package=worker.notify,
                )
            },
        )
        runtime.consume(
            "dispatch.followup",
            {
                "followup.to_force": followup_to_force_handler(
                    bus_sealer=runtime.sealer,
                    data_sealer=context.data_sealer,
                    on_new_notice=worker.notify,
                )
            },
        )
        # Every contact and assessment counted from the events (stats.service).
        runtime.consume("dispatch.stats", STATS_HANDLERS, hooks=STATS_BATCH)
        runtime.spawn(worker.run_forever(), "delivery worker")
        context.acknowledgements.start()
        runtime.spawn(retention_forever(runtime.db, RetentionSettings()), "retention")
        runtime.spawn(sampler.run_forever(), "queue sampler")
        yield
        await context.acknowledgements.stop()
        await worker.stop()
        await runtime.stop()
        await sampler.aclose()

    app = create_service_app(
        title="PACARS dispatch",
        description="Intelligence packages for police forces: delivery, acknowledgements, "
        "the force registry and operations.",
        lifespan=lifespan,
        max_body_bytes=settings.max_body_bytes,
    )
    app.state.dispatch = context
    app.state.queue_sampler = sampler
    # Matched in this order, and each router passed over costs a request 8-32 us here (FastAPI
    # tries every route of an included router, whatever its prefix): the forces' packages
    # and acknowledgements first, the probes last.
    app.include_router(packages_router)
    app.include_router(forces_router)
    app.include_router(attachments_router)  # evidence files, for the owning force only
    app.include_router(messages_router)
    document_webhooks(app)
    app.include_router(tokens_router)
    app.include_router(ops_router)
    app.include_router(stats_router)
    app.include_router(audit_router)
    app.include_router(retention_router)
    app.include_router(dashboard_router)  # the operations page (ops token)
    app.include_router(health_router(runtime.readiness))
    return app
