"""What the operations page shows: figures from dispatch's own tables, charts as SVG data."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.dispatch.ops.sampler import QueueHistory, QueueSampler
from services.dispatch.ops.service import list_parked, queue_depths
from services.dispatch.packages.models import DeliveryAttempt, Package
from services.dispatch.settings import DispatchSettings
from services.dispatch.stats.service import statistics
from shared.bus import TOPOLOGY, Bus
from shared.events import utcnow


@dataclass
class Bar:
    label: str
    value: int
    width: float  # percent of the widest bar


def bars(values: dict[str, int]) -> list[Bar]:
    top = max(values.values(), default=0) or 1
    return [Bar(k, v, 100.0 * v / top) for k, v in values.items()]


async def deliveries_by_force(session: AsyncSession) -> dict[str, dict[str, int]]:
    """Attempts in the last 24 hours per force: delivered, retried, parked."""
    since = utcnow() - timedelta(hours=24)
    rows = (
        await session.execute(
            select(col(Package.force), col(DeliveryAttempt.outcome), func.count())
            .join(Package, Package.id == DeliveryAttempt.package_id)  # type: ignore[arg-type]
            .where(DeliveryAttempt.attempted_at >= since)  # type: ignore[arg-type]
            .group_by(Package.force, DeliveryAttempt.outcome)
        )
    ).all()
    out: dict[str, dict[str, int]] = {}
    for force, outcome, count in rows:
        out.setdefault(force, {"delivered": 0, "retry": 0, "parked": 0})[outcome] = count
    return dict(sorted(out.items()))


async def dashboard_data(
    *,
    session: AsyncSession,
    settings: DispatchSettings,
    bus: Bus,
    sampler: QueueSampler | None = None,
) -> dict[str, Any]:
    figures = await statistics(session=session, settings=settings, from_day=None, to_day=None)
    try:
        # A fresh sample (recorded in the sampler's history): the charts end at "now".
        queues: list[Any] | None = await queue_depths(bus, sampler=sampler)
    except Exception:
        queues = None  # the page still shows everything else
    history = sampler.chart_history if sampler is not None else None
    weeks = figures.weekly[-12:]
    top = max((w.phone + w.online + w.app for w in weeks), default=0) or 1
    return {
        "figures": figures,
        "queues": queues,
        "queue_bars": bars({q.name: q.messages for q in queues}) if queues else [],
        "queue_now": {q.name: q for q in queues} if queues else {},
        "queue_source": SOURCES.get(queues[0].source, "") if queues and sampler else "",
        "queue_charts": (
            queue_charts(
                history, [q.name for q in TOPOLOGY], interval=settings.queue_sample_seconds
            )
            if history is not None
            else []
        ),
        "sample_seconds": f"{settings.queue_sample_seconds:g}",
        "charting": history is not None,
        "weeks": weeks,
        "week_top": top,
        "force_bars": bars({k: v.disseminated for k, v in figures.by_force.items()}),
        "deliveries": await deliveries_by_force(session),
        "parked": await list_parked(session=session, limit=50),
    }


# Queue charts ---------------------------------------------------------------------------
# One viewBox for every queue chart; the page scales it down to a phone's width.
CHART_W, CHART_H = 320, 150
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 46.0, 310.0, 10.0, 118.0
# A plot 264 units wide shows no more than this many points; more are merged, keeping
# each stretch's highest value so that no peak disappears.
MAX_DRAWN = 132

# (monotonic seconds, value): None where a figure was not known (rates before two samples,
# unacked over AMQP).
Values = list[tuple[float, float | None]]

SOURCES = {
    "management": "from the broker's management API",
    "amqp": "computed by dispatch over AMQP",
}


@dataclass
class Series:
    label: str
    colour: str
    dash: str  # stroke-dasharray, "" for a solid line
    segments: list[str]  # polyline "x,y x,y ..." strings; a gap where a figure was unknown
    marker: tuple[float, float] | None  # the newest known value
    now: str  # the newest value, as text
    peak: str  # the highest in the window, as text
    drawn: int  # points drawn


@dataclass
class Chart:
    id: str
    label: str  # shown above the chart
    title: str
    summary: str  # the text alternative: what the lines show, in words
    top: str  # the y axis' top label (the bottom is 0)
    middle: str
    series: list[Series]
    waiting: str = ""  # said instead of the chart while there is nothing to draw
    note: str = ""  # what the chart cannot show

    @property
    def drawn(self) -> int:
        return max((s.drawn for s in self.series), default=0)


@dataclass
class QueueCharts:
    name: str
    samples: int
    span: str  # "4 min 10 s"
    start: str  # HH:MM:SS of the oldest sample
    end: str  # HH:MM:SS of the newest
    depth: Chart
    rates: Chart


def nice_top(value: float) -> float:
    """The y axis' top: 1, 2 or 5 times a power of ten, at or above the highest value."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if value <= m * power * (1 + 1e-9))


