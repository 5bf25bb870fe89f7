"""Triage's duplicate look-up on its database: bounded however many reports share a key."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from sqlalchemy import delete, insert, text

from services.triage.app import MIGRATIONS
from services.triage.assessments.store import (
    FINGERPRINTS,
    MAX_CANDIDATES,
    DatabaseReportStore,
    Indexer,
    OpenedFingerprints,
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


class CountingSealer(Sealer):
    """Counts what is unsealed: the cache's whole point is to unseal a fingerprint once."""

    def __init__(self) -> None:
        super().__init__(new_key_spec())
        self.opened = 0

    def open(self, sealed: str) -> bytes:
        self.opened += 1
        return super().open(sealed)


async def test_fingerprints_are_unsealed_once_and_never_answered_once_gone(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/triage.db")
    await upgrade_async(MIGRATIONS, db.url)
    index, sealer, opened = Indexer("pepper"), CountingSealer(), OpenedFingerprints()
    first, second = _report(COMMON[:4]), _report(COMMON[:4])

    async def look_up() -> list[StoredReport]:
        async with db.transaction() as session:
            store = DatabaseReportStore(session, index=index, sealer=sealer, opened=opened)
            return await store.look_up(COMMON[:4])

    async with db.transaction() as session:
        store = DatabaseReportStore(session, index=index, sealer=sealer, opened=opened)
        store.add(first)
        await store.persist()
    # Another replica (no cache of this process) wrote the second.
    async with db.transaction() as session:
        store = DatabaseReportStore(session, index=index, sealer=sealer)
        store.add(second)
        await store.persist()

    found = [await look_up() for _ in range(3)]
    assert all({r.report_id for r in f} == {first.report_id, second.report_id} for f in found)
    assert sealer.opened == 1  # the second, once; the first was kept when it was written

    # Assessed again (a reporter's answer): the row is replaced and read afresh.
    changed = StoredReport(**{**asdict(first), "force": "essex"})
    async with db.transaction() as session:
        await session.execute(
            delete(FINGERPRINTS).where(FINGERPRINTS.c.report_id == UUID(first.report_id))
        )
        await session.execute(
            insert(FINGERPRINTS),
            {"report_id": UUID(first.report_id), "data": sealer.seal(json.dumps(asdict(changed)))},
        )
    forces = {r.report_id: r.force for r in await look_up()}
    assert forces == {first.report_id: "essex", second.report_id: "kent"}

    # Erased: never a candidate again, though this process had it opened.
    async with db.transaction() as session:
        await session.execute(
            delete(FINGERPRINTS).where(FINGERPRINTS.c.report_id == UUID(second.report_id))
        )
    assert {r.report_id for r in await look_up()} == {first.report_id}
    await db.dispose()


def test_opened_fingerprints_are_kept_for_a_while_and_a_number_at_most() -> None:
    now = [0.0]
    opened = OpenedFingerprints(capacity=3, seconds=60, clock=lambda: now[0])
    reports = {f"sealed{i}": _report([f"k{i}"]) for i in range(5)}
    for sealed, report in reports.items():
        opened.keep(sealed, report)
        now[0] += 10
    # Capacity 3: the two oldest are out.
    assert [opened.get(s) is not None for s in reports] == [False, False, True, True, True]
    # sealed2 was kept at 20 s: at 81 s it is older than a minute.
    now[0] = 81.0
    assert opened.get("sealed2") is None
    assert opened.get("sealed4") is reports["sealed4"]
    now[0] = 1000.0
    assert opened.get("sealed4") is None
    assert len(opened) == 0
