"""The small version of `make chaos`, in every CI run."""

from __future__ import annotations

import pytest

from bench.chaos import run_chaos
from tests.stack import Stack

# Restarts RabbitMQ: anything running beside it would see the broker vanish.
pytestmark = [pytest.mark.e2e, pytest.mark.serial]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_no_accepted_report_is_lost_or_doubled_while_everything_fails(
    stack: Stack,
) -> None:
    result = await run_chaos(stack, reports=300, rate=15, fault_seconds=6, log=lambda _: None)
    print(result.table())
    injected = [s for s in result.steps if s[2] == "done"]
    assert len(injected) == 6, result.steps  # every fault really happened
    assert result.accepted == 300
    assert not result.lost, f"lost: {result.lost[:10]}"
    assert not result.duplicated, f"two webhook-ids for one report: {result.duplicated[:10]}"
    assert not result.misrouted
    assert not result.unknown, f"delivered, never answered 202: {result.unknown[:10]}"
