"""National statistics, counted from events and acknowledgements as they happen.

Every count is written in the same transaction as the event's inbox claim (or the
acknowledgement it counts), so it is exact, survives restarts and never counts twice.
Each figure is dated by the day its report was received, so a period's figures are about
the reports received in that period, whenever the force answered.

- contacts: report.submitted, by channel.
- assessed: report.triaged (any disposition).
- disseminated: report.triaged with disposition "disseminate" to a known force: the report
  is passed on; being redirected to a second force does not count it again.
- investigations_opened / no_further_action: the first such outcome for the report.
- redirected: reports a force answered wrong_force for (once per report).
- acknowledged_within_target: reports whose first acknowledgement came within the
  acknowledgement deadline of the package being made available.
- overdue: packages overdue now (live, from the packages table).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Insert, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.dispatch.delivery.deadlines import overdue
from services.dispatch.packages.models import Package
from services.dispatch.settings import DispatchSettings
from services.dispatch.stats.models import StatsDaily, StatsReport
from services.dispatch.stats.schemas import Contacts, ForceFigures, Statistics, WeekFigures
from shared import reference
from shared.db import dialect_insert
from shared.errors import Unprocessable
from shared.events import Event, ReportSubmitted, ReportTriaged, utcnow

CHANNELS = ("phone", "online", "app")


def _day(moment: datetime) -> date:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).date()


# A consumer batch's state in its session (see prepare_batch): the counts it added, and
# the stats rows of its reports, loaded in one query (None: known not to exist yet).
_TALLY = "stats_tally"
_ROWS = "stats_rows"
DailyKey = tuple[date, str, str, str]  # day, metric, channel, force


async def _add_counts(session: AsyncSession, counts: Mapping[DailyKey, int]) -> None:
    """count += n for each key, as one upsert (safe against a concurrent writer)."""
    if not counts:
        return
    await session.execute(
        _upsert_counts(session.get_bind().dialect.name),
        [
            {"day": day, "metric": metric, "channel": channel, "force": force, "count": n}
            # In key order, so two replicas' batches lock the rows they share in one order.
            for (day, metric, channel, force), n in sorted(counts.items())
        ],
    )


@functools.cache
def _upsert_counts(dialect: str) -> Insert:
    """INSERT ... ON CONFLICT DO UPDATE SET count = count + excluded.count, built once per
    dialect and run with a batch's rows; a statement with the rows written in was built
    and compiled again for every batch."""
    insert = dialect_insert(dialect)
    table = StatsDaily.__table__  # type: ignore[attr-defined]
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=["day", "metric", "channel", "force"],
        set_={"count": table.c.count + statement.excluded.count},
    )


async def _bump(
    session: AsyncSession, *, day: date, metric: str, channel: str = "", force: str = ""
) -> None:
    """count += 1 for the key: at once, or at the end of the consumer's batch."""
    tally: Counter[DailyKey] | None = session.info.get(_TALLY)
    if tally is not None:
        tally[(day, metric, channel, force)] += 1
    else:
        await _add_counts(session, {(day, metric, channel, force): 1})


async def _report_row(
    session: AsyncSession, report_id: Any, *, received: Callable[[], tuple[datetime, str]]
) -> StatsReport:
    """The report's row; a new one is dated by the day the report was received, from
    `received` (its time and channel), asked for only then."""
    rows: dict[Any, StatsReport | None] | None = session.info.get(_ROWS)
    if rows is not None and report_id in rows:
        row = rows[report_id]
    else:
        row = await session.get(StatsReport, report_id)
    if row is None:
        received_at, channel = received()
        row = StatsReport(report_id=report_id, day=_day(received_at), channel=channel)
        session.add(row)
    if rows is not None:
        rows[report_id] = row
    return row


async def prepare_batch(session: AsyncSession, events: Sequence[Event]) -> None:
    """Before a batch of the dispatch.stats consumer: its reports' rows in one query, and a
    tally for its counts (written by finish_batch in the same transaction)."""
    await load_report_rows(
        session, {event.report_id for event in events if hasattr(event, "report_id")}
    )
    start_tally(session)


async def load_report_rows(session: AsyncSession, report_ids: Collection[Any]) -> None:
    """These reports' rows in one query, kept for this session's batch (cleared by
    finish_batch) instead of a query per report."""
    rows: dict[Any, StatsReport | None] = dict.fromkeys(report_ids)
    if report_ids:
        query = select(StatsReport).where(col(StatsReport.report_id).in_(report_ids))
        for row in (await session.execute(query)).scalars():
            rows[row.report_id] = row
    session.info[_ROWS] = rows


def start_tally(session: AsyncSession) -> None:
    """Counts in this session wait for finish_batch, which writes them in one upsert."""
    session.info[_TALLY] = Counter()


async def finish_batch(session: AsyncSession) -> None:
    session.info.pop(_ROWS, None)
    await _add_counts(session, session.info.pop(_TALLY, None) or {})


async def count_submitted(session: AsyncSession, event: ReportSubmitted) -> None:
    row = await _report_row(
        session, event.report_id, received=lambda: (event.received_at, event.channel)
    )
    if row.contacted:
        return
    row.contacted = True
    await _bump(session, day=row.day, metric="contacts", channel=event.channel)


