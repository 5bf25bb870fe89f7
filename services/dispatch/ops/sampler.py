"""Queue figures for operators: depths, consumers and rates of every queue, sampled.

Two sources. RabbitMQ's management API (when DISPATCH_RABBITMQ_MANAGEMENT_URL is set and
answers) gives everything, rates included (the broker's own). Without it, a passive
declare gives only the ready count and consumers; rates are then computed here, from a
short history of samples: the publish rate from a tap that counts what is published to
the exchange (see Bus.tap_publishes), the deliver rate as what was published minus what
the ready count grew by, i.e. messages taken by consumers (net of those requeued). The
number of unacked messages is not knowable over AMQP and is reported as null, not zero.
Replays of parked messages go to their queue directly, past the tap: over AMQP they count
neither as published nor as delivered. The tap runs only while the management API is not
in use (deployments set its URL), so it costs nothing there.

The sampler also keeps the pacars_queue_* and pacars_circuit_state gauges current.
It also keeps the last hour of figures for the operations page's charts (QueueHistory).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import quote, unquote, urlsplit

import httpx

from services.dispatch.delivery.circuit import STATE_VALUES
from services.dispatch.ops.schemas import QueueInfo
from services.dispatch.settings import DispatchSettings
from shared import metrics
from shared.bus import BROKER_ERRORS, TOPOLOGY, Bus
from shared.errors import ServiceUnavailable
from shared.events import utcnow

log = logging.getLogger(__name__)

Source = Literal["management", "amqp"]


@dataclass(frozen=True)
class Figures:
    """One queue at one moment."""

    messages: int  # management: ready + unacked; AMQP: ready (all a declare tells)
    ready: int
    unacked: int | None
    consumers: int
    publish_rate: float | None = None  # management only: the broker's own rates
    deliver_rate: float | None = None


@dataclass(frozen=True)
class Sample:
    at: float  # monotonic seconds
    taken: datetime
    source: Source
    queues: dict[str, Figures]  # by queue name without the namespace, parking queues too
    published: dict[str, int] | None  # the tap's counts then (None: the tap was not on)
    tap: int = 0  # which tap counted them: counts from two taps do not subtract


class ManagementUnavailable(Exception):
    """The management API did not answer usefully; the reason carries no secrets."""


def topic_matches(pattern: str, key: str) -> bool:
    """AMQP topic matching: '*' is exactly one word, '#' zero or more."""

    def match(p: list[str], k: list[str]) -> bool:
        if not p:
            return not k
        if p[0] == "#":
            return any(match(p[1:], k[i:]) for i in range(len(k) + 1))
        return bool(k) and (p[0] == "*" or p[0] == k[0]) and match(p[1:], k[1:])

    return match(pattern.split("."), key.split("."))


def parse_management_queue(answer: dict[str, Any]) -> Figures:
    """One answer of GET /api/queues/{vhost}/{name}. message_stats is absent until a queue
    has seen traffic, and each *_details only once that kind of traffic happened: no
    traffic is a rate of zero."""
    stats = answer.get("message_stats") or {}

    def rate(kind: str) -> float:
        return float((stats.get(f"{kind}_details") or {}).get("rate", 0.0))

    ready = int(answer.get("messages_ready", 0))
    unacked = int(answer.get("messages_unacknowledged", 0))
    return Figures(
        messages=int(answer.get("messages", ready + unacked)),
        ready=ready,
        unacked=unacked,
        consumers=int(answer.get("consumers", 0)),
        publish_rate=rate("publish"),
        # deliver_get: deliveries to consumers and basic.gets, acked or not.
        deliver_rate=rate("deliver_get"),
    )


class ManagementAPI:
    def __init__(
        self,
        *,
        url: str,
        vhost: str,
        user: str,
        password: str,
        timeout: float,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.vhost = vhost
        self.client = client or httpx.AsyncClient(
            auth=httpx.BasicAuth(user, password), timeout=timeout, trust_env=False
        )

    async def queue(self, name: str) -> Figures:
        path = f"/api/queues/{quote(self.vhost, safe='')}/{quote(name, safe='')}"
        try:
            answer = await self.client.get(self.url + path)
        except httpx.HTTPError as exc:
            raise ManagementUnavailable(type(exc).__name__) from exc
        if answer.status_code != 200:
            raise ManagementUnavailable(f"HTTP {answer.status_code}")
        try:
            return parse_management_queue(answer.json())
        except (ValueError, TypeError, AttributeError) as exc:
            raise ManagementUnavailable("an answer that is not a queue") from exc

    async def queues(self, names: Sequence[str]) -> list[Figures]:
        return list(await asyncio.gather(*(self.queue(n) for n in names)))

    async def aclose(self) -> None:
        await self.client.aclose()


def management_api(settings: DispatchSettings) -> ManagementAPI | None:
    if not settings.rabbitmq_management_url:
        return None
    amqp = urlsplit(settings.amqp_url.get_secret_value())
    password = settings.rabbitmq_management_password
    return ManagementAPI(
        url=settings.rabbitmq_management_url,
        # The AMQP URI's path is the vhost ("" and "/" both mean "/").
        vhost=unquote(amqp.path[1:]) or "/",
        user=settings.rabbitmq_management_user or unquote(amqp.username or "guest"),
        password=(password.get_secret_value() if password else unquote(amqp.password or "guest")),
        timeout=settings.rabbitmq_management_timeout_seconds,
    )


# The operations page's charts: about the last hour at the default 5-second interval.
CHART_SECONDS = 3600.0
CHART_POINTS = 720


@dataclass(frozen=True, slots=True)
class ChartFigures:
    """One queue's figures in one moment of the chart history (rates as QueueInfo has them)."""

    ready: int
    unacked: int | None
    consumers: int
    parked: int
    publish_rate: float | None
    deliver_rate: float | None


