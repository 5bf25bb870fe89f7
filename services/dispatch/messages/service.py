"""Messages between a force and the anonymous reporter, both ways, through intake.

A force's question goes to intake as `followup.to_reporter` (the reporter reads it with
their receipt). A reporter's message arrives as `followup.to_force` and is delivered to
whichever force holds the report now (after any redirect or diversion) as a
`reporter.message`: a notice scheduled, signed and retried like a package. A message for
a report that has no package yet waits ("unrouted") and goes with the first one.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.dispatch.database import tables
from services.dispatch.delivery.models import Notice
from services.dispatch.messages.schemas import MessageAccepted, ReporterMessagePublic
from services.dispatch.packages.models import Package
from shared.crypto import Sealer
from shared.events import FollowupToForce, FollowupToReporter, utcnow

NOTICES = Notice.__table__  # type: ignore[attr-defined]


async def holding_package(session: AsyncSession, report_id: UUID) -> Package | None:
    """The package of the force that holds the report now: the newest not redirected away."""
    return (
        (
            await session.execute(
                select(Package)
                .where(
                    Package.report_id == report_id,  # type: ignore[arg-type]
                    (Package.outcome.is_(None)) | (Package.outcome != "wrong_force"),  # type: ignore[union-attr]
                )
                .order_by(Package.created_at.desc())  # type: ignore[attr-defined]
                .limit(1)
            )
        )
        .scalars()
        .first()
    )


async def send_to_reporter(
    *, session: AsyncSession, package: Package, text: str, bus_sealer: Sealer
) -> MessageAccepted:
    await tables.outbox.add(
        session,
        FollowupToReporter(
            correlation_id=package.correlation_id,
            report_id=package.report_id,
            force=package.force,
            sealed_text=bus_sealer.seal(text),
        ),
    )
    return MessageAccepted(package_id=package.id)


async def receive_from_reporter(
    *, session: AsyncSession, event: FollowupToForce, bus_sealer: Sealer, data_sealer: Sealer
) -> Notice:
    """Schedule a reporter's message for the force holding the report (once: the inbox)."""
    text = bus_sealer.open_text(event.sealed_text)
    holder = await holding_package(session, event.report_id)
    now = utcnow()
    notice = Notice(
        id=uuid4(),
        kind="reporter.message",
        report_id=event.report_id,
        package_id=holder.id if holder else None,
        force=holder.force if holder else None,
        correlation_id=event.correlation_id[:64],
        priority_rank=holder.priority_rank if holder else 2,
        sealed_text=data_sealer.seal(text),
        status="pending" if holder else "unrouted",
        next_attempt_at=now,
        created_at=now,
    )
    session.add(notice)
    return notice


# Core, built once: the ORM's bulk update (with its session synchronisation) cost more of
# dispatch's CPU than building the package it runs for.
_ROUTE_WAITING = (
    update(NOTICES)
    .where(NOTICES.c.report_id == bindparam("for_report"), NOTICES.c.status == "unrouted")
    .values(
        status="pending",
        package_id=bindparam("to_package"),
        force=bindparam("to_force"),
        priority_rank=bindparam("rank"),
        next_attempt_at=bindparam("now", type_=NOTICES.c.next_attempt_at.type),
    )
)


async def route_waiting_messages(*, session: AsyncSession, package: Package) -> None:
    """Messages that arrived before the report reached any force go with its package."""
    await session.execute(
        _ROUTE_WAITING,
        {
            "for_report": package.report_id,
            "to_package": package.id,
            "to_force": package.force,
            "rank": package.priority_rank,
            "now": utcnow(),
        },
    )


async def route_stranded_messages(session: AsyncSession) -> int:
    """Messages still waiting although their report has a package by now. On PostgreSQL a
    reporter's message and the report's first package can commit side by side, each
    transaction blind to the other's new row: the message finds no package to go with, and
    the package finds no message waiting. Looked for now and then (the delivery worker's
    deadline check) and sent on like any other; returns how many."""
    has_package = exists().where(col(Package.report_id) == col(Notice.report_id))
    stranded = (
        (await session.execute(select(Notice).where(col(Notice.status) == "unrouted", has_package)))
        .scalars()
        .all()
    )
    routed = 0
    for notice in stranded:
        holder = await holding_package(session, notice.report_id)
        if holder is None:
            continue
        notice.status = "pending"
        notice.package_id = holder.id
        notice.force = holder.force
        notice.priority_rank = holder.priority_rank
        notice.next_attempt_at = utcnow()
        routed += 1
    return routed


async def reporter_messages(
    *, session: AsyncSession, package: Package, data_sealer: Sealer
) -> list[ReporterMessagePublic]:
    notices = (
        await session.execute(
            select(Notice)
            .where(
                Notice.package_id == package.id,  # type: ignore[arg-type]
                Notice.kind == "reporter.message",  # type: ignore[arg-type]
            )
            .order_by(Notice.created_at)  # type: ignore[arg-type]
        )
    ).scalars()
    return [
        ReporterMessagePublic(
            message_id=n.id,
            package_id=package.id,
            text=data_sealer.open_text(n.sealed_text or ""),
            sent_at=n.created_at,
            status=n.status,
            delivered_at=n.delivered_at,
        )
        for n in notices
    ]
