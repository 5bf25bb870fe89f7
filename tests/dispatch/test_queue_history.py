"""The operations page's queue history stays bounded however often it is read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.dispatch.ops.sampler import QueueHistory, Sample
from services.dispatch.ops.schemas import QueueInfo

pytestmark = pytest.mark.unit


def _record(history: QueueHistory, at: float, ready: int) -> None:
    sample = Sample(at=at, taken=datetime.now(UTC), source="amqp", queues={}, published=None)
    info = QueueInfo(name="triage.report-submitted", messages=ready, consumers=1, parked=0)
    history.record(sample, [info])


def test_history_keeps_only_the_window_and_at_most_its_points() -> None:
    history = QueueHistory(seconds=60, points=10, min_gap=1.0)
    for second in range(100):
        _record(history, float(second), ready=second)
    moments = list(history)
    assert len(moments) == 10  # the cap, though the window would hold 60
    assert [m.queues["triage.report-submitted"].ready for m in moments] == list(range(90, 100))

    history = QueueHistory(seconds=5, points=100, min_gap=1.0)
    for second in range(20):
        _record(history, float(second), ready=second)
    assert [m.at for m in history] == [14.0, 15.0, 16.0, 17.0, 18.0, 19.0]  # the last 5 s


def test_reads_between_samples_replace_the_newest_point() -> None:
    history = QueueHistory(seconds=3600, points=720, min_gap=5.0)
    _record(history, 0.0, ready=1)
    _record(history, 5.0, ready=2)
    for tick in range(50):  # an operator refreshing the page ten times a second
        _record(history, 5.0 + tick / 10, ready=3)
    # The fifty reads are one point, the newest, after the two samples.
    assert [round(m.at, 1) for m in history] == [0.0, 5.0, 9.9]
    assert history.moments[-1].queues["triage.report-submitted"].ready == 3
