"""Triage in the pipeline: reporter details removed, subjects linked, analysts decide."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.helpers import received, wait_for_deliveries
from tests.stack import ADMIN_TOKEN, Stack, report, wait_for

pytestmark = pytest.mark.e2e

ADMIN = {"authorization": f"Bearer {ADMIN_TOKEN}"}

REPORTER_SPEAKS = (
    "My name is Sarah Okafor and I live at 14 Linden Grove, Maidstone ME14 2LR. "
    "PC Dave Smith, shoulder number 4521, of Kent Police sells cocaine to people at the "
    "Maidstone rugby club every Saturday. You can call me on 07700 900123 or email "
    "sarah.okafor@example.com."
)


async def test_the_force_gets_the_officer_but_never_the_reporter(stack: Stack) -> None:
    await stack.start()
    async with httpx.AsyncClient(timeout=30) as client:
        answer = await client.post(
            f"{stack['intake'].url}/v1/reports", json=report(REPORTER_SPEAKS)
        )
        assert answer.status_code == 202
        [delivery] = (await wait_for_deliveries(client, stack, 1))["deliveries"]
    assert delivery["force"] == "kent"
    details = delivery["details"]
    for reporter_detail in ("Sarah", "Okafor", "Linden Grove", "07700 900123", "example.com"):
        assert reporter_detail not in details
    for intelligence in ("Dave Smith", "4521", "cocaine", "rugby club"):
        assert intelligence in details
    assert "drugs" in delivery["categories"]


async def test_a_third_report_about_one_officer_raises_the_red_flag(stack: Stack) -> None:
    allegations = [
        "PC 7731 of Kent Police took cash from a scrapyard owner to lose a theft report.",
        "PC 7731 at Kent Police hit his girlfriend in the car park after a shift last month.",
        "PC 7731, Kent Police, posts racist jokes about Polish people in a WhatsApp group.",
    ]
    await stack.start()
    async with httpx.AsyncClient(timeout=30) as client:
        for n, text in enumerate(allegations, start=1):
            assert (
                await client.post(f"{stack['intake'].url}/v1/reports", json=report(text))
            ).status_code == 202
            await wait_for_deliveries(client, stack, n)
        deliveries = (await received(client, stack))["deliveries"]
    by_text = {d["report_reference"]: d for d in deliveries}
    first, second, third = sorted(by_text.values(), key=lambda d: len(d["linked_packages"]))
    assert first["linked_packages"] == [] and not first["flags"]
    assert second["linked_packages"] == [first["package_id"]] and not second["flags"]
    assert set(third["linked_packages"]) == {first["package_id"], second["package_id"]}
    assert third["flags"] and "3 reports about the same person" in third["flags"][0]
    assert "raised" in third["flags"][0]


async def test_an_analyst_decides_what_triage_was_unsure_of(stack: Stack) -> None:
    stack.configure("triage", TRIAGE_REVIEW_THRESHOLD="1.0")  # everything waits for review
    await stack.start()
    triage, dispatch = stack["triage"].url, stack["dispatch"].url
    async with httpx.AsyncClient(timeout=30) as client:
        tokens = {}
        for role in ("analyst", "call_handler"):
            tokens[role] = {
                "authorization": "Bearer "
                + (
                    await client.post(
                        f"{dispatch}/v1/tokens",
                        headers=ADMIN,
                        json={"role": role, "name": f"test {role}"},
                    )
                ).json()["token"]
            }
        text = REPORTER_SPEAKS + " I work in the canteen there so please be careful."
        assert (
            await client.post(f"{stack['intake'].url}/v1/reports", json=report(text))
        ).status_code == 202

        async def queue() -> list:  # type: ignore[type-arg]
            answer = await client.get(f"{triage}/v1/review", headers=tokens["analyst"])
            return answer.json() if answer.status_code == 200 else []  # type: ignore[no-any-return]

        [item] = await wait_for(queue, timeout=30, message="a report in the review queue")
        assert (await client.get(f"{triage}/v1/review")).status_code == 401
        assert (
            await client.get(f"{triage}/v1/review", headers=tokens["call_handler"])
        ).status_code == 403
        assert "Sarah Okafor" in item["original_text"]
        assert "Sarah Okafor" not in item["sanitised_text"]
        assert {r["kind"] for r in item["redactions"]} >= {"reporter_name", "phone", "email"}
        assert (await received(client, stack))["unique"] == 0  # held until decided

        canteen = text.index("I work in the canteen")
        decision = {
            "categories": ["drugs", "criminal_association"],
            "force": "essex",
            "priority": "high",
            "add_redactions": [
                {
                    "start": canteen,
                    "end": canteen + len("I work in the canteen"),
                    "kind": "personal",
                }
            ],
            "note": "the rugby club is over the border",
        }
        decided = await client.post(
            f"{triage}/v1/review/{item['report_id']}", json=decision, headers=tokens["analyst"]
        )
        assert decided.status_code == 200, decided.text
        assert "canteen" not in decided.json()["sanitised_text"]
        again = await client.post(
            f"{triage}/v1/review/{item['report_id']}", json=decision, headers=tokens["analyst"]
        )
        assert again.status_code == 409

        [delivery] = (await wait_for_deliveries(client, stack, 1))["deliveries"]
        assert delivery["force"] == "essex"
        assert delivery["priority"] == "high"
        assert delivery["categories"] == ["drugs", "criminal_association"]
        assert "canteen" not in delivery["details"] and "Okafor" not in delivery["details"]
        assert "Dave Smith" in delivery["details"]
        assert await queue() == []


async def test_review_refuses_bad_decisions(stack: Stack) -> None:
    import uuid

    stack.configure("triage", TRIAGE_REVIEW_THRESHOLD="1.0")
    await stack.start("intake", "triage")
    async with httpx.AsyncClient(timeout=30) as client:
        await client.post(f"{stack['intake'].url}/v1/reports", json=report(REPORTER_SPEAKS))

        async def queue() -> list:  # type: ignore[type-arg]
            return (
                await client.get(
                    f"{stack['triage'].url}/v1/review",  # type: ignore[no-any-return]
                    headers=ADMIN,
                )
            ).json()

        [item] = await wait_for(queue, timeout=30, message="a report in the review queue")
        url = f"{stack['triage'].url}/v1/review/{item['report_id']}"
        for bad in (
            {"force": "atlantis"},
            {"categories": ["jaywalking"]},
            {"undo_redactions": [99]},
            {"add_redactions": [{"start": 0, "end": 10**6}]},
            {"colour": "red"},
        ):
            answer = await client.post(url, json=bad, headers=ADMIN)
            assert answer.status_code == 422, (bad, answer.text)
        missing = await client.post(
            f"{stack['triage'].url}/v1/review/{uuid.uuid4()}", json={}, headers=ADMIN
        )
        assert missing.status_code == 404
        assert len(await queue()) == 1  # nothing changed
