"""The engine's ReportStore on triage's database, for duplicate detection.

The engine is synchronous and runs in a worker thread (it is CPU work); its look-ups
are run on the event loop, in the consumer's own transaction, and waited for.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from dataclasses import asdict
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.triage.assessments.models import DuplicateCandidate, StoredFingerprint
from services.triage.engine import StoredReport
from shared.crypto import Sealer


class Indexer:
    """Keys as stored and looked up: a keyed hash, so equal keys still meet but the table
    holds no subject's name (subject keys travel as band keys too)."""

    def __init__(self, pepper: str) -> None:
        self._pepper = pepper.encode()

    def __call__(self, key: str) -> str:
        return hmac.new(self._pepper, key.encode(), hashlib.sha256).hexdigest()


class DatabaseReportStore:
    def __init__(
        self,
        session: AsyncSession,
        loop: asyncio.AbstractEventLoop,
        *,
        index: Indexer,
        sealer: Sealer,
    ) -> None:
        self._session = session
        self._loop = loop
        self._index = index
        self._sealer = sealer
        self.added: list[StoredReport] = []

    def candidates(self, band_keys: list[str]) -> list[StoredReport]:
        future = asyncio.run_coroutine_threadsafe(self._candidates(band_keys), self._loop)
        return future.result(timeout=30)

    async def _candidates(self, band_keys: list[str]) -> list[StoredReport]:
        if not band_keys:
            return []
        ids = select(col(DuplicateCandidate.report_id)).where(
            col(DuplicateCandidate.band_key).in_({self._index(k) for k in band_keys})
        )
        rows = (
            await self._session.execute(
                select(col(StoredFingerprint.data)).where(col(StoredFingerprint.report_id).in_(ids))
            )
        ).scalars()
        return [StoredReport(**json.loads(self._sealer.open(data))) for data in rows]

    def add(self, report: StoredReport) -> None:
        # Written after classification, in the same transaction (see persist()).
        self.added.append(report)

    async def persist(self) -> None:
        for report in self.added:
            report_id = UUID(report.report_id)
            await self._session.execute(
                insert(StoredFingerprint).values(
                    report_id=report_id, data=self._sealer.seal(json.dumps(asdict(report)))
                )
            )
            keys = sorted({self._index(k) for k in report.band_keys})
            if keys:
                await self._session.execute(
                    insert(DuplicateCandidate),
                    [{"band_key": k, "report_id": report_id} for k in keys],
                )
        self.added.clear()
