"""A stand-in for the police forces' systems: receives, verifies and acknowledges packages.

For demos (`make run`) and tests. Each force has a behaviour an operator or a test can
switch (`PUT /control/{code}`): ok, fail (500), reject (400), slow (answers after a
delay), down (503), hang (holds the request, by default 30 s, longer than dispatch waits,
then 504), rate_limited (429 with Retry-After), or wrong_force (acknowledges as
wrong_force, redirecting to another force). `acknowledge: false` receives without
acknowledging (to let deadlines pass). Every delivery is recorded with its type,
arrival time and a sequence number, for ordering.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
from fastapi import FastAPI, Request, Response
from pydantic import BaseModel, Field
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from services.forcesim.settings import ForceSimSettings
from shared import reference
from shared.http import create_service_app
from shared.http_client import async_client

log = logging.getLogger(__name__)

Mode = Literal["ok", "fail", "reject", "slow", "down", "hang", "rate_limited", "wrong_force"]


class Behaviour(BaseModel):
    mode: Mode = "ok"
    # How many deliveries the mode applies to before returning to ok (None: until changed).
    count: int | None = Field(None, ge=1)
    delay_seconds: float = Field(0.0, ge=0, le=600)
    redirect_to: str | None = None
    # Acknowledge packages as received (as a force's system would), or stay silent.
    acknowledge: bool = True
    # rate_limited: the Retry-After (seconds) to answer with.
    retry_after_seconds: int = Field(1, ge=0, le=3600)


@dataclass
class ForceState:
    secrets: list[str] = field(default_factory=list)
    api_key: str = ""
    behaviour: Behaviour = field(default_factory=Behaviour)
    seen: dict[str, dict[str, Any]] = field(default_factory=dict)  # by webhook-id
    raw: int = 0
    # Requests being answered now, and the most at once: dispatch's per-force limit.
    inflight: int = 0
    max_inflight: int = 0


class Simulator:
    def __init__(self, settings: ForceSimSettings) -> None:
        self.settings = settings
        self.forces: dict[str, ForceState] = {}
        self.client = async_client(base_url=settings.dispatch_url, timeout=10.0)
        self.admin = {"authorization": f"Bearer {settings.admin_token.get_secret_value()}"}
        self.onboarded = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self.sequence = 0

    async def codes(self) -> list[str]:
        if self.settings.onboard.strip() in ("", "none"):
            return []
        if self.settings.onboard.strip() == "all":
            # Every destination dispatch knows: the reference forces and any registered
            # like a force (the independent body for conflicts of interest).
            answer = await self.client.get("/v1/forces", headers=self.admin)
            answer.raise_for_status()
            known = [f["code"] for f in answer.json()]
            return known or [f.code for f in reference.forces()]
        return [c.strip() for c in self.settings.onboard.split(",") if c.strip()]

    async def onboard(self, codes: list[str]) -> None:
        for code in codes:
            state = self.forces.setdefault(code, ForceState())
            url = f"{self.settings.base_url}/forces/{code}/webhook"
            answer = await self.client.put(
                f"/v1/forces/{code}", headers=self.admin, json={"endpoint_url": url, "active": True}
            )
            answer.raise_for_status()
            body = answer.json()
            if body.get("signing_secret"):
                state.secrets = [body["signing_secret"]]
                state.api_key = body["api_key"]
                continue
            # Onboarded by an earlier run: the secret and key are shown only once, so make
            # new ones (the old secret keeps verifying for its overlap).
            secret = await self.client.post(f"/v1/forces/{code}/rotate-secret", headers=self.admin)
            key = await self.client.post(f"/v1/forces/{code}/rotate-key", headers=self.admin)
            secret.raise_for_status()
            key.raise_for_status()
            state.secrets = [secret.json()["signing_secret"]]
            state.api_key = key.json()["api_key"]

    async def onboard_forever(self) -> None:
        delay = 0.5
        while True:
            try:
                codes = await self.codes()
                await self.onboard(codes)
                self.onboarded.set()
                log.info("onboarded %d forces with dispatch", len(codes))
                return
            except (httpx.HTTPError, KeyError) as exc:
                log.warning("dispatch not ready for onboarding (%s); retrying", type(exc).__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    def verify(self, state: ForceState, body: bytes, headers: dict[str, str]) -> bool:
        for secret in state.secrets:
            try:
                Webhook(secret).verify(body, headers)
                return True
            except WebhookVerificationError:
                continue
        return False

    async def acknowledge(
        self, state: ForceState, package_id: str, outcome: str, redirect_to: str | None = None
    ) -> None:
        body: dict[str, Any] = {"outcome": outcome, "force_reference": f"SIM-{package_id[:8]}"}
        if redirect_to:
            body["redirect_to"] = redirect_to
        for attempt in range(10):
            try:
                answer = await self.client.post(
                    f"/v1/intelligence/{package_id}/acknowledgements",
                    headers={"authorization": f"Bearer {state.api_key}"},
                    json=body,
                )
                if answer.status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2 * (attempt + 1))

    def later(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def receive(self, code: str, request: Request) -> Response:
        state = self.forces.get(code)
        if state is None:
            return Response(status_code=404)
        state.inflight += 1
        state.max_inflight = max(state.max_inflight, state.inflight)
        try:
            return await self._receive(code, state, request)
        finally:
            state.inflight -= 1

    async def _receive(self, code: str, state: ForceState, request: Request) -> Response:
        body = await request.body()
        behaviour = state.behaviour
        if behaviour.count is not None:
            behaviour.count -= 1
            if behaviour.count <= 0:
                state.behaviour = Behaviour()
        if behaviour.mode == "hang":
            await asyncio.sleep(behaviour.delay_seconds or 30.0)
            return Response(status_code=504)
        if behaviour.delay_seconds or behaviour.mode == "slow":
            await asyncio.sleep(behaviour.delay_seconds or 5.0)
        if behaviour.mode == "rate_limited":
            return Response(
                status_code=429, headers={"retry-after": str(behaviour.retry_after_seconds)}
            )
        if behaviour.mode == "fail":
            return Response(status_code=500)
        if behaviour.mode == "down":
            return Response(status_code=503)
        if behaviour.mode == "reject":
            return Response(
                '{"error": "rejected by simulator"}', status_code=400, media_type="application/json"
            )
        headers = {k: v for k, v in request.headers.items() if k.startswith("webhook-")}
        if not self.verify(state, body, headers):
            return Response(status_code=401)
        state.raw += 1
        self.sequence += 1
        webhook_id = headers["webhook-id"]
        if webhook_id in state.seen:
            state.seen[webhook_id]["repeats"] += 1
            return Response(status_code=204)  # a force deduplicates on webhook-id
        payload = await request.json()
        data = payload.get("data", {})
        state.seen[webhook_id] = {
            "webhook_id": webhook_id,
            "force": code,
            "type": payload.get("type"),
            "package_id": data.get("package_id"),
            "report_reference": data.get("report_reference"),
            "priority": data.get("priority"),
            "categories": [c.get("code") for c in data.get("categories", [])],
            "details": data.get("details"),
            "linked_packages": data.get("linked_packages", []),
            "flags": data.get("flags", []),
            "repeats": 0,
            "received_at": time.time(),
            "sequence": self.sequence,
            "data": data,
            # As received, so a test can verify the signature independently.
            "body": body.decode(),
            "headers": headers,
        }
        acknowledge = self.settings.auto_acknowledge and behaviour.acknowledge
        if payload.get("type") == "intelligence.package" and acknowledge:
            if behaviour.mode == "wrong_force" and behaviour.redirect_to:
                self.later(
                    self.acknowledge(
                        state, data["package_id"], "wrong_force", behaviour.redirect_to
                    )
                )
            else:
                self.later(self.acknowledge(state, data["package_id"], "received"))
        return Response(status_code=204)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await self.client.aclose()


def create_app(settings: ForceSimSettings | None = None) -> FastAPI:
    settings = settings or ForceSimSettings()
    sim = Simulator(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        onboarding = asyncio.create_task(sim.onboard_forever())
        yield
        onboarding.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await onboarding
        await sim.close()

    app = create_service_app(
        title="PACARS force simulator", lifespan=lifespan, max_body_bytes=settings.max_body_bytes
    )
    app.state.sim = sim

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> Response:
        ready = sim.onboarded.is_set()
        return Response(status_code=200 if ready else 503)

    @app.post("/forces/{code}/webhook", status_code=204)
    async def webhook(code: str, request: Request) -> Response:
        return await sim.receive(code, request)

    @app.put("/control/{code}")
    async def control(code: str, behaviour: Behaviour) -> dict[str, Any]:
        state = sim.forces.setdefault(code, ForceState())
        state.behaviour = behaviour
        return behaviour.model_dump()

    @app.get("/received")
    async def received(force: str | None = None) -> dict[str, Any]:
        states = {c: s for c, s in sim.forces.items() if force in (None, c)}
        deliveries = [d for s in states.values() for d in s.seen.values()]
        return {
            "unique": len(deliveries),
            "raw": sum(s.raw for s in states.values()),
            "deliveries": deliveries,
            "inflight": {c: {"now": s.inflight, "max": s.max_inflight} for c, s in states.items()},
        }

    @app.get("/received/arrivals")
    async def received_arrivals() -> dict[str, Any]:
        """For benchmarks: when each report arrived, without the bodies. Building the
        whole record of 5,000 deliveries as JSON raised this process's peak from 173 to
        203 MB, past the 200 MB the benchmark checks."""
        return {
            "arrivals": [
                {"report_reference": d["report_reference"], "received_at": d["received_at"]}
                for s in sim.forces.values()
                for d in s.seen.values()
            ]
        }

    @app.get("/received/count")
    async def received_count() -> dict[str, int]:
        """Cheap progress for benchmarks: counts only."""
        states = sim.forces.values()
        return {"unique": sum(len(s.seen) for s in states), "raw": sum(s.raw for s in states)}

    @app.get("/credentials/{code}")
    async def credentials(code: str) -> dict[str, Any]:
        """For tests and demos only: what this simulated force was given at onboarding."""
        state = sim.forces.get(code)
        if state is None:
            return {}
        return {"api_key": state.api_key, "secrets": state.secrets}

    return app
