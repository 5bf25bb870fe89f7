"""The per-force circuit breaker: open after failures in a row, one probe after the
cool-down, closed by a success, reopened (longer) by a failed probe."""

from __future__ import annotations

import pytest

from services.dispatch.delivery.circuit import Circuit

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _circuit(clock: Clock) -> Circuit:
    return Circuit(threshold=3, cooldown_seconds=10, max_cooldown_seconds=25, clock=clock)


def test_opens_after_the_threshold_of_failures_in_a_row() -> None:
    clock = Clock()
    circuit = _circuit(clock)
    circuit.failed()
    circuit.failed()
    circuit.succeeded()  # a success in between resets the count
    circuit.failed()
    circuit.failed()
    assert circuit.current_state() == "closed" and circuit.allowance(4) == 4
    circuit.failed()
    assert circuit.current_state() == "open" and circuit.allowance(4) == 0


def test_one_probe_after_the_cooldown_and_a_success_closes() -> None:
    clock = Clock()
    circuit = _circuit(clock)
    for _ in range(3):
        circuit.failed()
    clock.now += 9.9
    assert circuit.allowance(4) == 0
    clock.now += 0.2
    assert circuit.current_state() == "half_open"
    assert circuit.allowance(4) == 1
    circuit.started()
    assert circuit.allowance(4) == 0  # only one probe at a time
    circuit.succeeded()
    assert circuit.current_state() == "closed" and circuit.allowance(4) == 4


def test_a_failed_probe_reopens_with_a_longer_capped_cooldown() -> None:
    clock = Clock()
    circuit = _circuit(clock)
    for _ in range(3):
        circuit.failed()
    clock.now += 10
    circuit.started()
    circuit.failed()
    assert circuit.current_state() == "open"
    clock.now += 19
    assert circuit.current_state() == "open"  # 20 s now
    clock.now += 1
    circuit.started()
    circuit.failed()
    clock.now += 24.9
    assert circuit.current_state() == "open"  # capped at 25
    clock.now += 0.2
    assert circuit.current_state() == "half_open"


def test_late_answers_while_open_change_nothing_but_a_success_closes() -> None:
    clock = Clock()
    circuit = _circuit(clock)
    for _ in range(3):
        circuit.failed()
    circuit.failed()  # a request sent before it opened, failing late
    assert circuit.current_state() == "open"
    circuit.succeeded()  # one that got through: the endpoint works
    assert circuit.current_state() == "closed"
