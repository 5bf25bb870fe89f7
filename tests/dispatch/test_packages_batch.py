"""Packages built from a batch of report.triaged events in one transaction: the consumer
applies many events per commit, and what an earlier event of the batch added (not yet in
the table) counts as much as what is already there."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select

from services.dispatch.delivery.models import Notice
from services.dispatch.messages.service import route_stranded_messages
from services.dispatch.packages.handlers import report_triaged_handler
from services.dispatch.packages.models import Package
from shared.crypto import Sealer, new_key_spec
from shared.db import Database
from shared.events import PackageContent, ReportTriaged, seal_model
from tests.events import report_triaged

pytestmark = pytest.mark.integration

RECEIVED = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
SEALER = Sealer(new_key_spec())


def triaged(report_id: UUID, *, linked: list[UUID] | None = None) -> ReportTriaged:
    content = PackageContent(summary="Takes cash", details="PC 4521 takes cash from dealers.")
    return report_triaged(report_id, received_at=RECEIVED).model_copy(
        update={
            "sealed_package": seal_model(SEALER, content),
            "linked_report_ids": linked or [],
        }
    )


def handler() -> object:
    return report_triaged_handler(
        bus_sealer=SEALER,
        data_sealer=SEALER,
        public_url="http://dispatch",
        independent="iopc",
        on_new_package=lambda: None,
    )


async def packages(db: Database) -> list[Package]:
    async with db.reader() as session:
        return list((await session.execute(select(Package))).scalars())


async def test_a_report_triaged_twice_in_one_batch_gets_one_package(db: Database) -> None:
    on_report_triaged = handler()
    report_id = uuid4()
    async with db.transaction() as session:
        await on_report_triaged(session, triaged(report_id))  # type: ignore[operator]
        await on_report_triaged(session, triaged(report_id))  # type: ignore[operator]
    async with db.transaction() as session:  # and again, in a later batch
        await on_report_triaged(session, triaged(report_id))  # type: ignore[operator]
    assert [p.report_id for p in await packages(db)] == [report_id]


async def test_a_linked_report_in_the_same_batch_is_linked(db: Database) -> None:
    on_report_triaged = handler()
    stored, earlier, latest = uuid4(), uuid4(), uuid4()
    async with db.transaction() as session:
        await on_report_triaged(session, triaged(stored))  # type: ignore[operator]
    async with db.transaction() as session:
        await on_report_triaged(session, triaged(earlier))  # type: ignore[operator]
        await on_report_triaged(  # type: ignore[operator]
            session, triaged(latest, linked=[stored, earlier])
        )
    by_report = {p.report_id: p for p in await packages(db)}
    data = SEALER.open_text(by_report[latest].sealed_data)
    assert str(by_report[stored].id) in data
    assert str(by_report[earlier].id) in data


def waiting_message(report_id: UUID) -> Notice:
    """A reporter's message that found no package for its report."""
    return Notice(
        id=uuid4(),
        kind="reporter.message",
        report_id=report_id,
        correlation_id="c",
        priority_rank=2,
        sealed_text=SEALER.seal("Is anyone looking at this?"),
        status="unrouted",
        next_attempt_at=RECEIVED,
        created_at=RECEIVED,
    )


async def test_a_message_waiting_for_the_report_goes_with_its_package(db: Database) -> None:
    report_id = uuid4()
    async with db.transaction() as session:
        session.add(waiting_message(report_id))
    async with db.transaction() as session:
        await handler()(session, triaged(report_id))  # type: ignore[operator]
    (package,) = await packages(db)
    async with db.reader() as session:
        notice = (await session.execute(select(Notice))).scalar_one()
    assert (notice.status, notice.package_id, notice.force) == ("pending", package.id, "kent")


async def test_a_message_stranded_beside_its_package_is_sent_on_later(db: Database) -> None:
    """The message and the package committed side by side (PostgreSQL), neither seeing the
    other: the next deadline check routes it. One whose report has no package waits on."""
    stranded, unpassed = uuid4(), uuid4()
    async with db.transaction() as session:
        await handler()(session, triaged(stranded))  # type: ignore[operator]
    async with db.transaction() as session:
        session.add(waiting_message(stranded))
        session.add(waiting_message(unpassed))
    async with db.transaction() as session:
        assert await route_stranded_messages(session) == 1
    (package,) = await packages(db)
    async with db.reader() as session:
        by_report = {n.report_id: n for n in (await session.execute(select(Notice))).scalars()}
    routed = by_report[stranded]
    assert (routed.status, routed.package_id, routed.force) == ("pending", package.id, "kent")
    assert (by_report[unpassed].status, by_report[unpassed].package_id) == ("unrouted", None)
    async with db.transaction() as session:
        assert await route_stranded_messages(session) == 0
