"""No request detail leaves a service through FastAPI's built-in OpenTelemetry spans, even
where a deployment has configured a tracing backend: they would carry each request's raw
path and query string."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]

# Run apart: a tracer provider, once set, is the whole process's.
PROBE = """
import asyncio, json
import httpx
from fastapi import FastAPI
from opentelemetry import trace

spans = []

class RecordingTracer(trace.NoOpTracer):
    def start_span(self, name, *args, **kwargs):
        spans.append(dict(kwargs.get("attributes") or {}))
        return trace.INVALID_SPAN

class RecordingProvider(trace.TracerProvider):
    def get_tracer(self, *args, **kwargs):
        return RecordingTracer()

trace.set_tracer_provider(RecordingProvider())

from shared.http import create_service_app

async def traced(app):
    @app.get("/v1/reports/{reference}")
    async def status(reference: str) -> dict:
        return {}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        await client.get("/v1/reports/PACR-2024-0042?lang=en")
    found = list(spans)
    spans.clear()
    return found

async def main():
    plain = await traced(FastAPI())
    ours = await traced(create_service_app(title="t", lifespan=None, max_body_bytes=1000))
    print(json.dumps({"plain": plain, "ours": ours}))

asyncio.run(main())
"""


def test_no_request_is_traced_even_with_a_tracing_backend_configured() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    spans = json.loads(out.stdout.strip().splitlines()[-1])
    # The probe sees what a plain FastAPI app would send: the raw path.
    assert any(s.get("url.path") == "/v1/reports/PACR-2024-0042" for s in spans["plain"])
    assert spans["ours"] == []
