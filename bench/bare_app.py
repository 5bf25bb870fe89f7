"""The baseline: a bare FastAPI endpoint that validates the same model and does nothing else."""

from __future__ import annotations

import os

import uvicorn
from fastapi import FastAPI, status

from services.intake.reports.schemas import ReportAccepted, ReportCreate

app = FastAPI()


@app.post(
    "/v1/reports",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ReportAccepted,
    response_model_exclude_none=True,
)
async def submit(report_in: ReportCreate) -> ReportAccepted:
    return ReportAccepted(reference="PACR-0000-0000")


if __name__ == "__main__":
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(os.environ["BARE_PORT"]),
        log_level="warning",
        access_log=False,
        server_header=False,
    )