def number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.3g}"


def duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 90 * 60:
        minutes, rest = divmod(seconds, 60)
        return f"{minutes} min {rest} s" if rest and minutes < 10 else f"{minutes} min"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def _merged(values: Values) -> Values:
    """At most MAX_DRAWN points: each run of consecutive points becomes its last time with
    its highest known value (None only if none was known)."""
    if len(values) <= MAX_DRAWN:
        return values
    size = math.ceil(len(values) / MAX_DRAWN)
    out = []
    for i in range(0, len(values), size):
        run = values[i : i + size]
        known = [v for _, v in run if v is not None]
        out.append((run[-1][0], max(known) if known else None))
    return out


def _series(
    label: str,
    colour: str,
    dash: str,
    values: Values,
    *,
    top: float,
    x: Callable[[float], float],
    unit: str,
) -> Series:
    def y(v: float) -> float:
        return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * v / top

    segments: list[list[str]] = [[]]
    marker = None
    drawn = 0
    for at, value in _merged(values):
        if value is None:
            if segments[-1]:
                segments.append([])
            continue
        marker = (round(x(at), 1), round(y(value), 1))
        segments[-1].append(f"{marker[0]},{marker[1]}")
        drawn += 1
    known = [v for _, v in values if v is not None]
    last = next((v for _, v in reversed(values) if v is not None), None)
    return Series(
        label=label,
        colour=colour,
        dash=dash,
        segments=[" ".join(s) for s in segments if len(s) >= 2],
        marker=marker,
        now="not known" if last is None else number(last) + unit,
        peak="not known" if not known else number(max(known)) + unit,
        drawn=drawn,
    )


def _chart(
    *,
    id: str,
    label: str,
    title: str,
    lines: list[tuple[str, str, str, Values]],  # label, colour, dash, values
    x: Callable[[float], float],
    unit: str,
    waiting: str,
    note: str = "",
) -> Chart:
    known = [v for *_, values in lines for _, v in values if v is not None]
    top = nice_top(max(known, default=0.0))
    series = [
        _series(label, colour, dash, values, top=top, x=x, unit=unit)
        for label, colour, dash, values in lines
        if any(v is not None for _, v in values)
    ]
    summary = "; ".join(
        [f"{s.label}: now {s.now}, highest {s.peak}" for s in series] + ([note] if note else [])
    )
    drawn = max((s.drawn for s in series), default=0)
    return Chart(
        id=id,
        label=label,
        title=title,
        summary=summary + "." if summary else waiting,
        top=number(top) + unit,
        middle=number(top / 2) + unit,
        series=series,
        waiting="" if drawn >= 2 else waiting,
        note=note,
    )


def queue_charts(history: QueueHistory, names: list[str], *, interval: float) -> list[QueueCharts]:
    """Depth and rate charts per queue over the history's window (oldest to newest)."""
    moments = list(history)
    if not moments:
        return []
    first, last = moments[0], moments[-1]
    span = last.at - first.at

    def x(at: float) -> float:
        if span <= 0:
            return PLOT_RIGHT
        return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * (at - first.at) / span

    every = f"{interval:g} seconds"
    out = []
    for i, name in enumerate(names):
        points = [(m.at, m.queues[name]) for m in moments if name in m.queues]
        if not points:
            continue  # a queue the history has never seen (none, while the topology is fixed)
        ready: Values = [(at, float(f.ready)) for at, f in points]
        unacked: Values = [
            (at, None if f.unacked is None else float(f.unacked)) for at, f in points
        ]
        published: Values = [(at, f.publish_rate) for at, f in points]
        delivered: Values = [(at, f.deliver_rate) for at, f in points]
        depth = _chart(
            id=f"queue-{i}-depth",
            label="Depth (messages)",
            title=f"Messages in {name}",
            lines=[
                ("ready", "#1d3557", "", ready),
                ("unacked", "#c2410c", "6 3", unacked),
            ],
            x=x,
            unit="",
            waiting=f"Collecting: drawn from the next sample, within {every}.",
            note="unacked not known over AMQP" if unacked[-1][1] is None else "",
        )
        rates = _chart(
            id=f"queue-{i}-rates",
            label="Rates (messages per second)",
            title=f"Messages per second through {name}",
            lines=[
                ("published", "#1f7a70", "", published),
                ("delivered", "#6b21a8", "6 3", delivered),
            ],
            x=x,
            unit="/s",
            waiting=f"Collecting: rates are drawn from the next samples (one every {every}).",
        )
        out.append(
            QueueCharts(
                name=name,
                samples=len(points),
                span=duration(span),
                start=first.taken.strftime("%H:%M:%S"),
                end=last.taken.strftime("%H:%M:%S"),
                depth=depth,
                rates=rates,
            )
        )
    return out
