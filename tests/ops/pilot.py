"""Feed dispatch a pilot's worth of reports on the real broker, and act as its forces.

The published pilot table: 1,988 phone contacts and 890 online reports, 867 pieces of
intelligence passed on, 728 investigations opened by the receiving force and 139 passed
to other forces. Events go straight onto the stack's bus (as intake and triage would send
them); the forces answer through dispatch's API with their own keys.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx

from shared.events import (
    CategoryTag,
    PackageContent,
    ReportSubmitted,
    ReportTriaged,
    Subject,
    seal_model,
)
from tests.dispatch.feed import Feed, force_key, new_reference
from tests.stack import Stack, wait_for

PHONE, ONLINE = 1988, 890
PASSED_ON, INVESTIGATED, REDIRECTED = 867, 728, 139
FORCES = ("kent", "essex", "surrey")
START = datetime.fromisoformat("2026-01-05T00:00:00+00:00")  # a Monday: 2026-W02
WEEKS = 6


async def _publish_all(feed: Feed, events: list[Any]) -> None:
    """Concurrent publishes (each still waits for its confirm): one at a time is slow."""
    for start in range(0, len(events), 250):
        await asyncio.gather(*(feed.bus.publish_event(e) for e in events[start : start + 250]))


async def feed_pilot(stack: Stack) -> dict[str, Any]:
    """Publish every contact and its assessment; returns what was sent, per force."""
    async with Feed(stack) as feed:
        content = seal_model(
            feed.sealer,
            PackageContent(
                summary="Cash from a dealer",
                details="PC 1234 takes cash from a dealer and warns him before raids.",
                subject=Subject(role="police_officer", number="1234"),
            ),
        )
        submitted: list[ReportSubmitted] = []
        triaged: list[ReportTriaged] = []
        total = PHONE + ONLINE
        per_force: dict[str, int] = dict.fromkeys(FORCES, 0)
        for i in range(total):
            channel = "phone" if i < PHONE else "online"
            received = START + timedelta(minutes=(i * WEEKS * 7 * 24 * 60) // total)
            report_id, reference = uuid4(), new_reference()
            submitted.append(
                ReportSubmitted(
                    report_id=report_id,
                    reference=reference,
                    channel=channel,  # type: ignore[arg-type]
                    received_at=received,
                    sealed_content=feed.sealer.seal("{}"),
                )
            )
            # Every third contact, until the pilot's 867, is passed on as intelligence.
            passed = i % 3 == 0 and sum(per_force.values()) < PASSED_ON
            force = FORCES[(i // 3) % len(FORCES)] if passed else "kent"
            if passed:
                per_force[force] += 1
            triaged.append(
                ReportTriaged(
                    report_id=report_id,
                    reference=reference,
                    channel=channel,  # type: ignore[arg-type]
                    received_at=received,
                    categories=[CategoryTag(code="corruption")],
                    force=force,
                    priority="standard",
                    disposition="disseminate" if passed else "insufficient",
                    sealed_package=content,
                )
            )
        await _publish_all(feed, submitted)
        await _publish_all(feed, triaged)
    return {"per_force": per_force, "triaged": triaged}


async def answer_as_forces(stack: Stack, client: httpx.AsyncClient) -> dict[str, dict[str, int]]:
    """Each force opens an investigation into 728 in all, and sends 139 on as wrong_force."""
    sim = stack["forcesim"].url

    async def all_delivered() -> list[dict[str, Any]] | None:
        seen = (await client.get(f"{sim}/received")).json()["deliveries"]
        packages = [d for d in seen if d["type"] == "intelligence.package" and d["force"] in FORCES]
        return packages if len(packages) >= PASSED_ON else None

    delivered = await wait_for(all_delivered, timeout=120, message="867 packages delivered")
    delivered.sort(key=lambda d: d["sequence"])
    keys = {code: await force_key(client, stack, code) for code in FORCES}
    outcomes: dict[str, dict[str, int]] = {c: {"investigated": 0, "redirected": 0} for c in FORCES}
    slots = asyncio.Semaphore(16)

    async def answer(index: int, delivery: dict[str, Any]) -> None:
        force = delivery["force"]
        if index < INVESTIGATED:
            body: dict[str, Any] = {"outcome": "investigation_opened", "force_reference": "INV"}
            outcomes[force]["investigated"] += 1
        else:
            body = {"outcome": "wrong_force", "redirect_to": "cumbria"}
            outcomes[force]["redirected"] += 1
        async with slots:
            answer = await client.post(
                f"{stack['dispatch'].url}/v1/intelligence/{delivery['package_id']}/acknowledgements",
                headers=keys[force],
                json=body,
            )
        assert answer.status_code == 201, answer.text

    await asyncio.gather(*(answer(i, d) for i, d in enumerate(delivered[:PASSED_ON])))
    return outcomes
