"""Delivering packages to forces: a schedule in the database, never lost, never blocking.

Each pending package has a next attempt time. The worker claims due packages force by
force, up to that force's concurrency limit, by pushing their next attempt time one
lease ahead: a crash mid-delivery simply lets the lease run out and the package is
tried again, with the same webhook-id. A slow or dead endpoint holds only its own
slots, so other forces' deliveries go on at their normal pace.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from uuid import UUID

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.database import tables
from services.dispatch.delivery.signing import signature_header
from services.dispatch.forces.models import ForceRecord
from services.dispatch.forces.service import signing_secrets
from services.dispatch.packages.models import DeliveryAttempt, Package
from services.dispatch.packages.service import envelope_of
from services.dispatch.settings import DispatchSettings
from shared import metrics
from shared.batching import TransactionBatcher
from shared.crypto import Sealer
from shared.events import IntelligenceDelivered, utcnow
from shared.logging import correlation_id
from shared.runtime import ServiceRuntime

log = logging.getLogger(__name__)

RETRYABLE_STATUS = {408, 429}


@dataclass(frozen=True)
class AttemptResult:
    status_code: int | None
    error: str | None
    latency_ms: float
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def retryable(self) -> bool:
        if self.status_code is None:
            return True  # timeout or connection error
        return self.status_code in RETRYABLE_STATUS or self.status_code >= 500


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class DeliveryWorker:
    def __init__(
        self,
        *,
        runtime: ServiceRuntime,
        settings: DispatchSettings,
        data_sealer: Sealer,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.runtime = runtime
        self.settings = settings
        self.sealer = data_sealer
        self.client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(settings.request_timeout_seconds, connect=5.0),
            limits=httpx.Limits(max_connections=500, max_keepalive_connections=100),
            follow_redirects=False,
            trust_env=False,
        )
        self._inflight: dict[str, set[UUID]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        # Attempts are recorded in batches: one transaction per attempt made recording,
        # not the forces, the limit on delivery throughput.
        self._recorder: TransactionBatcher[tuple[UUID, AttemptResult]] = TransactionBatcher(
            runtime.db, self._record, name="delivery results", on_commit=runtime.outbox.notify
        )

    def notify(self) -> None:
        self._wake.set()

    def backoff(self, attempts: int, retry_after: float | None = None) -> float:
        s = self.settings
        delay = min(
            s.retry_first_delay_seconds * 2 ** max(0, attempts - 1), s.retry_max_delay_seconds
        )
        delay *= random.uniform(0.8, 1.2)
        if retry_after is not None:
            delay = max(delay, min(retry_after, s.retry_max_delay_seconds))
        return delay

    async def run_forever(self) -> None:
        self._recorder.start()
        while True:
            try:
                started = await self.dispatch_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery scheduling failed; retrying")
                started = 0
                await asyncio.sleep(1.0)
            if started:
                continue
            try:
                await asyncio.wait_for(self._wake.wait(), self.settings.poll_interval_seconds)
            except TimeoutError:
                pass
            self._wake.clear()

    async def dispatch_due(self) -> int:
        """Claim and start what is due, force by force; returns how many were started."""
        now = utcnow()
        db = self.runtime.db
        limit = self.settings.per_force_concurrency
        due = (Package.status == "pending") & (Package.next_attempt_at <= now)  # type: ignore[operator]
        async with db.reader() as session:
            forces = (
                (
                    await session.execute(
                        select(Package.force)
                        .join(ForceRecord, ForceRecord.code == Package.force)  # type: ignore[arg-type]
                        .where(
                            due,
                            ForceRecord.active.is_(True),  # type: ignore[attr-defined]
                            ForceRecord.endpoint_url.is_not(None),
                        )  # type: ignore[union-attr]
                        .group_by(Package.force)
                    )
                )
                .scalars()
                .all()
            )
            chosen: list[tuple[str, UUID]] = []
            for force in forces:
                busy = self._inflight.get(force, set())
                free = limit - len(busy)
                if free <= 0:
                    continue
                query = (
                    select(Package.id)
                    .where(due, Package.force == force)  # type: ignore[arg-type]
                    .order_by(Package.priority_rank, Package.next_attempt_at)  # type: ignore[arg-type]
                    .limit(free + len(busy))
                )
                ids = [i for i in (await session.execute(query)).scalars() if i not in busy]
                chosen.extend((force, i) for i in ids[:free])
        if not chosen:
            return 0
        lease_until = now + timedelta(seconds=self.settings.delivery_lease_seconds)
        async with db.transaction() as session:
            await session.execute(
                update(Package)
                .where(
                    Package.id.in_([i for _, i in chosen]),  # type: ignore[attr-defined]
                    Package.status == "pending",
                )  # type: ignore[arg-type]
                .values(next_attempt_at=lease_until)
            )
        ids = [i for _, i in chosen]
        async with db.reader() as session:
            packages = (
                (
                    await session.execute(
                        select(Package).where(Package.id.in_(ids))  # type: ignore[attr-defined]
                    )
                )
                .scalars()
                .all()
            )
            codes = {p.force for p in packages}
            forces_by_code = {
                f.code: f
                for f in (
                    await session.execute(
                        select(ForceRecord).where(ForceRecord.code.in_(codes))  # type: ignore[attr-defined]
                    )
                ).scalars()
            }
        for package in packages:
            force_record = forces_by_code.get(package.force)
            if package.status != "pending" or force_record is None or not force_record.active:
                continue
            self._inflight.setdefault(package.force, set()).add(package.id)
            task = asyncio.create_task(self._deliver(force_record, package))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(chosen)

    async def _deliver(self, force: ForceRecord, package: Package) -> None:
        token = correlation_id.set(package.correlation_id)
        try:
            result = await self._attempt(package, force)
            await self._recorder.submit((package.id, result))
        except Exception:
            log.exception("delivery of a package failed unexpectedly; its lease will expire")
        finally:
            correlation_id.reset(token)
            self._inflight.get(force.code, set()).discard(package.id)
            self._wake.set()

    async def _attempt(self, package: Package, force: ForceRecord) -> AttemptResult:
        body = envelope_of(package, self.sealer).model_dump_json().encode()
        timestamp = int(time.time())  # fresh on every attempt; the id never changes
        msg_id = str(package.id)
        headers = {
            "content-type": "application/json",
            "user-agent": "PACARS-dispatch/1",
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature_header(
                signing_secrets(force, self.sealer), msg_id, timestamp, body
            ),
        }
        started = time.perf_counter()
        try:
            response = await self.client.post(
                force.endpoint_url or "", content=body, headers=headers
            )
        except httpx.TimeoutException:
            return AttemptResult(None, "timeout", (time.perf_counter() - started) * 1000)
        except httpx.HTTPError as exc:
            return AttemptResult(
                None,
                f"connection error: {type(exc).__name__}",
                (time.perf_counter() - started) * 1000,
            )
        latency = (time.perf_counter() - started) * 1000
        metrics.DELIVERY_LATENCY.labels(force=force.code).observe(latency / 1000)
        error = None if 200 <= response.status_code < 300 else response.text[:300]
        return AttemptResult(
            response.status_code,
            error,
            latency,
            parse_retry_after(response.headers.get("retry-after")),
        )

    async def _record(self, session: AsyncSession, item: tuple[UUID, AttemptResult]) -> None:
        """Record one attempt and its consequence (applied in a batch's transaction)."""
        package_id, result = item
        now = utcnow()
        s = self.settings
        package = await session.get(Package, package_id, with_for_update=True)
        if package is None:
            return
        package.attempts += 1
        if package.status != "pending":
            outcome = "superseded"  # acknowledged by pull or replayed meanwhile
        elif result.ok:
            outcome = "delivered"
            log.info(
                "package delivered after %d attempts",
                package.attempts,
                extra={"force": package.force},
            )
            package.status = "delivered"
            package.delivered_at = now
            package.last_error = None
            await tables.outbox.add(
                session,
                IntelligenceDelivered(
                    correlation_id=package.correlation_id,
                    package_id=package.id,
                    report_id=package.report_id,
                    force=package.force,
                    delivered_at=now,
                ),
            )
        else:
            age = now - _aware(package.created_at)
            exhausted = package.attempts >= s.max_attempts or age >= timedelta(
                hours=s.max_age_hours
            )
            described = (
                f"HTTP {result.status_code}: {result.error}"
                if result.status_code
                else str(result.error)
            )
            package.last_error = described[:500]
            if result.retryable and not exhausted:
                outcome = "retry"
                package.next_attempt_at = now + timedelta(
                    seconds=self.backoff(package.attempts, result.retry_after)
                )
            else:
                outcome = "parked"
                package.status = "parked"
                package.parked_at = now
                log.warning(
                    "package parked after %d attempts: %s",
                    package.attempts,
                    described[:200],
                    extra={"force": package.force},
                )
        session.add(package)
        session.add(
            DeliveryAttempt(
                package_id=package_id,
                attempted_at=now,
                status_code=result.status_code,
                latency_ms=round(result.latency_ms, 1),
                error=(result.error or None) and result.error[:500],
                outcome=outcome,
            )
        )
        # Counted when applied; a batch retried one by one may count an attempt twice.
        metrics.DELIVERY_ATTEMPTS.labels(force=package.force, outcome=outcome).inc()

    async def pending_count(self) -> int:
        async with self.runtime.db.reader() as session:
            return int(
                (
                    await session.execute(
                        select(func.count()).where(Package.status == "pending")  # type: ignore[arg-type]
                    )
                ).scalar_one()
            )

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._recorder.stop()
        await self.client.aclose()
