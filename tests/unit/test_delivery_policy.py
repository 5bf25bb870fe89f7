from __future__ import annotations

import pytest

from services.dispatch.delivery.worker import AttemptResult, DeliveryWorker, parse_retry_after
from services.dispatch.settings import DispatchSettings

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("status", "error", "retry"),
    [
        (None, "timeout", True),
        (None, "connection error: ConnectError", True),
        (500, "", True),
        (503, "", True),
        (408, "", True),
        (429, "", True),
        (400, "", False),
        (401, "", False),
        (404, "", False),
        (410, "", False),
        (301, "", False),
    ],
)
def test_what_is_retried_and_what_is_parked(status: int | None, error: str, retry: bool) -> None:
    assert AttemptResult(status, error, 1.0).retryable is retry


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    worker = DeliveryWorker.__new__(DeliveryWorker)
    worker.settings = DispatchSettings(retry_first_delay_seconds=2, retry_max_delay_seconds=60)
    delays = [worker.backoff(n) for n in range(1, 9)]
    assert 1.6 <= delays[0] <= 2.4
    assert 3.2 <= delays[1] <= 4.8
    assert all(d <= 72 for d in delays)
    # Retry-After is respected when it asks for longer.
    assert worker.backoff(1, retry_after=30) >= 30


def test_retry_after_as_seconds_or_a_date() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