async def count_triaged(session: AsyncSession, event: ReportTriaged) -> None:
    row = await _report_row(
        session, event.report_id, received=lambda: (event.received_at, event.channel)
    )
    if not row.assessed:
        row.assessed = True
        await _bump(session, day=row.day, metric="assessed")
    passed_on = event.disposition == "disseminate" and event.force in reference.force_codes()
    row.categories = ",".join(c.code for c in event.categories)[:500]
    if passed_on and not row.disseminated:
        row.disseminated = True
        await _bump(session, day=row.day, metric="disseminated", force=event.force)
        # Assessed again after the reporter answered (it was closed as insufficient):
        # open until the force's outcome, so retention does not count from the first close.
        # Unless that outcome is in already: this consumer can lag behind the packages
        # consumer, and so behind a force that answered at once.
        if not (row.investigation_opened or row.no_further_action):
            row.closed_at = None
    # Not passed on: nothing more will happen to it, so the case is closed now.
    if not row.disseminated and row.closed_at is None:
        row.closed_at = event.occurred_at


async def count_acknowledgement(
    *,
    session: AsyncSession,
    package: Package,
    outcome: str,
    acknowledged_at: datetime,
    ack_deadline_hours: float,
    received: Callable[[], tuple[datetime, str]],
) -> None:
    """Called in the acknowledgement's own transaction (packages.acknowledgements).
    `received` gives the report's time and channel (from the sealed package: opened only
    when the acknowledgement comes before the statistics consumer counted the report, so
    that its figures still fall on the day it was received, not the package's)."""
    row = await _report_row(session, package.report_id, received=received)
    force = package.force
    if not row.acknowledged:
        row.acknowledged = True
        await _bump(session, day=row.day, metric="acknowledged", force=force)
        made_available = package.created_at
        if made_available.tzinfo is None:
            made_available = made_available.replace(tzinfo=UTC)
        if acknowledged_at - made_available <= timedelta(hours=ack_deadline_hours):
            await _bump(session, day=row.day, metric="acknowledged_within_target", force=force)
    if outcome in ("investigation_opened", "no_further_action"):
        row.closed_at = acknowledged_at  # a final outcome: the case is closed for PACARS
    elif outcome == "wrong_force":
        row.closed_at = None  # open again until the next force answers
    if outcome == "investigation_opened" and not row.investigation_opened:
        row.investigation_opened = True
        await _bump(session, day=row.day, metric="investigations_opened", force=force)
    elif outcome == "no_further_action" and not row.no_further_action:
        row.no_further_action = True
        await _bump(session, day=row.day, metric="no_further_action", force=force)
    elif outcome == "wrong_force" and not row.redirected:
        row.redirected = True
        await _bump(session, day=row.day, metric="redirected", force=force)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


async def statistics(
    *,
    session: AsyncSession,
    settings: DispatchSettings,
    from_day: date | None,
    to_day: date | None,
) -> Statistics:
    """The contract's figures for reports received between from_day and to_day inclusive."""
    today = utcnow().date()
    if from_day is None:
        earliest = (await session.execute(select(func.min(StatsDaily.day)))).scalar_one_or_none()
        from_day = earliest if earliest is not None and earliest <= (to_day or today) else None
        from_day = from_day or (to_day or today)
    to_day = to_day or max(today, from_day)
    if from_day > to_day:
        raise Unprocessable("'from' must not be after 'to'.")
    in_period = (col(StatsDaily.day) >= from_day) & (col(StatsDaily.day) <= to_day)
    rows = (
        await session.execute(
            select(
                col(StatsDaily.day),
                col(StatsDaily.metric),
                col(StatsDaily.channel),
                col(StatsDaily.force),
                col(StatsDaily.count),
            ).where(in_period)
        )
    ).all()
    totals: dict[str, int] = {}
    contacts = Contacts()
    by_force: dict[str, ForceFigures] = {}
    weekly: dict[str, WeekFigures] = {}
    force_field = {
        "disseminated": "disseminated",
        "investigations_opened": "investigations_opened",
        "no_further_action": "no_further_action",
        "redirected": "redirected_away",
    }
    for day, metric, channel, force, count in rows:
        totals[metric] = totals.get(metric, 0) + count
        if metric == "contacts" and channel in CHANNELS:
            setattr(contacts, channel, getattr(contacts, channel) + count)
        if force and metric in force_field:
            figures = by_force.setdefault(force, ForceFigures())
            name = force_field[metric]
            setattr(figures, name, getattr(figures, name) + count)
        if metric in ("contacts", "disseminated"):
            week = iso_week(day)
            entry = weekly.setdefault(week, WeekFigures(week=week))
            name = channel if metric == "contacts" else "disseminated"
            if name in ("phone", "online", "app", "disseminated"):
                setattr(entry, name, getattr(entry, name) + count)
    contacts.total = contacts.phone + contacts.online + contacts.app
    overdue_total = 0
    start = datetime.combine(from_day, datetime.min.time(), tzinfo=UTC)
    end = datetime.combine(to_day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    late = (
        await session.execute(
            select(col(Package.force), func.count())
            .where(
                overdue(utcnow(), settings),
                col(Package.created_at) >= start,
                col(Package.created_at) < end,
            )
            .group_by(Package.force)
        )
    ).all()
    for force, count in late:
        by_force.setdefault(force, ForceFigures()).overdue = count
        overdue_total += count
    return Statistics(
        from_=from_day,
        to=to_day,
        contacts=contacts,
        assessed=totals.get("assessed", 0),
        disseminated=totals.get("disseminated", 0),
        investigations_opened=totals.get("investigations_opened", 0),
        no_further_action=totals.get("no_further_action", 0),
        redirected=totals.get("redirected", 0),
        acknowledged_within_target=totals.get("acknowledged_within_target", 0),
        overdue=overdue_total,
        by_force=dict(sorted(by_force.items())),
        weekly=[weekly[w] for w in sorted(weekly)],
    )
