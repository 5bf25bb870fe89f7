"""The baseline: a bare FastAPI endpoint that validates the same model and does nothing else.

Served exactly as intake is (shared.server.serve: the same uvicorn settings, so the same
uvloop event loop and httptools parser, no access log, no proxy headers, and the same
logging set-up at the bench's WARNING level, and the same garbage collector settings), so
the ratio compares the work, not the server."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, status

from services.intake.reports.schemas import ReportAccepted, ReportCreate
from shared.http import tune_gc
from shared.server import serve
from shared.settings import SharedSettings


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    tune_gc()  # as intake does after its start-up
    yield


app = FastAPI(lifespan=lifespan)


@app.post(
    "/v1/reports",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ReportAccepted,
    response_model_exclude_none=True,
)
async def submit(report_in: ReportCreate) -> ReportAccepted:
    return ReportAccepted(reference="PACR-0000-0000")


if __name__ == "__main__":
    serve(
        app,
        SharedSettings(
            service_name="bare",
            host="127.0.0.1",
            port=int(os.environ["BARE_PORT"]),
            log_level=os.environ.get("LOG_LEVEL", "WARNING"),
        ),
    )
