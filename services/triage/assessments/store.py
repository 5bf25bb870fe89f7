"""The engine's ReportStore on triage's database, for duplicate detection.

The engine is synchronous and its analysis runs in a worker thread (it is CPU work); the
look-up runs on the event loop, in the consumer's own transaction, between the engine's
analyse() and conclude().

A look-up costs the same however many reports are stored. Band keys made of common words
are shared by a large part of the store (on the benchmark's reports, a third of all
reports were candidates for each new one, and unsealing them took most of triage's
time); so of each key only the RECENT_PER_KEY most recent reports are read, and of
those the MAX_CANDIDATES sharing the most keys with the new report (reports about the
same subject first) are unsealed and compared. A repeat is usually sent soon after the
first and shares most of its keys, or names the same person: it is among them.

The candidates of one report are mostly the reports of the last minutes, read again for
every report after them: each is unsealed and decoded once and then kept, for a while, by
the process that wrote or first read it (OpenedFingerprints).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import time
from collections import OrderedDict
from collections.abc import Callable
from uuid import UUID

from sqlalchemy import TextClause, insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.triage.assessments.models import DuplicateCandidate, StoredFingerprint
from services.triage.engine import StoredReport
from shared.crypto import Sealer
from shared.events import utcnow

FINGERPRINTS = StoredFingerprint.__table__  # type: ignore[attr-defined]
DUPLICATE_BANDS = DuplicateCandidate.__table__  # type: ignore[attr-defined]
_ADD_FINGERPRINT = insert(FINGERPRINTS)  # built once, not per report
_ADD_BANDS = insert(DUPLICATE_BANDS)
RECENT_PER_KEY = 16
MAX_CANDIDATES = 16


class Indexer:
    """Keys as stored and looked up: a keyed hash, so equal keys still meet but the table
    holds no subject's name (subject keys travel as band keys too).

    Its first 128 bits, as 32 hex digits: plenty to keep a store's keys apart, and every
    report writes 33 of them into indexes that outgrow the page cache as the store grows,
    so half the length is a smaller index (on its own: 237 rather than 314 MB of bands
    at 20,000 reports)."""

    LENGTH = 32

    def __init__(self, pepper: str) -> None:
        self._pepper = pepper.encode()

    def __call__(self, key: str) -> str:
        return hmac.new(self._pepper, key.encode(), hashlib.sha256).hexdigest()[: self.LENGTH]


@functools.lru_cache(maxsize=64)
def _lookup(subject_keys: int, text_keys: int) -> TextClause:
    """The look-up for so many keys: of each key the most recent rows (an index range,
    bounded), then the reports sharing most keys, subject keys first. Plain SQL, built
    once per shape: composing 33 subqueries per report cost more than running them."""
    per_key = " UNION ALL ".join(
        # Only integers are formatted in; every key is a bind parameter.
        f"SELECT b{i}.report_id, {int(i < subject_keys)} AS subject FROM ("  # noqa: S608
        f"SELECT report_id FROM duplicate_bands WHERE band_key = :k{i} "
        f"ORDER BY added_at DESC LIMIT :recent) AS b{i}"
        for i in range(subject_keys + text_keys)
    )
    return text(
        "SELECT data FROM fingerprints WHERE report_id IN ("  # noqa: S608
        f"SELECT shared.report_id FROM ({per_key}) AS shared GROUP BY shared.report_id "
        "ORDER BY max(shared.subject) DESC, count(*) DESC LIMIT :best)"
    )


class OpenedFingerprints:
    """Fingerprints this process sealed or opened, by their sealed text, for at most
    `seconds` and at most `capacity` of them, oldest out first.

    Unsealing and decoding 16 candidates per report took a twelfth of triage's CPU in
    the pipeline (session 9), and the same few hundred recent reports are read again and
    again. Only a row the look-up returned is answered from here, so a fingerprint erased
    or replaced in the database is never used; keyed by the sealed text, which a new
    nonce makes different every time a report is sealed again. The time limit keeps a
    quiet service from holding a report's keys in memory long after it was assessed."""

    def __init__(
        self,
        capacity: int = 2048,
        seconds: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._capacity = capacity
        self._seconds = seconds
        self._clock = clock
        self._opened: OrderedDict[str, tuple[float, StoredReport]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._opened)

    def get(self, sealed: str) -> StoredReport | None:
        self._expire(self._clock())
        kept = self._opened.get(sealed)
        return kept[1] if kept else None

    def keep(self, sealed: str, report: StoredReport) -> None:
        now = self._clock()
        self._opened[sealed] = (now, report)
        self._opened.move_to_end(sealed)
        self._expire(now)

    def _expire(self, now: float) -> None:
        opened = self._opened
        while opened and (
            len(opened) > self._capacity or now - next(iter(opened.values()))[0] > self._seconds
        ):
            opened.popitem(last=False)


class DatabaseReportStore:
    """The engine's store for one report (or a batch, in one transaction): the look-up is
    run on the event loop beforehand (prefetch), and the engine's conclude() is answered
    from it, so the engine itself never waits on the database."""

    def __init__(
        self,
        session: AsyncSession,
        *,
        index: Indexer,
        sealer: Sealer,
        opened: OpenedFingerprints | None = None,
    ) -> None:
        self._session = session
        self._index = index
        self._sealer = sealer
        self._opened = opened
        self.added: list[StoredReport] = []
        # Each band key's stored form, hashed once though the look-up and the write both
        # need it (about 70 keyed hashes per report otherwise).
        self._indexed: dict[str, str] = {}
        self._fetched: tuple[list[str], list[StoredReport]] | None = None

    def _key(self, band_key: str) -> str:
        stored = self._indexed.get(band_key)
        if stored is None:
            stored = self._indexed[band_key] = self._index(band_key)
        return stored

    async def prefetch(self, band_keys: list[str]) -> None:
        """Look up the candidates the engine will ask for (Analysis.lookup_keys)."""
        self._fetched = (list(band_keys), await self.look_up(band_keys))

    def candidates(self, band_keys: list[str]) -> list[StoredReport]:
        if self._fetched is None or self._fetched[0] != band_keys:
            # A report checked against candidates for other keys would miss its
            # duplicates: never answer it.
            raise LookupError("the duplicate look-up was not prefetched for these keys")
        found, self._fetched = self._fetched[1], None
        return found

    async def look_up(self, band_keys: list[str]) -> list[StoredReport]:
        if not band_keys:
            return []
        subject = sorted({self._key(k) for k in band_keys if k.startswith("subj:")})
        text_keys = sorted({self._key(k) for k in band_keys} - set(subject))
        params = {f"k{i}": key for i, key in enumerate([*subject, *text_keys])}
        rows = (
            await self._session.execute(
                _lookup(len(subject), len(text_keys)),
                {**params, "recent": RECENT_PER_KEY, "best": MAX_CANDIDATES},
            )
        ).scalars()
        return [self._open(data) for data in rows]

    def _open(self, sealed: str) -> StoredReport:
        if self._opened is None:
            return StoredReport(**json.loads(self._sealer.open(sealed)))
        report = self._opened.get(sealed)
        if report is None:
            report = StoredReport(**json.loads(self._sealer.open(sealed)))
            self._opened.keep(sealed, report)
        return report

    def add(self, report: StoredReport) -> None:
        # Written after classification, in the same transaction (see persist()).
        self.added.append(report)

    async def persist(self) -> None:
        now = utcnow()
        for report in self.added:
            report_id = UUID(report.report_id)
            # Its fields are JSON already; dataclasses.asdict would copy the fingerprint
            # number by number first (2% of triage's CPU in the pipeline).
            sealed = self._sealer.seal(json.dumps(vars(report)))
            # Core inserts (the tables, not the classes): the ORM's bulk path cost a fifth
            # of triage's CPU for these rows, which it never loads back as objects.
            await self._session.execute(_ADD_FINGERPRINT, {"report_id": report_id, "data": sealed})
            if self._opened is not None:
                # Kept before the commit: if it rolls back, the row is not there to be
                # found, so it is never used, and it ages out.
                self._opened.keep(sealed, report)
            keys = sorted({self._key(k) for k in report.band_keys})
            if keys:
                await self._session.execute(
                    _ADD_BANDS,
                    [{"band_key": k, "report_id": report_id, "added_at": now} for k in keys],
                )
        self.added.clear()
