"""Cost growth: the same pipeline with 1,000, 5,000 and 20,000 reports already stored.

Issue 7: throughput must not fall by more than 10% as the store grows (no scan that
grows with it). One stack per size, its databases filled up to that size before any
measurement; then BENCH_GROWTH_ROUNDS (3) rounds, each measuring the pipeline on every
size in turn with the same number of new reports (BENCH_GROWTH_REPORTS, 1,000), offered at
once. The medians of throughput and of the services' CPU per report are compared. Taking
the sizes in turn within each round, rather than one size after the other, keeps a drift
in the machine's speed out of the comparison; rotating their order from round to round
keeps out whatever comes of being measured first or last. A slow spell within a round
still lands on whichever sizes it meets (session 8: the force simulator, whose work does
not depend on the store, cost 50% more per report in some rounds than in others), so each
size's CPU is also given relative to the simulator's in the same round, a figure the
machine's speed cancels out of.

Seeding writes rows directly, in the bench's process, through each service's own code,
because pushing 20,000 reports through the pipeline would take longer than the whole
benchmark may:
- triage: `assess_report` with the real engine, its inbox claim and store (fingerprints,
  duplicate bands, subject links with the service's own pepper and keys), so the
  look-ups of new reports meet posting lists as large as real ones;
- dispatch: its inbox claims, `create_package` for each triaged event, the statistics
  (`count_submitted`, `count_triaged`, `count_acknowledgement`), then the package marked
  delivered and acknowledged with its delivery attempt and acknowledgement rows;
- intake: the report rows (sealed content, status, force) as its submission writes them;
  reports without a receipt, like the benchmark's, need no receipt hash.
Triage's outbox rows from seeding are taken out (their events feed dispatch's seeding
directly) so no seeded event reaches the broker.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import create_engine, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker

from shared.events import ReportTriaged
from tests.stack import Stack

SIZES = tuple(int(n) for n in os.environ.get("BENCH_GROWTH_SIZES", "1000,5000,20000").split(","))
MEASURED = int(os.environ.get("BENCH_GROWTH_REPORTS", "1000"))
# Each size is measured this many times over (a run of 1,000 reports here varies by more
# than the 10% the goal allows); the medians are compared.
ROUNDS = int(os.environ.get("BENCH_GROWTH_ROUNDS", "3"))
SEED_BATCH = 500
STALL_SECONDS = 30.0


async def measure(
    intake_url: str,
    force_url: str,
    reports: list[tuple[dict[str, Any], str]],
    rate: float | None,
    *,
    connections: int,
) -> dict[str, Any]:
    """Submit reports to intake (all at once, or at a steady rate) and wait until the force
    simulator has received each: throughput, and latency from intake's 202 to receipt.
    The skeleton baseline (bench/skeleton.py) answers the same two URLs alike."""
    import statistics

    import httpx

    from shared.http_client import async_client

    accepted: dict[str, float] = {}
    slots = asyncio.Semaphore(connections)
    limits = httpx.Limits(max_connections=connections)
    # The load comes from the same 2 cores as the pipeline: httpx's own transport cost
    # about 3.7 ms of CPU per report here, against 0.6 ms over aiohttp.
    async with async_client(timeout=60, limits=limits) as client:
        before = (await client.get(f"{force_url}/received/count")).json()["unique"]

        async def one(body: dict[str, Any]) -> None:
            async with slots:
                answer = await client.post(f"{intake_url}/v1/reports", json=body)
                answer.raise_for_status()
                accepted[answer.json()["reference"]] = time.time()

        started = time.time()
        tasks = []
        for i, (body, _) in enumerate(reports):
            if rate:
                delay = started + i / rate - time.time()
                if delay > 0:
                    await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(body)))
        await asyncio.gather(*tasks)
        # Until every report has arrived, or nothing more arrives for 30 s (a report
        # lost on the way shows as delivered < reports instead of hanging the benchmark).
        progress, last = time.monotonic(), -1
        while time.monotonic() - progress < STALL_SECONDS:
            counts = (await client.get(f"{force_url}/received/count")).json()
            arrived = counts["unique"] - before
            if arrived >= len(reports):
                break
            if arrived != last:
                progress, last = time.monotonic(), arrived
            await asyncio.sleep(0.25)
        seen = (await client.get(f"{force_url}/received/arrivals")).json()
    arrivals = {
        d["report_reference"]: d["received_at"]
        for d in seen["arrivals"]
        if d["report_reference"] in accepted
    }
    latencies = sorted((arrivals[r] - t) * 1000 for r, t in accepted.items() if r in arrivals)
    finished = max(arrivals.values())
    if len(arrivals) < len(reports):
        print(f"warning: {len(reports) - len(arrivals)} of {len(reports)} reports never arrived")
    return {
        "reports": len(reports),
        "offered_rate": rate,
        "delivered": len(arrivals),
        "per_second": len(arrivals) / (finished - started),
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)],
    }


def _received(event: ReportTriaged) -> Callable[[], tuple[datetime, str]]:
    return lambda: (event.received_at, event.channel)


class _SyncSession:
    """The services' functions, run on a synchronous session over the same SQLite file.

    Through aiosqlite every statement is a hop to the connection's thread and back (about
    a millisecond on a busy 2-core machine): seeding 20,000 reports took ten minutes.
    The statements and rows are the services' own; only the driver differs."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.execute(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.get(*args, **kwargs)

    async def flush(self) -> None:
        self._session.flush()

    def add(self, instance: Any) -> None:
        self._session.add(instance)

    def get_bind(self) -> Any:
        return self._session.get_bind()

    @property
    def info(self) -> dict[str, Any]:
        return self._session.info  # type: ignore[no-any-return]


