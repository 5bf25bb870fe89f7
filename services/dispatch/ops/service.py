"""What operators see and do: parked packages, replay, queue depths."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.delivery.deadlines import due_at, overdue, overdue_kind
from services.dispatch.ops.sampler import QueueSampler
from services.dispatch.ops.schemas import (
    MessageDeath,
    MessagesReplayed,
    OverduePackage,
    ParkedMessage,
    ParkedPackage,
    QueueInfo,
)
from services.dispatch.packages.models import Package
from services.dispatch.settings import DispatchSettings
from shared.bus import (
    BROKER_ERRORS,
    TOPOLOGY,
    Bus,
    PeekedMessage,
    QueueSpec,
    ReplayIncomplete,
)
from shared.errors import Conflict, NotFound, ServiceUnavailable
from shared.events import utcnow


async def list_parked(*, session: AsyncSession, limit: int) -> list[ParkedPackage]:
    rows = (
        await session.execute(
            select(Package)
            .where(Package.status == "parked")  # type: ignore[arg-type]
            .order_by(Package.parked_at)  # type: ignore[arg-type]
            .limit(limit)
        )
    ).scalars()
    return [
        ParkedPackage(
            package_id=p.id,
            force=p.force,
            priority=p.priority,
            attempts=p.attempts,
            last_error=p.last_error,
            parked_at=p.parked_at,
        )
        for p in rows
    ]


async def replay_parked(*, session: AsyncSession, package_id: UUID) -> Package:
    package = await session.get(Package, package_id)
    if package is None:
        raise NotFound("No such package.")
    if package.status != "parked":
        raise Conflict(f"The package is {package.status}, not parked.")
    package.status = "pending"
    package.attempts = 0
    package.parked_at = None
    package.next_attempt_at = utcnow()
    # A fresh age window too, so a replayed package gets its full retry allowance.
    package.created_at = utcnow()
    session.add(package)
    return package


async def queue_depths(bus: Bus, *, sampler: QueueSampler | None = None) -> list[QueueInfo]:
    """Every queue's figures: from the sampler (management API or AMQP, with rates) when
    there is one, else depths and consumers by passive declare alone."""
    if sampler is not None:
        return await sampler.read()
    if not bus.connected:
        raise ServiceUnavailable("The broker is not reachable.")
    names = [q.name for q in TOPOLOGY] + [q.parking for q in TOPOLOGY]
    depths = await bus.queue_depths(names)
    return [
        QueueInfo(
            name=q.name,
            messages=depths[q.name]["messages"],
            consumers=depths[q.name]["consumers"],
            parked=depths[q.parking]["messages"],
        )
        for q in TOPOLOGY
    ]


async def list_overdue(
    *, session: AsyncSession, settings: DispatchSettings, force: str | None, limit: int
) -> list[OverduePackage]:
    """Packages past their acknowledgement or outcome deadline, longest overdue first."""
    query = select(Package).where(overdue(utcnow(), settings))
    if force is not None:
        query = query.where(Package.force == force)  # type: ignore[arg-type]
    rows = (
        await session.execute(query.order_by(Package.created_at).limit(limit))  # type: ignore[arg-type]
    ).scalars()
    return [
        OverduePackage(
            package_id=p.id,
            force=p.force,
            priority=p.priority,
            status=p.status,
            overdue=overdue_kind(p),
            due_at=due_at(p, settings),
            created_at=p.created_at,
            acknowledged_at=p.acknowledged_at,
            outcome=p.outcome,
            reminders_sent=p.reminders_sent,
            last_reminder_at=p.last_reminder_at,
        )
        for p in rows
    ]


def _spec(queue: str) -> QueueSpec:
    base = queue.removesuffix(".parked")
    spec = next((q for q in TOPOLOGY if q.name == base), None)
    if spec is None:
        raise NotFound(f"No such queue: {queue[:100]!r} (see GET /v1/ops/queues).")
    return spec


def _parked_message(bus: Bus, spec: QueueSpec, peeked: PeekedMessage) -> ParkedMessage:
    namespace = bus.name("")
    deaths = []
    for entry in peeked.headers.get("x-death") or []:
        if not isinstance(entry, dict):
            continue
        at = entry.get("time")
        deaths.append(
            MessageDeath(
                queue=_text(entry.get("queue", "")).removeprefix(namespace),
                reason=_text(entry.get("reason", "")),
                count=int(entry.get("count", 1)),
                at=at.replace(tzinfo=at.tzinfo or UTC) if isinstance(at, datetime) else None,
            )
        )
    reason = peeked.headers.get("x-first-death-reason")
    times = [d.at for d in deaths if d.at is not None]
    return ParkedMessage(
        queue=spec.name,
        event_id=peeked.message_id,
        type=peeked.type,
        routing_key=peeked.routing_key,
        correlation_id=peeked.correlation_id,
        reason=None if reason is None else _text(reason),
        first_death_at=min(times) if times else None,
        deaths=deaths,
        size_bytes=peeked.body_size,
    )


def _text(value: object) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


# One listing or replay at a time in this process: messages one of them holds unacked are
# invisible to another, which would then show (or replay) too few.
_parking = asyncio.Lock()


async def list_parked_messages(*, bus: Bus, queue: str | None, limit: int) -> list[ParkedMessage]:
    """Messages in parking queues (one, or all), left where they are; bodies never shown."""
    specs = [_spec(queue)] if queue is not None else list(TOPOLOGY)
    if not bus.connected:
        raise ServiceUnavailable("The broker is not reachable.")
    out: list[ParkedMessage] = []
    async with _parking:
        for spec in specs:
            if len(out) >= limit:
                break
            try:
                peeked = await bus.peek(spec.parking, limit=limit - len(out))
            except BROKER_ERRORS as exc:
                raise ServiceUnavailable("The broker is not reachable.") from exc
            out.extend(_parked_message(bus, spec, p) for p in peeked)
    return out


async def replay_parked_messages(
    *,
    bus: Bus,
    queue: str,
    event_ids: list[str] | None,
    before_replay: Callable[[str], Awaitable[None]],
) -> MessagesReplayed:
    """Back into the queue they were parked from: all of them, or those with these ids.
    `before_replay(queue)` runs once the request is found good and before the broker is
    asked (the operator's request, audited: if it fails, nothing is replayed)."""
    spec = _spec(queue)
    if not bus.connected:
        raise ServiceUnavailable("The broker is not reachable.")
    await before_replay(spec.name)
    wanted = set(event_ids) if event_ids else None
    incomplete = None
    async with _parking:
        try:
            replayed = await bus.replay(
                spec.parking,
                into=spec.name,
                select=lambda m: wanted is None or m.message_id in wanted,
            )
        except ReplayIncomplete as exc:
            # Those replayed before the broker failed are answered (and audited); the rest
            # stay parked for another try.
            if not exc.replayed:
                raise ServiceUnavailable("The broker did not take the replay; try again.") from exc
            replayed, incomplete = (
                exc.replayed,
                "the broker stopped confirming; the rest stay parked",
            )
        except BROKER_ERRORS as exc:
            raise ServiceUnavailable("The broker is not reachable.") from exc
    done = [m.message_id for m in replayed]
    missing = sorted(wanted - {i for i in done if i}) if wanted and not incomplete else []
    if wanted and not replayed:
        raise NotFound(f"No message with that event id is parked from {spec.name}.")
    return MessagesReplayed(
        queue=spec.name,
        replayed=len(replayed),
        event_ids=done,
        not_found=missing,
        incomplete=incomplete,
    )
