"""Triage's duplicate look-up on its database: bounded however many reports share a key."""

from __future__ import annotations

import asyncio
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
from services.triage.engine import StoredReport
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
    loop = asyncio.get_running_loop()
    about_him = _report(COMMON, ["kent:number:4521"])
    async with db.transaction() as session:
        store = DatabaseReportStore(session, loop, index=index, sealer=sealer)
        store.add(about_him)
        for _ in range(60):  # more reports sharing every text key than are ever read
            store.add(_report(COMMON))
        await store.persist()
    async with db.transaction() as session:
        store = DatabaseReportStore(session, loop, index=index, sealer=sealer)
        found = await store._candidates([*COMMON, "subj:kent:number:4521"])
        unrelated = await store._candidates(["mh0:rare", "mh1:rare"])
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
