"""Rate limits kept in memory only, so they can never become a record of who reported.

A client is counted under a keyed hash of its address; the key is random, lives only in
this process and is replaced every hour (old counts go with it), so not even a memory
dump links a count to an address for long. Wrong receipts are counted without any notion
of who guessed: per receipt look-up prefix and for the whole service.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from collections.abc import Callable

from fastapi import Request

from shared.errors import TooManyRequests

ROTATE_SECONDS = 3600


class WindowCounter:
    """Fixed-window counts per key; a key over its budget is refused until the window ends."""

    def __init__(self, *, limit: int, window_seconds: float, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._counts: dict[str, tuple[float, int]] = {}

    def _current(self, key: str) -> tuple[float, int]:
        now = self._clock()
        started, count = self._counts.get(key, (now, 0))
        if now - started >= self.window:
            started, count = now, 0
        return started, count

    def retry_after(self, key: str) -> int | None:
        """Seconds until the key may try again, or None if it is within budget."""
        started, count = self._current(key)
        if count < self.limit:
            return None
        return max(1, math.ceil(started + self.window - self._clock()))

    def add(self, key: str) -> None:
        started, count = self._current(key)
        self._counts[key] = (started, count + 1)
        if len(self._counts) > 100_000:  # bounded memory under a flood of distinct keys
            self._prune()

    def _prune(self) -> None:
        now = self._clock()
        self._counts = {k: v for k, v in self._counts.items() if now - v[0] < self.window}

    def clear(self) -> None:
        self._counts.clear()


def _client_address(request: Request) -> str:
    """The TCP peer's address, used ONLY to feed the in-memory keyed hash below (never
    stored, logged or compared otherwise). Proxy headers such as forwarded-for are never
    read: uvicorn runs without proxy_headers, and this is the one place we look."""
    return request.client.host if request.client else ""


class ClientLimiter:
    """Submissions per client, under a rotating keyed hash of its address."""

    def __init__(
        self,
        *,
        limit: int,
        window_seconds: float,
        exempt: list[str],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._counter = WindowCounter(limit=limit, window_seconds=window_seconds, clock=clock)
        # Exempt addresses are kept only as keyed hashes too, compared under the same key.
        self._exempt_plain = frozenset(exempt)
        self._key = secrets.token_bytes(32)
        self._key_born = clock()

    def _client_key(self, request: Request) -> str | None:
        if self._clock() - self._key_born >= ROTATE_SECONDS:
            self._key, self._key_born = secrets.token_bytes(32), self._clock()
            self._counter.clear()
        address = _client_address(request)
        if address in self._exempt_plain:
            return None
        return hmac.new(self._key, address.encode(), hashlib.sha256).hexdigest()

    def check(self, request: Request) -> None:
        """Count one submission; 429 with Retry-After when the client is over its budget."""
        key = self._client_key(request)
        if key is None:
            return
        wait = self._counter.retry_after(key)
        if wait is not None:
            raise TooManyRequests(
                "Too many reports from this connection. Please wait and try again.",
                headers={"Retry-After": str(wait)},
            )
        self._counter.add(key)


class ReceiptGuessLimiter:
    """Wrong receipts: a budget per look-up prefix and one for the whole service."""

    def __init__(
        self,
        *,
        per_prefix: int,
        global_limit: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._prefix = WindowCounter(limit=per_prefix, window_seconds=window_seconds, clock=clock)
        self._global = WindowCounter(limit=global_limit, window_seconds=window_seconds, clock=clock)

    def check(self, prefix_key: str) -> None:
        wait = self._global.retry_after("all") or self._prefix.retry_after(prefix_key)
        if wait is not None:
            raise TooManyRequests(
                "Too many wrong receipts have been tried. Please wait and try again.",
                headers={"Retry-After": str(wait)},
            )

    def failed(self, prefix_key: str) -> None:
        self._global.add("all")
        self._prefix.add(prefix_key)
