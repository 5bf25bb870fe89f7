"""Delivering to forces: a schedule in the database, never lost, never blocking.

Each pending package (and each notice: reminders, reporters' messages) has a next
attempt time. The worker claims due items force by force, most urgent first, up to
that force's concurrency limit and what its circuit breaker allows, by pushing their
next attempt time one lease ahead: a crash mid-delivery simply lets the lease run out
and the item is tried again, with the same webhook-id. A slow or dead endpoint holds
only its own slots (and, once its breaker opens, none), so other forces' deliveries go
on at their normal pace.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TypeVar
from uuid import UUID

import httpx
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.dispatch.database import tables
from services.dispatch.delivery.circuit import Circuit
from services.dispatch.delivery.deadlines import create_reminders
from services.dispatch.delivery.models import Notice
from services.dispatch.delivery.schemas import (
    ReminderData,
    ReminderEnvelope,
    ReporterMessageData,
    ReporterMessageEnvelope,
)
from services.dispatch.delivery.signing import signature_header
from services.dispatch.forces.models import ForceRecord
from services.dispatch.forces.service import signing_secrets
from services.dispatch.messages.service import route_stranded_messages
from services.dispatch.packages.models import DeliveryAttempt, Package
from services.dispatch.packages.service import envelope_of
from services.dispatch.settings import DispatchSettings
from shared import metrics
from shared.batching import TransactionBatcher
from shared.crypto import Sealer
from shared.events import IntelligenceDelivered, utcnow
from shared.http_client import async_client
from shared.logging import correlation_id
from shared.runtime import ServiceRuntime

M = TypeVar("M", Package, Notice)

log = logging.getLogger(__name__)

RETRYABLE_STATUS = {408, 429}
CLAIM_LINGER_SECONDS = 0.01
# Deliveries sent whose results are not yet recorded, at most: well within a lease.
MAX_OUTSTANDING = 400


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


Attempted = tuple[str, UUID, AttemptResult]  # table ("package" | "notice"), id, result


@dataclass(frozen=True)
class Due:
    """One claimable delivery: a package or a notice."""

    table: str  # "package" | "notice"
    id: UUID
    force: str
    rank: int
    next_attempt_at: datetime


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
        self.client = client or async_client(
            timeout=httpx.Timeout(settings.request_timeout_seconds, connect=5.0),
            limits=httpx.Limits(max_connections=500, max_keepalive_connections=100),
            follow_redirects=False,
        )
        self._inflight: dict[str, set[UUID]] = {}
        self._circuits: dict[str, Circuit] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._next_deadline_check = 0.0
        # Attempts are recorded in batches: one transaction per attempt made recording,
        # not the forces, the limit on delivery throughput.
        self._recorder: TransactionBatcher[Attempted] = TransactionBatcher(
            runtime.db,
            apply_many=self._record_many,
            name="delivery results",
        )

    def notify(self) -> None:
        self._wake.set()

    def circuit(self, force: str) -> Circuit:
        circuit = self._circuits.get(force)
        if circuit is None:
            s = self.settings
            circuit = self._circuits[force] = Circuit(
                threshold=s.breaker_failure_threshold,
                cooldown_seconds=s.breaker_cooldown_seconds,
                max_cooldown_seconds=s.breaker_max_cooldown_seconds,
            )
        return circuit

    def circuit_states(self) -> dict[str, str]:
        """Each force's breaker as this process sees it (closed unless it learnt otherwise)."""
        return {code: c.current_state() for code, c in self._circuits.items()}

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
                await self.check_deadlines()
                await self.dispatch_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery scheduling failed; retrying")
                await asyncio.sleep(1.0)
            # A claim is made when something changed (a delivery finished, a package came)
            # or at the poll interval. A wake is not cleared before the wait, so one that
            # came during the claim is seen at once.
            try:
                await asyncio.wait_for(self._wake.wait(), self.settings.poll_interval_seconds)
            except TimeoutError:
                pass
            # Under load deliveries finish one after another: a short linger lets one
            # claim serve many of them instead of one claim (three queries) per delivery.
            await asyncio.sleep(CLAIM_LINGER_SECONDS)
            self._wake.clear()

    async def check_deadlines(self) -> int:
        """Now and then: reminders for packages whose acknowledgement or outcome is late."""
        if time.monotonic() < self._next_deadline_check:
            return 0
        self._next_deadline_check = time.monotonic() + self.settings.deadline_check_seconds
        async with self.runtime.db.transaction() as session:
            made = await create_reminders(session=session, now=utcnow(), settings=self.settings)
            routed = await route_stranded_messages(session)
        if made:
            log.info("%d deadline reminders scheduled", made)
        if routed:
            log.warning("%d waiting reporter messages routed late", routed)
        return made

    async def _due(
        self, session: AsyncSession, model: type[Package] | type[Notice], now: datetime
    ) -> list[Due]:
        """Due items of every reachable force, at most the concurrency limit per force,
        most urgent first: one query (a window per force) instead of one per force."""
        table = "package" if model is Package else "notice"
        t = model.__table__  # type: ignore[union-attr]
        ranked = (
            select(
                t.c.id,
                t.c.force,
                t.c.priority_rank,
                t.c.next_attempt_at,
                func.row_number()
                .over(partition_by=t.c.force, order_by=(t.c.priority_rank, t.c.next_attempt_at))
                .label("place"),
            )
            .join(ForceRecord, col(ForceRecord.code) == t.c.force)
            .where(
                t.c.status == "pending",
                t.c.next_attempt_at <= now,
                col(ForceRecord.active).is_(True),
                col(ForceRecord.endpoint_url).is_not(None),
            )
            .subquery()
        )
        query = select(
            ranked.c.id, ranked.c.force, ranked.c.priority_rank, ranked.c.next_attempt_at
        ).where(ranked.c.place <= self.settings.per_force_concurrency)
        return [
            Due(table, i, force, rank, _aware(at))
            for i, force, rank, at in (await session.execute(query)).all()
        ]

    async def dispatch_due(self) -> int:
        """Claim and start what is due, force by force; returns how many were started."""
        if len(self._tasks) >= MAX_OUTSTANDING:
            return 0  # results still to record: claim more once they are
        now = utcnow()
        db = self.runtime.db
        limit = self.settings.per_force_concurrency
        async with db.reader() as session:
            due = await self._due(session, Package, now) + await self._due(session, Notice, now)
        by_force: dict[str, list[Due]] = {}
        for d in sorted(due, key=lambda d: (d.rank, d.next_attempt_at)):
            by_force.setdefault(d.force, []).append(d)
        chosen: list[Due] = []
        for force, items in sorted(by_force.items()):
            busy = self._inflight.get(force, set())
            free = min(limit - len(busy), self.circuit(force).allowance(limit))
            if free > 0:
                chosen.extend([d for d in items if d.id not in busy][:free])
        if not chosen:
            return 0
        # Urgent first across forces too (each force's slots are its own anyway).
        chosen.sort(key=lambda d: (d.rank, d.next_attempt_at))
        lease_until = now + timedelta(seconds=self.settings.delivery_lease_seconds)
        package_ids = [d.id for d in chosen if d.table == "package"]
        notice_ids = [d.id for d in chosen if d.table == "notice"]
        async with db.transaction() as session:
            packages = await _lease(session, Package, package_ids, now, lease_until)
            notices = await _lease(session, Notice, notice_ids, now, lease_until)
        order = {d.id: n for n, d in enumerate(chosen)}
        packages.sort(key=lambda p: order.get(p.id, 0))
        notices.sort(key=lambda n: order.get(n.id, 0))
        async with db.reader() as session:
            about = {n.package_id for n in notices if n.package_id is not None}
            related = (
                {
                    p.id: p
                    for p in (
                        await session.execute(
                            select(Package).where(Package.id.in_(about))  # type: ignore[attr-defined]
                        )
                    ).scalars()
                }
                if about
                else {}
            )
            codes = {d.force for d in chosen}
            forces_by_code = {
                f.code: f
                for f in (
                    await session.execute(
                        select(ForceRecord).where(ForceRecord.code.in_(codes))  # type: ignore[attr-defined]
                    )
                ).scalars()
            }
        work: list[tuple[str, UUID, str, str, Callable[[], bytes]]] = []
        for package in packages:
            work.append(
                (
                    "package",
                    package.id,
                    package.force,
                    package.correlation_id,
                    functools.partial(self._package_body, package),
                )
            )
        for notice in notices:
            subject = related.get(notice.package_id) if notice.package_id else None
            if notice.force and subject is not None:
                work.append(
                    (
                        "notice",
                        notice.id,
                        notice.force,
                        notice.correlation_id,
                        functools.partial(self._notice_body, notice, subject),
                    )
                )
        for table, item_id, code, correlation, body in work:
            force_record = forces_by_code.get(code)
            if force_record is None or not force_record.active or not force_record.endpoint_url:
                continue
            self._inflight.setdefault(code, set()).add(item_id)
            self.circuit(code).started()
            task = asyncio.create_task(
                self._deliver(force_record, table, item_id, correlation, body)
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(chosen)

    def _package_body(self, package: Package) -> bytes:
        return envelope_of(package, self.sealer).model_dump_json().encode()

    def _notice_body(self, notice: Notice, package: Package) -> bytes:
        if notice.kind == "reporter.message":
            message = ReporterMessageEnvelope(
                timestamp=notice.created_at,
                data=ReporterMessageData(
                    message_id=notice.id,
                    package_id=package.id,
                    report_reference=package.reference,
                    force=package.force,
                    text=self.sealer.open_text(notice.sealed_text or ""),
                    sent_at=notice.created_at,
                ),
            )
            return message.model_dump_json().encode()
        reminder = ReminderEnvelope(
            timestamp=notice.created_at,
            data=ReminderData(
                reminder_id=notice.id,
                package_id=package.id,
                report_reference=package.reference,
                force=package.force,
                overdue="outcome" if notice.reminder_of == "outcome" else "acknowledgement",
                due_at=notice.due_at or notice.created_at,
                reminder_number=max(1, package.reminders_sent),
            ),
        )
        return reminder.model_dump_json().encode()

    async def _deliver(
        self,
        force: ForceRecord,
        table: str,
        item_id: UUID,
        correlation: str,
        body: Callable[[], bytes],
    ) -> None:
        token = correlation_id.set(correlation)
        try:
            result = await self._attempt(force, str(item_id), body())
            circuit = self.circuit(force.code)
            if result.ok or not result.retryable:
                circuit.succeeded()  # the endpoint answered; a 4xx is about the item
            else:
                circuit.failed()
                if circuit.current_state() == "open":
                    log.warning(
                        "circuit open for a force after repeated failures",
                        extra={"force": force.code},
                    )
            # The force's slot is free once it has answered: the limit is on requests to
            # its endpoint. The item stays leased until its result is recorded, so it is
            # not claimed again meanwhile (recording waits for the write lock behind the
            # consumers' batches, and held the slots for it: deliveries fell to 8/s while
            # triage and intake were busy).
            self._inflight.get(force.code, set()).discard(item_id)
            self._wake.set()
            await self._recorder.submit((table, item_id, result))
        except Exception:
            log.exception("a delivery failed unexpectedly; its lease will expire")
        finally:
            correlation_id.reset(token)
            self._inflight.get(force.code, set()).discard(item_id)
            self._wake.set()

    async def _attempt(self, force: ForceRecord, msg_id: str, body: bytes) -> AttemptResult:
        timestamp = int(time.time())  # fresh on every attempt; the id never changes
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

    def _settle(self, item: Package | Notice, result: AttemptResult, now: datetime) -> str:
        """Apply an attempt's consequence to a package or notice; returns the outcome."""
        s = self.settings
        item.attempts += 1
        if item.status != "pending":
            # The force acknowledged before this result was written (it may answer the
            # POST and acknowledge at once): the attempt still delivered it.
            return "delivered" if result.ok else "superseded"
        if result.ok:
            item.status = "delivered"
            item.delivered_at = now
            item.last_error = None
            return "delivered"
        age = now - _aware(item.created_at)
        exhausted = item.attempts >= s.max_attempts or age >= timedelta(hours=s.max_age_hours)
        described = (
            f"HTTP {result.status_code}: {result.error}"
            if result.status_code
            else str(result.error)
        )
        item.last_error = described[:500]
        if result.retryable and not exhausted:
            item.next_attempt_at = now + timedelta(
                seconds=self.backoff(item.attempts, result.retry_after)
            )
            return "retry"
        item.status = "parked"
        item.parked_at = now
        log.warning(
            "delivery parked after %d attempts: %s",
            item.attempts,
            described[:200],
            extra={"force": item.force},
        )
        return "parked"

    async def _record_many(self, session: AsyncSession, items: list[Attempted]) -> None:
        """Record attempts and their consequences in one transaction: the items are read in
        one query per table, the attempts and events written in one statement each."""
        now = utcnow()
        wanted: dict[str, list[UUID]] = {"package": [], "notice": []}
        for table, item_id, _ in items:
            wanted[table].append(item_id)
        found: dict[UUID, Package | Notice] = {}
        if wanted["package"]:
            query = select(Package).where(col(Package.id).in_(wanted["package"]))
            for package in (await session.execute(query.with_for_update())).scalars():
                found[package.id] = package
        if wanted["notice"]:
            query_n = select(Notice).where(col(Notice.id).in_(wanted["notice"]))
            for notice in (await session.execute(query_n.with_for_update())).scalars():
                found[notice.id] = notice
        attempts: list[dict[str, object]] = []
        events: list[IntelligenceDelivered] = []
        for table, item_id, result in items:
            item = found.get(item_id)
            if item is None or isinstance(item, Package) != (table == "package"):
                continue
            if isinstance(item, Notice):
                outcome = self._settle(item, result, now)
                package_id, kind, notice_id, force = (
                    item.package_id,
                    item.kind,
                    item.id,
                    item.force or "",
                )
            else:
                was_pending = item.status == "pending"
                outcome = self._settle(item, result, now)
                package_id, kind, notice_id, force = (
                    item.id,
                    "intelligence.package",
                    None,
                    item.force,
                )
                if outcome == "delivered":
                    # Recorded in the batcher's task: the package's correlation id is set here.
                    token = correlation_id.set(item.correlation_id)
                    log.info(
                        "package delivered after %d attempts",
                        item.attempts,
                        extra={"force": item.force},
                    )
                    correlation_id.reset(token)
                if outcome == "delivered" and was_pending:
                    # Not when the force's acknowledgement got in first: it said more already.
                    events.append(
                        IntelligenceDelivered(
                            correlation_id=item.correlation_id,
                            package_id=item.id,
                            report_id=item.report_id,
                            force=item.force,
                            delivered_at=now,
                        )
                    )
            session.add(item)
            if package_id is not None:
                attempts.append(
                    {
                        "package_id": package_id,
                        "attempted_at": now,
                        "status_code": result.status_code,
                        "latency_ms": round(result.latency_ms, 1),
                        "error": (result.error or None) and result.error[:500],
                        "outcome": outcome,
                        "kind": kind,
                        "notice_id": notice_id,
                    }
                )
            # Counted when applied; a batch retried one by one may count an attempt twice.
            metrics.DELIVERY_ATTEMPTS.labels(force=force, outcome=outcome).inc()
        await session.flush()
        if attempts:
            await session.execute(insert(DeliveryAttempt), attempts)
        await tables.outbox.add(session, *events)

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


async def _lease(
    session: AsyncSession,
    model: type[M],
    ids: list[UUID],
    now: datetime,
    lease_until: datetime,
) -> list[M]:
    """Lease and read in one statement: only rows still pending and still due come back.
    Still due matters with replicas: one that leased a row first pushed it past now, and
    PostgreSQL re-checks the condition after that commit, so a row is sent by one only."""
    if not ids:
        return []
    rows = await session.execute(
        update(model)
        .where(
            col(model.id).in_(ids),
            col(model.status) == "pending",
            col(model.next_attempt_at) <= now,
        )
        .values(next_attempt_at=lease_until)
        .returning(model),
        execution_options={"synchronize_session": False},
    )
    return list(rows.scalars())
