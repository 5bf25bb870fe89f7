"""A circuit breaker per force: a broken endpoint stops getting requests for a while.

Per-force concurrency already keeps a slow force to its own slots; the breaker also
stops a dead one from using even those, retry after retry. Closed: requests flow, and
failed attempts in a row are counted. Open (after `threshold` of them): nothing is sent
until the cool-down has passed. Half-open: one probe is let through; success closes the
circuit, failure opens it again with a doubled (capped) cool-down. Packages wait in the
schedule meanwhile, their attempts uncounted, so a long outage parks nothing.

State is per dispatch process (each replica learns for itself); it is a load shield,
not a record, and a restart simply starts closed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

CircuitState = Literal["closed", "open", "half_open"]


@dataclass
class Circuit:
    threshold: int
    cooldown_seconds: float
    max_cooldown_seconds: float
    clock: Callable[[], float] = time.monotonic
    state: CircuitState = "closed"
    failures: int = 0
    open_until: float = 0.0
    current_cooldown: float = field(default=0.0)
    probe_in_flight: bool = False

    def current_state(self) -> CircuitState:
        if self.state == "open" and self.clock() >= self.open_until:
            self.state = "half_open"
            self.probe_in_flight = False
        return self.state

    def allowance(self, limit: int) -> int:
        """How many requests may be in flight to this force now."""
        state = self.current_state()
        if state == "open":
            return 0
        if state == "half_open":
            return 0 if self.probe_in_flight else 1
        return limit

    def started(self) -> None:
        if self.current_state() == "half_open":
            self.probe_in_flight = True

    def succeeded(self) -> None:
        self.state = "closed"
        self.failures = 0
        self.current_cooldown = 0.0
        self.probe_in_flight = False

    def failed(self) -> None:
        state = self.current_state()
        if state == "half_open":
            self._open(min(self.current_cooldown * 2, self.max_cooldown_seconds))
        elif state == "closed":
            self.failures += 1
            if self.failures >= self.threshold:
                self._open(self.cooldown_seconds)
        # open: late answers to requests sent before it opened change nothing

    def _open(self, cooldown: float) -> None:
        self.state = "open"
        self.current_cooldown = max(cooldown, self.cooldown_seconds)
        self.open_until = self.clock() + self.current_cooldown
        self.probe_in_flight = False


# The pacars_circuit_state gauge's values: ordered, so max() over replicas is the worst.
STATE_VALUES: dict[str, int] = {"closed": 0, "half_open": 1, "open": 2}