class Seeder:
    """Fills the three services' databases with already-processed reports."""

    def __init__(self, stack: Stack) -> None:
        from services.dispatch.settings import DispatchSettings
        from services.intake.settings import IntakeSettings
        from services.triage.assessments.store import Indexer
        from services.triage.engine import TriageEngine
        from services.triage.settings import TriageSettings
        from shared.crypto import Sealer
        from shared.db import Database

        # The services' own settings as the stack runs them (development keys, pepper).
        self.triage_settings = TriageSettings()
        self.dispatch_settings = DispatchSettings()
        self.bus_sealer = Sealer(self.triage_settings.bus_keys.get_secret_value())
        self.intake_sealer = Sealer(IntakeSettings().data_keys.get_secret_value())
        self.triage_sealer = Sealer(self.triage_settings.data_keys.get_secret_value())
        self.dispatch_sealer = Sealer(self.dispatch_settings.data_keys.get_secret_value())
        self.index = Indexer(self.triage_settings.index_pepper.get_secret_value())
        self.engine = TriageEngine()
        self.db = {name: Database(stack.database_urls[name]) for name in SERVICES}
        self.sync = {
            name: sessionmaker(
                create_engine(stack.database_urls[name].replace("+aiosqlite", "")),
                expire_on_commit=False,
            )
            for name in SERVICES
        }
        self.migrated = False
        self.serial = 0

    async def migrate(self) -> None:
        from shared.migrations import upgrade_async

        for name, module in SERVICES.items():
            app = __import__(module, fromlist=["MIGRATIONS"])
            await upgrade_async(app.MIGRATIONS, self.db[name].url)
        self.migrated = True

    async def seed(self, reports: list[tuple[dict[str, Any], str]]) -> None:
        if not self.migrated:
            await self.migrate()
        for start in range(0, len(reports), SEED_BATCH):
            await self._batch(reports[start : start + SEED_BATCH])

    async def _batch(self, reports: list[tuple[dict[str, Any], str]]) -> None:
        from services.intake.reports.models import Report
        from services.triage.assessments.service import TriagePolicy, assess_report
        from services.triage.database import tables as triage_tables
        from shared.events import ReportContent, ReportSubmitted, parse_event, utcnow

        now = utcnow()
        submitted: list[ReportSubmitted] = []
        rows: list[dict[str, Any]] = []
        for body, force in reports:
            self.serial += 1
            content = ReportContent.model_validate(body)
            reference = f"PACR-S{self.serial:07d}"[:20]
            report_id = uuid.uuid4()
            submitted.append(
                ReportSubmitted(
                    correlation_id=uuid.uuid4().hex,
                    report_id=report_id,
                    reference=reference,
                    channel="online",
                    received_at=now,
                    sealed_content=self.bus_sealer.seal(content.model_dump_json()),
                )
            )
            rows.append(
                {
                    "id": report_id,
                    "reference": reference,
                    "channel": "online",
                    "sealed_content": self.intake_sealer.seal(content.model_dump_json()),
                    "status": "acknowledged",
                    "force": force,
                    "received_at": now,
                    "updated_at": now,
                }
            )
        with self.sync["intake"].begin() as intake_session:
            intake_session.execute(insert(Report), rows)

        policy = TriagePolicy(review_threshold=0.0, repeat_subject_threshold=3)
        with self.sync["triage"].begin() as sync_session:
            session: Any = _SyncSession(sync_session)
            for event in submitted:
                await _claim(session, triage_tables, event, "triage.report-submitted")
                await assess_report(
                    session=session,
                    event=event,
                    engine=self.engine,
                    bus_sealer=self.bus_sealer,
                    data_sealer=self.triage_sealer,
                    index=self.index,
                    policy=policy,
                )
            outbox = triage_tables.outbox.table
            payloads = sync_session.execute(select(outbox.c.payload)).scalars().all()
            sync_session.execute(delete(outbox))
        triaged = [e for e in map(parse_event, payloads) if isinstance(e, ReportTriaged)]
        await self._dispatch(submitted, triaged)

    async def _dispatch(self, submitted: list[Any], triaged: list[Any]) -> None:
        from services.dispatch.database import tables as dispatch_tables
        from services.dispatch.packages.models import Acknowledgement, DeliveryAttempt, Package
        from services.dispatch.packages.service import create_package
        from services.dispatch.stats.service import (
            count_acknowledgement,
            count_submitted,
            count_triaged,
        )
        from shared.events import utcnow

        settings = self.dispatch_settings
        with self.sync["dispatch"].begin() as sync_session:
            session: Any = _SyncSession(sync_session)
            for event in submitted:
                await _claim(session, dispatch_tables, event, "dispatch.stats")
                await count_submitted(session, event)
            for event in triaged:
                await _claim(session, dispatch_tables, event, "dispatch.stats")
                await count_triaged(session, event)
                await _claim(session, dispatch_tables, event, "dispatch.report-triaged")
                package = await create_package(
                    session=session,
                    event=event,
                    bus_sealer=self.bus_sealer,
                    data_sealer=self.dispatch_sealer,
                    public_url=settings.dispatch_public_url.rstrip("/"),
                    independent=settings.independent_destination,
                )
                if package is None:
                    continue
                now = utcnow()
                await session.flush()
                await session.execute(
                    update(Package)
                    .where(Package.id == package.id)  # type: ignore[arg-type]
                    .values(
                        status="delivered",
                        attempts=1,
                        delivered_at=now,
                        acknowledged_at=now,
                        outcome="received",
                    )
                )
                session.add(
                    DeliveryAttempt(
                        package_id=package.id,
                        attempted_at=now,
                        status_code=204,
                        latency_ms=5.0,
                        outcome="delivered",
                    )
                )
                session.add(
                    Acknowledgement(
                        id=uuid.uuid4(),
                        package_id=package.id,
                        force=package.force,
                        outcome="received",
                        created_at=now,
                    )
                )
                await count_acknowledgement(
                    session=session,
                    package=package,
                    outcome="received",
                    acknowledged_at=now,
                    ack_deadline_hours=settings.ack_deadline_hours,
                    received=_received(event),
                )

    async def close(self) -> None:
        for db in self.db.values():
            await db.dispose()
        for maker in self.sync.values():
            maker.kw["bind"].dispose()


