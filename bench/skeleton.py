"""A second pipeline baseline: the contract's shape with the owner's libraries, and nothing else.

The raw relay (bench/relay.py) is three broker hops in one process. The pipeline also has,
by contract, an HTTP request in (intake's POST), a signed webhook out to the force and the
force's acknowledgement back, each through FastAPI/uvicorn and httpx, across four
processes. This skeleton does exactly that shape with no database, no encryption, no
classification and no audit:

  client --POST /v1/reports--> front --q1--> middle --q2--> deliver --webhook--> force
                                                               ^--acknowledgement--'

- front (intake's place): validates intake's own request model, publishes the report
  persistent to a quorum queue (the confirm awaited off the request, as intake's outbox
  relay does), answers 202 with a reference;
- middle (triage's place): consumes, republishes with the confirm awaited, acks;
- deliver (dispatch's place): consumes, signs a Standard Webhooks envelope, POSTs it to the
  force with httpx, acks the message on 2xx; serves the acknowledgement endpoint
  (bearer key checked, body validated, 201);
- force (the simulator's place): verifies the signature, records the delivery by
  webhook-id, answers 204 and POSTs the acknowledgement back.

Its HTTP client is the services' own (shared.http_client: httpx over aiohttp). Measured
with the same driver as the pipeline (bench.growth.measure), it is the most this stack and
contract shape allow on this machine: what remains between it and the pipeline
is our own per-report work. `python -m bench.skeleton ROLE` runs one role (the benchmark
starts all four)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, Literal

import aio_pika
import httpx
from fastapi import FastAPI, Header, HTTPException, Request, Response, status
from pydantic import BaseModel
from standardwebhooks.webhooks import Webhook

from services.intake.reports.schemas import ReportAccepted, ReportCreate
from shared.http import tune_gc
from shared.http_client import async_client
from shared.server import serve
from shared.settings import SharedSettings

ROLES = ("front", "middle", "deliver", "force")
SECRET = "whsec_" + "c2tlbGV0b24tYmVuY2gtc2lnbmluZy1zZWNyZXQ="  # base64 of a bench-only key
API_KEY = "skeleton-force-key"
PREFETCH = 100


def _env(name: str) -> str:
    return os.environ[f"SKELETON_{name}"]


async def _channel(connection: aio_pika.abc.AbstractConnection) -> aio_pika.abc.AbstractChannel:
    channel = await connection.channel(publisher_confirms=True)
    await channel.set_qos(prefetch_count=PREFETCH)
    return channel


async def _queue(channel: aio_pika.abc.AbstractChannel, name: str) -> aio_pika.abc.AbstractQueue:
    return await channel.declare_queue(
        f"{_env('NAMESPACE')}.{name}", durable=True, arguments={"x-queue-type": "quorum"}
    )


def _persistent(body: bytes) -> aio_pika.Message:
    return aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)


def front_app() -> FastAPI:
    state: dict[str, Any] = {}
    pending: set[asyncio.Future[Any]] = set()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        connection = await aio_pika.connect(_env("AMQP_URL"))
        channel = await _channel(connection)
        await _queue(channel, "q1")
        state["exchange"] = channel.default_exchange
        tune_gc()
        yield
        await connection.close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/v1/reports", status_code=status.HTTP_202_ACCEPTED, response_model=ReportAccepted)
    async def submit(report_in: ReportCreate) -> ReportAccepted:
        reference = f"PACR-{uuid.uuid4().hex[:4].upper()}-{uuid.uuid4().hex[:4].upper()}"
        body = json.dumps({"reference": reference, "report": report_in.model_dump(mode="json")})
        publish = asyncio.ensure_future(
            state["exchange"].publish(_persistent(body.encode()), f"{_env('NAMESPACE')}.q1")
        )
        pending.add(publish)
        publish.add_done_callback(pending.discard)
        return ReportAccepted(reference=reference)

    return app


async def run_middle() -> None:
    connection = await aio_pika.connect(_env("AMQP_URL"))
    channel = await _channel(connection)
    inbound, _ = await _queue(channel, "q1"), await _queue(channel, "q2")
    target = f"{_env('NAMESPACE')}.q2"

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        await channel.default_exchange.publish(_persistent(message.body), target)
        await message.ack()

    await inbound.consume(on_message)
    await asyncio.Future()  # until killed


class Acknowledgement(BaseModel):
    outcome: Literal["received", "investigation_opened", "no_further_action", "wrong_force"]
    force_reference: str = ""


def deliver_app() -> FastAPI:
    signer = Webhook(SECRET)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        connection = await aio_pika.connect(_env("AMQP_URL"))
        channel = await _channel(connection)
        inbound = await _queue(channel, "q2")
        client = async_client(timeout=30)
        force_url = _env("FORCE_URL")

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            event = json.loads(message.body)
            package_id = str(uuid.uuid4())
            webhook_id = f"msg_{package_id}"
            now = datetime.now(UTC)
            body = json.dumps(
                {
                    "type": "intelligence.package",
                    "timestamp": now.isoformat(),
                    "data": {
                        "package_id": package_id,
                        "report_reference": event["reference"],
                        "details": event["report"]["what_happened"],
                    },
                }
            )
            headers = {
                "webhook-id": webhook_id,
                "webhook-timestamp": str(int(now.timestamp())),
                "webhook-signature": signer.sign(webhook_id, now, body),
                "content-type": "application/json",
            }
            answer = await client.post(force_url, content=body, headers=headers)
            if answer.is_success:
                await message.ack()
            else:
                await message.nack(requeue=True)

        await inbound.consume(on_message)
        tune_gc()
        yield
        await connection.close()
        await client.aclose()

    app = FastAPI(lifespan=lifespan)

    @app.post("/v1/intelligence/{package_id}/acknowledgements", status_code=201)
    async def acknowledge(
        package_id: uuid.UUID, ack: Acknowledgement, authorization: str = Header("")
    ) -> dict[str, str]:
        if authorization != f"Bearer {API_KEY}":
            raise HTTPException(status.HTTP_401_UNAUTHORIZED)
        return {"package_id": str(package_id), "outcome": ack.outcome}

    return app


def force_app() -> FastAPI:
    verifier = Webhook(SECRET)
    seen: dict[str, dict[str, Any]] = {}
    tasks: set[asyncio.Task[None]] = set()
    state: dict[str, httpx.AsyncClient] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state["client"] = async_client(base_url=_env("DELIVER_URL"), timeout=10)
        tune_gc()
        yield
        await state["client"].aclose()

    app = FastAPI(lifespan=lifespan)

    async def acknowledge(package_id: str) -> None:
        await state["client"].post(
            f"/v1/intelligence/{package_id}/acknowledgements",
            headers={"authorization": f"Bearer {API_KEY}"},
            json={"outcome": "received", "force_reference": f"SIM-{package_id[:8]}"},
        )

    @app.post("/forces/{code}/webhook", status_code=204)
    async def webhook(code: str, request: Request) -> Response:
        body = await request.body()
        headers = {k: v for k, v in request.headers.items() if k.startswith("webhook-")}
        verifier.verify(body, headers)
        if headers["webhook-id"] not in seen:
            data = json.loads(body)["data"]
            seen[headers["webhook-id"]] = {
                "report_reference": data["report_reference"],
                "received_at": time.time(),
            }
            task = asyncio.create_task(acknowledge(data["package_id"]))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        return Response(status_code=204)

    @app.get("/received/count")
    async def received_count() -> dict[str, int]:
        return {"unique": len(seen)}

    @app.get("/received/arrivals")
    async def arrivals() -> dict[str, Any]:
        return {"arrivals": list(seen.values())}

    return app


def _serve(app: FastAPI, port: str) -> None:
    serve(
        app,
        SharedSettings(
            service_name="skeleton",
            port=int(port),
            log_level=os.environ.get("LOG_LEVEL", "WARNING"),
        ),
    )


def main(role: str) -> None:
    if role == "front":
        _serve(front_app(), _env("FRONT_PORT"))
    elif role == "middle":
        asyncio.run(run_middle())
    elif role == "deliver":
        _serve(deliver_app(), _env("DELIVER_PORT"))
    elif role == "force":
        _serve(force_app(), _env("FORCE_PORT"))
    else:
        sys.exit(f"unknown role {role!r}; one of {', '.join(ROLES)}")


class Skeleton:
    """The four roles as processes, on free ports and a namespace of their own."""

    def __init__(self, amqp_url: str) -> None:
        from tests.stack import free_ports

        front, deliver, force = free_ports(3)
        self.namespace = f"bench-skeleton-{uuid.uuid4().hex[:8]}"
        self.env = {
            **os.environ,
            "LOG_LEVEL": "WARNING",
            "SKELETON_AMQP_URL": amqp_url,
            "SKELETON_NAMESPACE": self.namespace,
            "SKELETON_FRONT_PORT": str(front),
            "SKELETON_DELIVER_PORT": str(deliver),
            "SKELETON_FORCE_PORT": str(force),
            "SKELETON_DELIVER_URL": f"http://127.0.0.1:{deliver}",
            "SKELETON_FORCE_URL": f"http://127.0.0.1:{force}/forces/kent/webhook",
        }
        self.front_url = f"http://127.0.0.1:{front}"
        self.force_url = f"http://127.0.0.1:{force}"
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    async def start(self) -> None:
        from bench.intake_load import wait_http
        from tests.stack import ROOT

        # Force and deliver first: the queues must exist before front publishes.
        for role in ("force", "deliver", "middle", "front"):
            self.procs[role] = subprocess.Popen(
                [sys.executable, "-m", "bench.skeleton", role], cwd=ROOT, env=self.env
            )
            if role == "middle":
                await asyncio.sleep(1.0)  # declares its queues on start; nothing to poll
        await wait_http(f"{self.force_url}/received/count")
        await wait_http(f"{self.front_url}/docs")
        await wait_http(f"{self.env['SKELETON_DELIVER_URL']}/docs")

    async def aclose(self, amqp_url: str) -> None:
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            proc.wait()
        connection = await aio_pika.connect(amqp_url)
        async with connection:
            channel = await connection.channel()
            for name in ("q1", "q2"):
                await channel.queue_delete(f"{self.namespace}.{name}")


async def run_skeleton(
    amqp_url: str, reports: list[tuple[dict[str, Any], str]], *, connections: int
) -> dict[str, Any]:
    from bench.growth import measure
    from bench.intake_load import CpuMeter

    skeleton = Skeleton(amqp_url)
    try:
        await skeleton.start()
        meter = CpuMeter({role: p.pid for role, p in skeleton.procs.items()})
        figures = await measure(
            skeleton.front_url, skeleton.force_url, reports, None, connections=connections
        )
        figures["cpu_ms_per_report"] = meter.ms_per_item(len(reports))
        return figures
    finally:
        await skeleton.aclose(amqp_url)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
