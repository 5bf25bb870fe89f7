"""Triage: tags, sanitises and links reports; analysts review what it is unsure of."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from services.triage.assessments.handlers import assessing_handler
from services.triage.assessments.service import TriagePolicy, analyse_batch, assess_report
from services.triage.assessments.store import Indexer, OpenedFingerprints
from services.triage.database import tables
from services.triage.deps import TriageContext
from services.triage.engine import TriageEngine
from services.triage.followup.service import reassess_with_answer
from services.triage.retention.handlers import RETENTION_HANDLERS
from services.triage.review.routes import router as review_router
from services.triage.settings import TriageSettings
from shared.http import create_service_app, health_router
from shared.runtime import BatchHooks, ServiceRuntime

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: TriageSettings | None = None) -> FastAPI:
    settings = settings or TriageSettings()
    runtime = ServiceRuntime(settings=settings, tables=tables, migrations_dir=MIGRATIONS)
    engine = TriageEngine()
    policy = TriagePolicy(
        review_threshold=settings.review_threshold,
        repeat_subject_threshold=settings.repeat_subject_threshold,
    )
    context = TriageContext(settings, runtime)
    data_sealer = context.data_sealer

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        runtime.consume_staff_tokens("triage.staff-tokens")
        runtime.consume("triage.retention", RETENTION_HANDLERS)  # report.erased
        assessing = functools.partial(
            assessing_handler,
            engine=engine,
            bus_sealer=runtime.sealer,
            data_sealer=data_sealer,
            index=Indexer(settings.index_pepper.get_secret_value()),
            policy=policy,
            opened=OpenedFingerprints(),
        )
        # Each report's assessment row goes out with the batch's others when it commits:
        # flushed one report at a time, they cost a tenth of triage's CPU (session 9).
        # Nothing in an assessment reads another's row back through the ORM.
        runtime.consume(
            "triage.report-submitted",
            {"report.submitted": assessing(assess_report)},
            hooks=BatchHooks(
                prepare=functools.partial(analyse_batch, engine=engine, bus_sealer=runtime.sealer)
            ),
            flush_once=True,
        )
        # A reporter's answer to an insufficient report: assessed again with it.
        runtime.consume("triage.followup", {"followup.to_force": assessing(reassess_with_answer)})
        yield
        await runtime.stop()

    app = create_service_app(
        title="PACARS triage", lifespan=lifespan, max_body_bytes=settings.max_body_bytes
    )
    app.state.triage = context
    app.include_router(health_router(runtime.readiness))
    app.include_router(review_router)
    return app