SERVICES = {
    "intake": "services.intake.app",
    "triage": "services.triage.app",
    "dispatch": "services.dispatch.app",
}


async def _claim(session: AsyncSession, tables: Any, event: Any, queue: str) -> None:
    """The inbox row the service's consumer writes for the event (see shared.runtime)."""
    await tables.inbox.claim(session, uuid.uuid5(event.event_id, queue), event.type)


async def _round(stack: Stack, batch: list[Any], *, connections: int) -> dict[str, Any]:
    """One measurement on a running stack: the rate, and the CPU per report of the four
    services (steadier than the rate on a shared machine, and what a scan that grows with
    the store would raise)."""
    from bench.intake_load import CpuMeter

    pids = {name: service.proc.pid for name, service in stack.services.items() if service.proc}
    meter = CpuMeter(pids)
    figures = await measure(
        stack["intake"].url, stack["forcesim"].url, batch, None, connections=connections
    )
    # The services only: the broker's and the load generator's share is not what grows.
    spent = {name: ms for name, ms in meter.ms_per_item(len(batch)).items() if name in pids}
    return {**figures, "cpu_ms_per_report": sum(spent.values()), "cpu_ms_by_service": spent}


def _cpu_per_control(figures: dict[str, Any]) -> float:
    """The CPU per report of the services that keep a store, over the force simulator's in
    the same round. The simulator's work per report does not depend on the store, so it
    slows with the machine and with nothing else: this ratio grows with the store, not with
    the machine's speed, which on a shared VM can change by a third within a run."""
    cpu = figures["cpu_ms_by_service"]
    return float(sum(v for name, v in cpu.items() if name != "forcesim") / cpu["forcesim"])


