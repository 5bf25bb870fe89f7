"""Intelligence packages: built from triage's decision, acknowledged and re-routed by forces."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from uuid import UUID, uuid4

from sqlalchemy import Table, bindparam, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.dispatch.database import tables
from services.dispatch.delivery.deadlines import due_at, overdue, overdue_kind
from services.dispatch.forces.models import ForceRecord
from services.dispatch.messages.service import route_waiting_messages
from services.dispatch.packages.conflict import conflict_of_interest
from services.dispatch.packages.models import (
    PRIORITY_RANK,
    Acknowledgement,
    DeliveryAttempt,
    Package,
)
from services.dispatch.packages.schemas import (
    AcknowledgementCreate,
    AcknowledgementPublic,
    AttachmentLink,
    AttemptPublic,
    PackageData,
    PackageStatus,
    PulledPackage,
    WebhookEnvelope,
)
from services.dispatch.settings import DispatchSettings
from shared import reference
from shared.crypto import Sealer
from shared.errors import NotFound, Unprocessable
from shared.events import (
    IntelligenceAcknowledged,
    PackageContent,
    ReportTriaged,
    open_model,
    utcnow,
)

log = logging.getLogger(__name__)

PACKAGES = Package.__table__  # type: ignore[attr-defined]
_EXISTING = select(PACKAGES.c.id).where(
    PACKAGES.c.report_id == bindparam("report_id"),
    or_(PACKAGES.c.force == bindparam("force"), PACKAGES.c.diverted_from == bindparam("force")),
)
_ADD_PACKAGE = insert(PACKAGES)
ACKNOWLEDGEMENTS = Acknowledgement.__table__  # type: ignore[attr-defined]
_ADD_ACKNOWLEDGEMENT = insert(ACKNOWLEDGEMENTS)
_LINKED = select(PACKAGES.c.id).where(
    PACKAGES.c.report_id.in_(bindparam("report_ids", expanding=True))
)


async def create_package(
    *,
    session: AsyncSession,
    event: ReportTriaged,
    bus_sealer: Sealer,
    data_sealer: Sealer,
    public_url: str,
    independent: str,
) -> Package | None:
    """A package for the force triage chose, when the report is to be disseminated (or for
    the independent destination, when that force has a conflict of interest)."""
    if event.disposition != "disseminate" or event.force not in reference.force_codes():
        return None
    # Core statements on the table, built once: an ORM select built per event cost its
    # construction, a cache key and the ORM's compile state each time. A package made
    # earlier in this batch is already in the table (written by a Core insert).
    existing = (
        await session.execute(_EXISTING, {"report_id": event.report_id, "force": event.force})
    ).first()
    if existing is not None:
        return None
    content = open_model(bus_sealer, PackageContent, event.sealed_package)
    linked: list[UUID] = []
    if event.linked_report_ids:
        linked = list(
            (await session.execute(_LINKED, {"report_ids": event.linked_report_ids})).scalars()
        )
    package_id = uuid4()
    data = PackageData(
        package_id=package_id,
        report_reference=event.reference,
        force=event.force,
        channel=event.channel,
        categories=event.categories,
        priority=event.priority,
        summary=content.summary,
        details=content.details,
        subject=content.subject,
        location=content.location,
        when=content.when,
        linked_packages=linked,
        received_at=event.received_at,
        force_evidence=event.force_evidence,
        flags=event.flags,
        attachments=[
            AttachmentLink(
                attachment_id=a.attachment_id,
                media_type=a.media_type,
                size=a.size,
                url=f"{public_url}/v1/intelligence/{package_id}/attachments/{a.attachment_id}",
            )
            for a in content.attachments
        ],
        reporter_contact=content.reporter_contact,
    )
    return await _add_package(
        session,
        divert_if_conflicted(data, independent),
        data_sealer=data_sealer,
        report_id=event.report_id,
        correlation=event.correlation_id,
    )


def divert_if_conflicted(data: PackageData, independent: str) -> PackageData:
    """The same package addressed to the independent destination, with the reason, when the
    subject works in the receiving force's professional standards or anti-corruption
    unit; unchanged otherwise."""
    if data.force == independent:
        return data
    reason = conflict_of_interest(data)
    if reason is None:
        return data
    log.info("package diverted: conflict of interest", extra={"force": data.force})
    return data.model_copy(
        update={"force": independent, "diverted_from": data.force, "routing_reason": reason}
    )


async def _add_package(
    session: AsyncSession,
    data: PackageData,
    *,
    data_sealer: Sealer,
    report_id: UUID,
    correlation: str,
    redirected_from: UUID | None = None,
) -> Package:
    now = utcnow()
    package = Package(
        id=data.package_id,
        report_id=report_id,
        reference=data.report_reference,
        correlation_id=correlation[:64],
        force=data.force,
        priority=data.priority,
        priority_rank=PRIORITY_RANK.get(data.priority, 2),
        sealed_data=data_sealer.seal(data.model_dump_json()),
        status="pending",
        next_attempt_at=now,
        created_at=now,
        redirected_from=redirected_from,
        diverted_from=data.diverted_from,
        routing_reason=data.routing_reason,
    )
    await session.execute(_ADD_PACKAGE, _column_values(package, PACKAGES))
    await route_waiting_messages(session=session, package=package)
    return package  # as written; not in the session (nothing changes it after this)


def _column_values(instance: object, table: Table) -> dict[str, object]:
    """Every column's value of a model instance, for a Core insert: the model gives the
    defaults, the insert skips the ORM's unit of work (about a tenth of dispatch's CPU
    went on flushing new packages and acknowledgements one event at a time)."""
    return {column.name: getattr(instance, column.name) for column in table.columns}


def envelope_of(package: Package, data_sealer: Sealer) -> WebhookEnvelope:
    data = PackageData.model_validate_json(data_sealer.open(package.sealed_data))
    return WebhookEnvelope(timestamp=package.created_at, data=data)


# The packages a batch of acknowledgements locked up front (see lock_packages), by id.
_LOCKED = "locked_packages"


async def lock_packages(session: AsyncSession, package_ids: Sequence[UUID]) -> list[Package]:
    """A batch's packages loaded and locked in one query, in id order (two replicas'
    batches lock the rows they share in one order); own_package(lock=True) then takes
    them from here instead of a query each."""
    query = (
        select(Package)
        .where(col(Package.id).in_(sorted(set(package_ids))))
        .order_by(col(Package.id))
        .with_for_update()
    )
    packages = list((await session.execute(query)).scalars())
    session.info[_LOCKED] = {package.id: package for package in packages}
    return packages


async def own_package(
    session: AsyncSession, force: ForceRecord | None, package_id: UUID, *, lock: bool = False
) -> Package:
    """A package the caller may see: a force only its own (404 otherwise, not 403, so one
    force cannot even learn that another's package exists)."""
    package = session.info.get(_LOCKED, {}).get(package_id) if lock else None
    if package is None:
        query = select(Package).where(Package.id == package_id)  # type: ignore[arg-type]
        if lock:
            query = query.with_for_update()
        package = (await session.execute(query)).scalar_one_or_none()
    if package is None or (force is not None and package.force != force.code):
        raise NotFound("No such package.")
    return package


async def acknowledge(
    *,
    session: AsyncSession,
    force: ForceRecord,
    package_id: UUID,
    ack_in: AcknowledgementCreate,
    data_sealer: Sealer,
    independent: str,
) -> AcknowledgementPublic:
    package = await own_package(session, force, package_id, lock=True)
    now = utcnow()
    redirected: Package | None = None
    if ack_in.outcome == "wrong_force":
        target = ack_in.redirect_to or ""
        if target == force.code:
            raise Unprocessable("A force cannot redirect a package to itself.")
        if target not in reference.force_codes() and target != independent:
            raise Unprocessable(f"'{target}' is not a known force code.")
        redirected = await _redirect(session, package, target, data_sealer, independent)
    if package.delivered_at is None:
        # Acknowledged without a push (the force pulled it): delivered all the same.
        package.delivered_at = now
    package.status = "delivered"
    package.acknowledged_at = package.acknowledged_at or now
    # A late "received" (a force's system acknowledging receipt after someone already
    # recorded the outcome) is kept as an acknowledgement but never undoes the outcome.
    if not (ack_in.outcome == "received" and package.outcome not in (None, "received")):
        package.outcome = ack_in.outcome
    package.force_reference = ack_in.force_reference or package.force_reference
    session.add(package)
    ack = Acknowledgement(
        id=uuid4(),
        package_id=package.id,
        force=force.code,
        outcome=ack_in.outcome,
        force_reference=ack_in.force_reference,
        redirect_to=ack_in.redirect_to,
        created_at=now,
    )
    await session.execute(_ADD_ACKNOWLEDGEMENT, _column_values(ack, ACKNOWLEDGEMENTS))
    await tables.outbox.add(
        session,
        IntelligenceAcknowledged(
            correlation_id=package.correlation_id,
            package_id=package.id,
            report_id=package.report_id,
            force=force.code,
            outcome=ack_in.outcome,
            redirect_to=ack_in.redirect_to,
            acknowledged_at=now,
        ),
    )
    return AcknowledgementPublic(
        acknowledgement_id=ack.id,
        package_id=package.id,
        outcome=ack.outcome,
        force_reference=ack.force_reference,
        redirected_package_id=redirected.id if redirected else None,
        created_at=now,
    )


async def _redirect(
    session: AsyncSession, package: Package, target: str, data_sealer: Sealer, independent: str
) -> Package:
    data = envelope_of(package, data_sealer).data
    data = data.model_copy(update={"force": target, "diverted_from": None, "routing_reason": None})
    if package.force != independent:
        # The independent body itself may decide a force can handle it after all.
        data = divert_if_conflicted(data, independent)
    existing = (
        await session.execute(
            select(Package).where(
                col(Package.report_id) == package.report_id,
                col(Package.force) == data.force,
            )
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    data = data.model_copy(
        update={
            "package_id": uuid4(),
            "redirected_from": package.id,
            "linked_packages": [*data.linked_packages, package.id],
        }
    )
    return await _add_package(
        session,
        data,
        data_sealer=data_sealer,
        report_id=package.report_id,
        correlation=package.correlation_id,
        redirected_from=package.id,
    )


async def package_status(
    *,
    session: AsyncSession,
    force: ForceRecord | None,
    package_id: UUID,
    settings: DispatchSettings,
) -> PackageStatus:
    package = await own_package(session, force, package_id)
    attempts = (
        await session.execute(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.package_id == package.id)  # type: ignore[arg-type]
            .order_by(DeliveryAttempt.attempted_at)  # type: ignore[arg-type]
        )
    ).scalars()
    late = (
        await session.execute(
            select(col(Package.id)).where(
                col(Package.id) == package.id, overdue(utcnow(), settings)
            )
        )
    ).first() is not None
    return PackageStatus(
        package_id=package.id,
        report_reference=package.reference,
        force=package.force,
        status=package.status,
        priority=package.priority,
        attempts=package.attempts,
        created_at=package.created_at,
        delivered_at=package.delivered_at,
        parked_at=package.parked_at,
        acknowledged_at=package.acknowledged_at,
        outcome=package.outcome,
        last_error=package.last_error,
        redirected_from=package.redirected_from,
        diverted_from=package.diverted_from,
        routing_reason=package.routing_reason,
        overdue=overdue_kind(package) if late else None,
        due_at=due_at(package, settings) if package.outcome in (None, "received") else None,
        reminders_sent=package.reminders_sent,
        history=[AttemptPublic.model_validate(a, from_attributes=True) for a in attempts],
    )


async def undelivered(
    *, session: AsyncSession, force: ForceRecord, data_sealer: Sealer, limit: int
) -> list[PulledPackage]:
    """What a force without a reachable endpoint pulls instead: most urgent first."""
    packages = (
        await session.execute(
            select(Package)
            .where(
                col(Package.force) == force.code,
                col(Package.status).in_(("pending", "parked")),
            )
            .order_by(Package.priority_rank, Package.created_at)  # type: ignore[arg-type]
            .limit(limit)
        )
    ).scalars()
    return [
        PulledPackage(webhook_id=str(p.id), status=p.status, package=envelope_of(p, data_sealer))
        for p in packages
    ]
