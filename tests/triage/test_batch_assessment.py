"""Triage's report consumer as the service runs it: a batch's reports analysed together in
one trip to a worker thread, its assessments written at the batch's commit, and a repeat
in the same batch as its original still found as its duplicate."""

from __future__ import annotations

import functools
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from services.triage.app import MIGRATIONS
from services.triage.assessments.handlers import assessing_handler
from services.triage.assessments.models import Assessment
from services.triage.assessments.service import TriagePolicy, analyse_batch, assess_report
from services.triage.assessments.store import Indexer, OpenedFingerprints
from services.triage.database import tables
from services.triage.engine import (
    Analysis,
    ReportStore,
    TriageEngine,
    TriageInput,
    TriageResult,
)
from shared.crypto import Sealer, new_key_spec
from shared.db import Database
from shared.events import ReportContent, ReportSubmitted, Subject, seal_model
from shared.migrations import upgrade_async
from shared.runtime import BatchHooks, ConsumerBatcher

pytestmark = pytest.mark.integration

ACCOUNT = (
    "PC 4521 John Hale at Canterbury station took £500 in cash from a pub landlord on "
    "Friday night to make a drink-driving charge go away."
)


class RecordingEngine(TriageEngine):
    """The real engine, noting its steps in order and the thread each analysis ran on."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[str] = []
        self.threads: list[int] = []

    def analyse(self, inp: TriageInput, *, report_id: str | None = None) -> Analysis:
        self.steps.append("analyse")
        self.threads.append(threading.get_ident())
        return super().analyse(inp, report_id=report_id)

    def conclude(self, analysis: Analysis, *, store: ReportStore) -> TriageResult:
        self.steps.append("conclude")
        return super().conclude(analysis, store=store)


def _submitted(bus_sealer: Sealer, account: str) -> ReportSubmitted:
    content = ReportContent(
        what_happened=account,
        location="Canterbury, Kent",
        subject=Subject(name="John Hale", role="police_officer", number="4521"),
    )
    return ReportSubmitted(
        correlation_id="c",
        report_id=uuid.uuid4(),
        reference=f"PACR-0000-{uuid.uuid4().int % 10000:04d}",
        channel="online",
        received_at=datetime.now(UTC),
        sealed_content=seal_model(bus_sealer, content),
    )


async def test_a_batch_is_analysed_in_one_trip_and_finds_a_repeat_within_it(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/triage.db")
    await upgrade_async(MIGRATIONS, db.url)
    engine, bus_sealer = RecordingEngine(), Sealer(new_key_spec())
    handle = assessing_handler(
        assess_report,
        engine=engine,
        bus_sealer=bus_sealer,
        data_sealer=Sealer(new_key_spec()),
        index=Indexer("pepper"),
        policy=TriagePolicy(review_threshold=0.0, repeat_subject_threshold=3),
        opened=OpenedFingerprints(),
    )
    runtime: Any = SimpleNamespace(db=db, tables=tables, outbox=tables.outbox)
    consumer = ConsumerBatcher(
        runtime,
        {"report.submitted": handle},
        queue="triage.report-submitted",
        name="reports",
        max_batch=10,
        hooks=BatchHooks(
            prepare=functools.partial(analyse_batch, engine=engine, bus_sealer=bus_sealer)
        ),
        flush_once=True,
    )
    original = _submitted(bus_sealer, ACCOUNT)
    unrelated = _submitted(
        bus_sealer, "A sergeant in Leeds shares photos of victims in a group chat."
    )
    repeat = _submitted(bus_sealer, ACCOUNT.replace("Friday night", "Friday evening"))
    async with db.transaction() as session:
        await consumer.batcher.apply_many(session, [original, unrelated, repeat])
    async with db.reader() as session:
        stored = {a.report_id: a for a in (await session.execute(select(Assessment))).scalars()}
    await db.dispose()

    # All three analysed (once each) before the first is concluded: one trip to the
    # thread for the batch, where a trip per report would alternate the steps.
    assert engine.steps == ["analyse"] * 3 + ["conclude"] * 3
    assert threading.get_ident() not in engine.threads  # off the event loop
    assert set(stored) == {original.report_id, unrelated.report_id, repeat.report_id}
    assert stored[repeat.report_id].duplicate_of == original.report_id
    assert stored[repeat.report_id].disposition == "duplicate"
    assert stored[original.report_id].duplicate_of is None