@dataclass(frozen=True, slots=True)
class Moment:
    at: float  # monotonic seconds
    taken: datetime
    source: Source
    queues: dict[str, ChartFigures]  # by queue name (parking queues as each one's parked)


class QueueHistory:
    """Every queue's figures over the last CHART_SECONDS, for the operations page's charts.

    In memory only, so it starts empty after a restart (and each dispatch replica has its
    own). That is acceptable: this is an operator's live view of the queues; the durable
    figures are the statistics in the database, and Prometheus keeps the long history of
    the pacars_queue_* gauges for Grafana. Bounded by age and by CHART_POINTS moments (about
    100 kB per queue), whatever the interval. Every moment but the newest is at least
    min_gap after the one before: a read of GET /v1/ops/queues or of the page between the
    sampler's own samples is shown as the newest until the next one replaces it, so
    frequent reads do not crowd out the hour.
    """

    def __init__(
        self,
        *,
        seconds: float = CHART_SECONDS,
        points: int = CHART_POINTS,
        min_gap: float = 0.0,
    ) -> None:
        self.seconds = seconds
        self.min_gap = min_gap
        self.moments: deque[Moment] = deque(maxlen=points)

    def record(self, sample: Sample, infos: Sequence[QueueInfo]) -> None:
        moment = Moment(
            at=sample.at,
            taken=sample.taken,
            source=sample.source,
            queues={
                q.name: ChartFigures(
                    ready=q.messages if q.messages_ready is None else q.messages_ready,
                    unacked=q.messages_unacked,
                    consumers=q.consumers,
                    parked=q.parked,
                    publish_rate=q.publish_rate,
                    deliver_rate=q.deliver_rate,
                )
                for q in infos
            },
        )
        if len(self.moments) >= 2 and self.moments[-1].at - self.moments[-2].at < self.min_gap:
            self.moments[-1] = moment  # the newest was a read too soon after the one before
        else:
            self.moments.append(moment)
        while self.moments and self.moments[0].at < moment.at - self.seconds:
            self.moments.popleft()

    def __len__(self) -> int:
        return len(self.moments)

    def __iter__(self) -> Iterator[Moment]:
        return iter(list(self.moments))