def _medians(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    import statistics

    services = rounds[0]["cpu_ms_by_service"]
    return {
        "cpu_per_control": statistics.median(_cpu_per_control(r) for r in rounds),
        "per_second": statistics.median(r["per_second"] for r in rounds),
        "cpu_ms_per_report": statistics.median(r["cpu_ms_per_report"] for r in rounds),
        # Which service a growing cost would be in.
        "cpu_ms_by_service": {
            name: statistics.median(r["cpu_ms_by_service"][name] for r in rounds)
            for name in services
        },
        "p50_ms": statistics.median(r["p50_ms"] for r in rounds),
        "p99_ms": statistics.median(r["p99_ms"] for r in rounds),
        "rounds": rounds,
    }


async def bench_growth(workdir: Any, *, connections: int) -> dict[str, Any]:
    """One stack per size, each seeded once; then each round measures every size in turn
    (in an order that rotates from round to round), so a machine whose speed drifts over the run
    (seen here: the force simulator, whose work does not depend on the store, cost 27% more
    per report late in a run) slows every size alike, where measuring the sizes one after
    the other put all of the drift into the change the goal is about."""
    from tests.e2e.helpers import routed_reports

    stacks: dict[int, Stack] = {}
    for size in SIZES:
        stack = Stack(backend="sqlite", workdir=workdir / f"growth-{size}")
        for name in ("intake", "triage", "dispatch", "forcesim"):
            stack.configure(name, LOG_LEVEL="WARNING")
        stack.configure("triage", TRIAGE_REVIEW_THRESHOLD="0")  # the pipeline, not review
        stacks[size] = stack
    # Distinct reports throughout (numbered officers), so none is a duplicate of another.
    pool = iter(routed_reports(sum(SIZES) + MEASURED * ROUNDS * len(SIZES)))

    def take(n: int) -> list[tuple[dict[str, Any], str]]:
        return [next(pool) for _ in range(n)]

    seeded_in: dict[int, float] = {}
    rounds: dict[int, list[dict[str, Any]]] = {size: [] for size in SIZES}
    try:
        for size, stack in stacks.items():
            seeder = Seeder(stack)
            began = time.monotonic()
            try:
                await seeder.seed(take(size))
            finally:
                await seeder.close()
            seeded_in[size] = time.monotonic() - began
        for number in range(1, ROUNDS + 1):
            # Each round starts one size further on (1,000 first, then 5,000, ...), so no
            # size is always measured first or last in its round.
            shift = (number - 1) % len(SIZES)
            for size in SIZES[shift:] + SIZES[:shift]:
                stack = stacks[size]
                await stack.start()
                try:
                    figures = await _round(stack, take(MEASURED), connections=connections)
                finally:
                    for service in stack.services.values():
                        service.stop()
                rounds[size].append(figures)
                print(
                    f"growth: round {number}, {size} stored, {figures['per_second']:.1f} "
                    f"reports/s, {figures['cpu_ms_per_report']:.1f} ms CPU per report",
                    flush=True,
                )
    finally:
        for stack in stacks.values():
            await stack.aclose()
    rows = [
        {"stored": size, "seeded_seconds": round(seeded_in[size], 1), **_medians(rounds[size])}
        for size in SIZES
    ]
    first = rows[0]
    for row in rows:
        row["change"] = row["per_second"] / first["per_second"] - 1
        row["cpu_change"] = row["cpu_ms_per_report"] / first["cpu_ms_per_report"] - 1
        row["control_change"] = row["cpu_per_control"] / first["cpu_per_control"] - 1
        # The spread of the rounds at one size: a change smaller than this is noise.
        rates = [r["per_second"] for r in row["rounds"]]
        row["spread"] = (max(rates) - min(rates)) / row["per_second"]
    return {"measured_reports": MEASURED, "rounds": ROUNDS, "sizes": rows}
