"""The follow-up loop for an insufficient report: triage asks the reporter for more, the
reporter answers with their receipt, and the answer makes the report actionable, so it
reaches the force (with the answer itself as a message) instead of waiting for ever."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.helpers import received
from tests.stack import Stack, wait_for

pytestmark = pytest.mark.e2e

VAGUE = "A police officer took money from my wallet when they searched me. I want someone to know."
ANSWER = "It was PC 3318 of Kent Police, from Maidstone police station, on the night of 3 November."
LATER = "He had a colleague with him who saw it."


async def test_an_answer_to_an_insufficient_report_takes_it_to_the_force(stack: Stack) -> None:
    await stack.start()
    intake = stack["intake"].url
    async with httpx.AsyncClient(timeout=30) as client:
        made = await client.post(f"{intake}/v1/reports", json={"what_happened": VAGUE})
        assert made.status_code == 202, made.text
        reference = made.json()["reference"]
        auth = {"Authorization": f"Receipt {made.json()['receipt']}"}

        async def asked() -> list[dict[str, Any]]:
            view = (await client.get(f"{intake}/v1/followup", headers=auth)).json()
            return [m for m in view["messages"] if m["from"] == "pacars"]

        question = await wait_for(asked, timeout=60, message="triage asking for more")
        assert "cannot pass it on yet" in question[0]["text"]
        assert not [d for d in (await received(client, stack))["deliveries"]]

        answered = await client.post(
            f"{intake}/v1/followup/messages", json={"text": ANSWER}, headers=auth
        )
        assert answered.status_code == 201, answered.text

        async def at_kent() -> dict[str, list[dict[str, Any]]] | None:
            kinds: dict[str, list[dict[str, Any]]] = {}
            for d in (await received(client, stack))["deliveries"]:
                kinds.setdefault(d["type"], []).append(d)
            done = "intelligence.package" in kinds and "reporter.message" in kinds
            return kinds if done else None

        kinds = await wait_for(at_kent, timeout=90, message="package and message at Kent")
        [package] = kinds["intelligence.package"]
        assert package["force"] == "kent" and package["report_reference"] == reference
        assert "3318" in package["details"] and "took money" in package["details"]
        assert "bribery_corruption" in package["categories"]
        [message] = kinds["reporter.message"]
        assert message["force"] == "kent" and "PC 3318" in message["body"]

        async def passed_on() -> bool:
            view = (await client.get(f"{intake}/v1/followup", headers=auth)).json()
            return view["status"] in ("passed_to_force", "acknowledged") and view["force"] == "kent"

        await wait_for(passed_on, timeout=30, message="the reporter sees it passed on")

        # Once passed on, a further message goes to the force; it is not assessed again.
        again = await client.post(
            f"{intake}/v1/followup/messages", json={"text": LATER}, headers=auth
        )
        assert again.status_code == 201, again.text

        async def second_message() -> list[dict[str, Any]] | None:
            deliveries = (await received(client, stack))["deliveries"]
            messages = [d for d in deliveries if d["type"] == "reporter.message"]
            return deliveries if len(messages) == 2 else None

        deliveries = await wait_for(second_message, timeout=60, message="the second message")
        assert [d["type"] for d in deliveries].count("intelligence.package") == 1