class QueueSampler:
    def __init__(
        self,
        *,
        bus: Bus,
        settings: DispatchSettings,
        circuits: Callable[[], dict[str, str]] | None = None,
        management: ManagementAPI | None = None,
    ) -> None:
        self.bus = bus
        self.interval = settings.queue_sample_seconds
        self.window = settings.queue_rate_window_seconds
        self.management = management if management is not None else management_api(settings)
        self.circuits = circuits
        self.history: deque[Sample] = deque(maxlen=1000)
        self._lock = asyncio.Lock()
        self._published: Counter[str] = Counter()
        self._tap: str | None = None  # the tap queue's name, while it lives
        self._taps = 0
        self._management_was_ok: bool | None = None
        # The last hour for the operations page's charts (each sample recorded).
        self.chart_history = QueueHistory(min_gap=self.interval * 0.9)

    # What the API answers ------------------------------------------------------------

    async def read(self) -> list[QueueInfo]:
        """Fresh figures for every queue, with rates over the recent samples."""
        return self.infos(await self.sample())

    def infos(self, sample: Sample) -> list[QueueInfo]:
        rates = self._computed_rates(sample) if sample.source == "amqp" else {}
        out = []
        for spec in TOPOLOGY:
            figures = sample.queues[spec.name]
            publish, deliver, window = (
                (figures.publish_rate, figures.deliver_rate, None)
                if sample.source == "management"
                else rates.get(spec.name, (None, None, None))
            )
            out.append(
                QueueInfo(
                    name=spec.name,
                    messages=figures.messages,
                    consumers=figures.consumers,
                    parked=sample.queues[spec.parking].messages,
                    source=sample.source,
                    messages_ready=figures.ready,
                    messages_unacked=figures.unacked,
                    publish_rate=None if publish is None else round(publish, 3),
                    deliver_rate=None if deliver is None else round(deliver, 3),
                    rate_window_seconds=window,
                    sampled_at=sample.taken,
                )
            )
        return out

    def _computed_rates(
        self, last: Sample
    ) -> dict[str, tuple[float | None, float | None, float | None]]:
        """(publish, deliver, window) per queue from the oldest usable sample in the window."""
        if last.published is None:
            return {}
        first = next(
            (
                s
                for s in self.history
                if s.source == "amqp"
                and s.published is not None
                and s.tap == last.tap
                and s.at >= last.at - self.window
                and s.at < last.at
            ),
            None,
        )
        if first is None or first.published is None:
            return {}
        seconds = last.at - first.at
        rates: dict[str, tuple[float | None, float | None, float | None]] = {}
        for spec in TOPOLOGY:
            published = last.published.get(spec.name, 0) - first.published.get(spec.name, 0)
            grown = last.queues[spec.name].ready - first.queues[spec.name].ready
            # A publish the tap counted a moment before the queue's count moved can make
            # this slightly negative; nothing was un-delivered.
            taken = max(0, published - grown)
            rates[spec.name] = (published / seconds, taken / seconds, round(seconds, 3))
        return rates

    # Sampling ------------------------------------------------------------------------

    async def sample(self) -> Sample:
        async with self._lock:
            try:
                sample = await self._take()
            except BROKER_ERRORS as exc:
                raise ServiceUnavailable("The broker is not reachable.") from exc
            self.history.append(sample)
            while self.history and self.history[0].at < sample.at - self.window * 2:
                self.history.popleft()
            self.chart_history.record(sample, self.infos(sample))
        metrics.QUEUE_SAMPLES.labels(source=sample.source).inc()
        self._update_gauges(sample)
        return sample

    async def _take(self) -> Sample:
        names = [q.name for q in TOPOLOGY] + [q.parking for q in TOPOLOGY]
        if self.management is not None:
            try:
                figures = await self.management.queues([self.bus.name(n) for n in names])
            except ManagementUnavailable as exc:
                if self._management_was_ok is not False:
                    log.warning("management API unavailable (%s); queue figures over AMQP", exc)
                self._management_was_ok = False
            else:
                if self._management_was_ok is False:
                    log.info("management API answers again")
                self._management_was_ok = True
                queues = dict(zip(names, figures, strict=True))
                return Sample(time.monotonic(), utcnow(), "management", queues, None)
        if not self.bus.connected:
            raise ServiceUnavailable("The broker is not reachable.")
        await self._ensure_tap()
        # The tap's counts are read before the depths: a publish counted but not yet in
        # the depth reads as delivered for one sample, then evens out.
        published = dict(self._published)
        at, taken = time.monotonic(), utcnow()
        depths = await self.bus.queue_depths(names)
        queues = {
            n: Figures(
                messages=d["messages"], ready=d["messages"], unacked=None, consumers=d["consumers"]
            )
            for n, d in depths.items()
        }
        return Sample(at, taken, "amqp", queues, published, self._taps)

    async def _ensure_tap(self) -> None:
        """A tap that died with its connection (a broker restart) is replaced; what was
        published meanwhile was not counted, so rates start again from the new one."""
        if self._tap is not None and await self.bus.tap_alive(self._tap):
            return
        patterns = [(q.name, q.routing_keys) for q in TOPOLOGY]

        def count(routing_key: str) -> None:
            for name, keys in patterns:
                if any(topic_matches(k, routing_key) for k in keys):
                    self._published[name] += 1

        self._tap = await self.bus.tap_publishes(count)
        self._taps += 1

    def _update_gauges(self, sample: Sample) -> None:
        for spec in TOPOLOGY:
            figures = sample.queues[spec.name]
            metrics.QUEUE_READY.labels(queue=spec.name).set(figures.ready)
            metrics.QUEUE_CONSUMERS.labels(queue=spec.name).set(figures.consumers)
            metrics.QUEUE_PARKED.labels(queue=spec.name).set(sample.queues[spec.parking].messages)
            if figures.unacked is None:
                # Not known over AMQP: no series rather than a made-up zero.
                with contextlib.suppress(KeyError):
                    metrics.QUEUE_UNACKED.remove(spec.name)
            else:
                metrics.QUEUE_UNACKED.labels(queue=spec.name).set(figures.unacked)

    def update_circuit_gauges(self) -> None:
        if self.circuits is None:
            return
        for force, state in self.circuits().items():
            metrics.CIRCUIT_STATE.labels(force=force).set(STATE_VALUES[state])

    async def run_forever(self) -> None:
        """Sample every interval; a failed sample (broker down) is logged and skipped."""
        while True:
            try:
                self.update_circuit_gauges()
                if self.bus.connected or self.management is not None:
                    await self.sample()
            except asyncio.CancelledError:
                raise
            except ServiceUnavailable:
                pass  # the broker is down: readiness says so; gauges keep their last value
            except Exception:
                log.exception("queue sampling failed")
            await asyncio.sleep(self.interval)

    async def aclose(self) -> None:
        if self.management is not None:
            await self.management.aclose()
