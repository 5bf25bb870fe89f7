"""Triage's duplicate look-up on its database: bounded however many reports share a key."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import text

from services.triage.app import MIGRATIONS
from services.triage.assessments.store import (
    MAX_CANDIDATES,
    DatabaseReportStore,
    Indexer,
    _lookup,
)
from services.triage.engine import StoredReport, TriageEngine, TriageInput
from shared.crypto import Sealer, new_key_spec
from shared.db import Database
from shared.migrations import upgrade_async

pytestmark = pytest.mark.integration

COMMON = [f"mh{band}:common" for band in range(32)]


def _report(keys: list[str], subject_keys: list[str] | None = None) -> StoredReport:
    subject_keys = subject_keys or []
    return StoredReport(
        report_id=str(uuid4()),
        fingerprint=[1] * 64,
        force="kent",
        categories=["corruption"],
        priority="standard",
        band_keys=[*keys, *(f"subj:{k}" for k in subject_keys)],
        subject_keys=subject_keys,
    )


async def test_look_up_is_bounded_and_keeps_the_same_subject(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/triage.db")
    await upgrade_async(MIGRATIONS, db.url)
    index, sealer = Indexer("pepper"), Sealer(new_key_spec())
    about_him = _report(COMMON, ["kent:number:4521"])
    async with db.transaction() as session:
        store = DatabaseReportStore(session, index=index, sealer=sealer)
        store.add(about_him)
        for _ in range(60):  # more reports sharing every text key than are ever read
            store.add(_report(COMMON))
        await store.persist()
    async with db.transaction() as session:
        store = DatabaseReportStore(session, index=index, sealer=sealer)
        found = await store.look_up([*COMMON, "subj:kent:number:4521"])
        unrelated = await store.look_up(["mh0:rare", "mh1:rare"])
    await db.dispose()
    assert len(found) == MAX_CANDIDATES
    # The oldest report, but about the same officer: always among the candidates.
    assert about_him.report_id in {c.report_id for c in found}
    assert unrelated == []


async def test_look_up_reads_each_key_from_the_table_in_its_own_order(tmp_path: Path) -> None:
    """Of each band key, the recent report ids are a range of the table's primary key,
    read newest first: never a scan, never a sort of all of a key's rows (the look-up
    runs for every report, and its cost must not grow with the store)."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/triage.db")
    await upgrade_async(MIGRATIONS, db.url)
    statement = _lookup(1, 2)
    params = {"k0": "a", "k1": "b", "k2": "c", "recent": 16, "best": 16}
    async with db.reader() as session:
        plan = (await session.execute(text(f"EXPLAIN QUERY PLAN {statement.text}"), params)).all()
    await db.dispose()
    per_key = [step_id for step_id, _, _, step in plan if step.startswith("CO-ROUTINE b")]
    assert len(per_key) == 3
    for step_id in per_key:
        # The key's subquery does one thing: walk its primary-key range.
        assert [step for _, parent, _, step in plan if parent == step_id] == [
            "SEARCH duplicate_bands USING PRIMARY KEY (band_key=?)"
        ]


async def test_a_repeat_is_found_through_the_database_with_the_look_up_prefetched(
    tmp_path: Path,
) -> None:
    """The service's order: analyse (off the loop), look up, conclude, persist. A report
    sent again in other words the next day is concluded a duplicate of the first."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/triage.db")
    await upgrade_async(MIGRATIONS, db.url)
    engine, index, sealer = TriageEngine(), Indexer("pepper"), Sealer(new_key_spec())
    text = (
        "PC 4521 John Hale at Canterbury station took £500 in cash from a pub landlord on "
        "Friday night to make a drink-driving charge go away."
    )
    results, ids = [], [str(uuid4()), str(uuid4())]
    for report_id, account in zip(
        ids, [text, text.replace("Friday night", "Friday evening")], strict=True
    ):
        async with db.transaction() as session:
            store = DatabaseReportStore(session, index=index, sealer=sealer)
            analysis = engine.analyse(
                TriageInput(text=account, location="Canterbury, Kent"), report_id=report_id
            )
            await store.prefetch(analysis.lookup_keys)
            results.append(engine.conclude(analysis, store=store))
            await store.persist()
    await db.dispose()
    assert results[0].duplicate_of is None
    assert results[1].duplicate_of == ids[0]
    assert results[1].disposition == "duplicate"


async def test_the_engine_is_never_answered_from_a_look_up_for_other_keys(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/triage.db")
    await upgrade_async(MIGRATIONS, db.url)
    async with db.reader() as session:
        store = DatabaseReportStore(session, index=Indexer("pepper"), sealer=Sealer(new_key_spec()))
        await store.prefetch(["mh0:a"])
        with pytest.raises(LookupError):
            store.candidates(["mh0:b"])
    await db.dispose()
