"""GET /v1/stats reproduces the published pilot table, survives a restart, and is for
operators only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.dispatch.feed import ADMIN_HEADERS
from tests.ops.pilot import (
    FORCES,
    INVESTIGATED,
    ONLINE,
    PASSED_ON,
    PHONE,
    REDIRECTED,
    answer_as_forces,
    feed_pilot,
)
from tests.stack import Stack, wait_for

pytestmark = pytest.mark.e2e


async def stats(client: httpx.AsyncClient, stack: Stack, **params: str) -> dict[str, Any]:
    answer = await client.get(
        f"{stack['dispatch'].url}/v1/stats", headers=ADMIN_HEADERS, params=params
    )
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def test_the_published_pilot_table_is_reproduced_exactly_and_survives_a_restart(
    stack: Stack,
) -> None:
    stack.configure("forcesim", FORCESIM_AUTO_ACKNOWLEDGE="false")
    await stack.start("dispatch", "forcesim")
    async with httpx.AsyncClient(timeout=30) as client:
        sent = await feed_pilot(stack)

        async def all_counted() -> dict[str, Any] | None:
            figures = await stats(client, stack)
            return figures if figures["assessed"] == PHONE + ONLINE else None

        await wait_for(all_counted, timeout=120, message="every assessment counted")
        outcomes = await answer_as_forces(stack, client)
        figures = await stats(client, stack)

        assert figures["contacts"] == {
            "phone": PHONE,
            "online": ONLINE,
            "app": 0,
            "total": PHONE + ONLINE,
        }
        assert figures["assessed"] == PHONE + ONLINE
        assert figures["disseminated"] == PASSED_ON
        assert figures["investigations_opened"] == INVESTIGATED
        assert figures["redirected"] == REDIRECTED
        assert figures["no_further_action"] == 0
        # Answered at once, so well within the acknowledgement target.
        assert figures["acknowledged_within_target"] == PASSED_ON
        assert figures["overdue"] == 0
        assert figures["from"] == "2026-01-05"
        for code in FORCES:
            assert figures["by_force"][code] == {
                "disseminated": sent["per_force"][code],
                "investigations_opened": outcomes[code]["investigated"],
                "no_further_action": 0,
                "redirected_away": outcomes[code]["redirected"],
                "overdue": 0,
            }
        # The 139 went on to cumbria, but a report passed on twice is counted once.
        assert figures["by_force"].get("cumbria", {}).get("disseminated", 0) == 0
        weekly = figures["weekly"]
        assert [w["week"] for w in weekly] == [f"2026-W{n:02d}" for n in range(2, 8)]
        assert sum(w["phone"] for w in weekly) == PHONE
        assert sum(w["online"] for w in weekly) == ONLINE
        assert sum(w["disseminated"] for w in weekly) == PASSED_ON

        # A period: only the reports received in it.
        first_week = await stats(client, stack, **{"from": "2026-01-05", "to": "2026-01-11"})
        assert first_week["contacts"]["total"] == weekly[0]["phone"] + weekly[0]["online"]
        assert first_week["weekly"] == [weekly[0]]

        # From the system of record, not from memory: a restart changes nothing.
        await stack.restart("dispatch")
        assert await stats(client, stack) == figures


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_stats_are_for_operators_and_refuse_bad_periods(stack: Stack) -> None:
    await stack.start("dispatch")
    url = f"{stack['dispatch'].url}/v1/stats"
    async with httpx.AsyncClient(timeout=30) as client:
        assert (await client.get(url)).status_code == 401
        analyst = await client.post(
            f"{stack['dispatch'].url}/v1/tokens",
            headers=ADMIN_HEADERS,
            json={"role": "analyst", "name": "an analyst", "expires_in_days": 1},
        )
        forbidden = await client.get(
            url, headers={"authorization": f"Bearer {analyst.json()['token']}"}
        )
        assert forbidden.status_code == 403
        assert forbidden.json()["error"]["code"]
        for params in ({"from": "yesterday"}, {"from": "2026-02-01", "to": "2026-01-01"}):
            bad = await client.get(url, headers=ADMIN_HEADERS, params=params)
            assert bad.status_code == 422, bad.text
            assert set(bad.json()) == {"error"}
        empty = await client.get(url, headers=ADMIN_HEADERS)
        assert empty.status_code == 200
        assert empty.json()["contacts"]["total"] == 0 and empty.json()["weekly"] == []
