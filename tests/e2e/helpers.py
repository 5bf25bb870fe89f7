"""Reports with a known destination, and ways to watch them arrive."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook

from shared import reference
from tests.stack import Stack, report, wait_for

# (text template, expected force): named forces and postcodes, the routes issue 2 promises.
_NAMED = ["kent", "metropolitan", "greater-manchester", "west-yorkshire", "south-wales",
          "police-scotland", "northern-ireland", "devon-and-cornwall", "essex", "merseyside"]
_POSTCODES = [("LS1 4AP", "west-yorkshire"), ("M1 1AE", "greater-manchester"),
              ("CF10 1EP", "south-wales"), ("NE1 7RU", "northumbria"), ("BS1 4ST",
              "avon-and-somerset"), ("S40 1LA", "derbyshire")]


def routed_reports(n: int) -> list[tuple[dict[str, Any], str]]:
    """n reports, each naming a force or giving a postcode, with the force it must reach."""
    out = []
    for i in range(n):
        if i % 3 == 2:
            postcode, force = _POSTCODES[i % len(_POSTCODES)]
            text = (f"Case {i}: a police officer, shoulder number {1000 + i}, takes cash from "
                    f"drug dealers to warn them before raids. It happens at the station by "
                    f"{postcode}.")
            out.append((report(text, location=postcode), force))
        else:
            force = _NAMED[i % len(_NAMED)]
            name = reference.force_by_code(force).name  # type: ignore[union-attr]
            text = (f"Case {i}: PC {2000 + i} at {name} takes bribes from local drug dealers "
                    f"and tips them off about raids in return for cash.")
            out.append((report(text), force))
    return out


async def submit_all(client: httpx.AsyncClient, intake_url: str,
                     reports: list[tuple[dict[str, Any], str]],
                     concurrency: int = 16) -> dict[str, str]:
    """Submit reports; returns reference -> expected force. Every one must be accepted."""
    expected: dict[str, str] = {}
    slots = asyncio.Semaphore(concurrency)

    async def one(body: dict[str, Any], force: str) -> None:
        async with slots:
            answer = await client.post(f"{intake_url}/v1/reports", json=body)
            assert answer.status_code == 202, answer.text
            expected[answer.json()["reference"]] = force

    await asyncio.gather(*(one(b, f) for b, f in reports))
    return expected


async def received(client: httpx.AsyncClient, stack: Stack) -> dict[str, Any]:
    return (await client.get(f"{stack['forcesim'].url}/received")).json()  # type: ignore[no-any-return]


async def wait_for_deliveries(client: httpx.AsyncClient, stack: Stack, count: int,
                              timeout: float = 120.0) -> dict[str, Any]:
    async def enough() -> dict[str, Any] | None:
        seen = await received(client, stack)
        return seen if seen["unique"] >= count else None

    return await wait_for(enough, timeout=timeout, message=f"{count} deliveries")  # type: ignore[no-any-return]


async def verify_signatures(client: httpx.AsyncClient, stack: Stack,
                            deliveries: list[dict[str, Any]]) -> None:
    """Each delivery verifies with the standardwebhooks reference library."""
    secrets: dict[str, list[str]] = {}
    for delivery in deliveries:
        force = delivery["force"]
        if force not in secrets:
            creds = (await client.get(f"{stack['forcesim'].url}/credentials/{force}")).json()
            secrets[force] = creds["secrets"]
        verified = False
        for secret in secrets[force]:
            try:
                Webhook(secret).verify(delivery["body"], delivery["headers"])
                verified = True
            except Exception:  # noqa: S112 - try the next secret
                continue
        assert verified, f"signature of {delivery['webhook_id']} did not verify"
