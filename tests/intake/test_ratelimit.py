"""Rate limits count without remembering who: keyed hashes in memory, and budgets per
receipt prefix and for the whole service."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from services.intake.ratelimit import ClientLimiter, ReceiptGuessLimiter
from shared.errors import TooManyRequests

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def request_from(host: str) -> Any:
    return SimpleNamespace(client=SimpleNamespace(host=host))


def test_a_client_over_its_budget_gets_429_with_retry_after_then_may_try_again() -> None:
    clock = Clock()
    limiter = ClientLimiter(limit=3, window_seconds=60, exempt=[], clock=clock)
    for _ in range(3):
        limiter.check(request_from("198.51.100.1"))
    with pytest.raises(TooManyRequests) as refused:
        limiter.check(request_from("198.51.100.1"))
    assert refused.value.status == 429 and refused.value.headers is not None
    assert 1 <= int(refused.value.headers["Retry-After"]) <= 60
    limiter.check(request_from("198.51.100.2"))  # another client is not affected
    clock.now += 61
    limiter.check(request_from("198.51.100.1"))


def test_addresses_are_kept_only_as_keyed_hashes_that_rotate() -> None:
    clock = Clock()
    limiter = ClientLimiter(limit=1, window_seconds=10_000, exempt=[], clock=clock)
    limiter.check(request_from("198.51.100.9"))
    held = repr(vars(limiter)) + repr(vars(limiter._counter))
    assert "198.51.100.9" not in held
    clock.now += 3601  # a new hour, a new key: nothing links old counts to anyone
    limiter.check(request_from("198.51.100.9"))


def test_exempt_addresses_are_never_limited() -> None:
    limiter = ClientLimiter(limit=1, window_seconds=60, exempt=["127.0.0.1"], clock=Clock())
    for _ in range(5):
        limiter.check(request_from("127.0.0.1"))


def test_wrong_receipts_are_limited_per_prefix_and_overall() -> None:
    clock = Clock()
    guesses = ReceiptGuessLimiter(per_prefix=2, global_limit=5, window_seconds=60, clock=clock)
    guesses.failed("prefix-a")
    guesses.failed("prefix-a")
    with pytest.raises(TooManyRequests):
        guesses.check("prefix-a")
    guesses.check("prefix-b")
    for name in ("b", "c", "d"):
        guesses.failed(f"prefix-{name}")
    with pytest.raises(TooManyRequests):
        guesses.check("prefix-z")  # the whole service is over budget
    clock.now += 61
    guesses.check("prefix-a")
